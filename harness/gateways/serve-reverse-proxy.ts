// Serves one of REVERSE_PROXIES for `fidelity --relay-cmd` / startRelayProcess: writes its config
// into a fresh temp folder, runs the proxy in the foreground, passes SIGTERM / SIGINT on, and removes
// the folder when the proxy exits. --upstream must be a loopback URL: the proxy forwards nowhere else.
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REVERSE_PROXIES, reverseProxy } from './reverse-proxies.ts';

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

function usage(why: string): never {
  process.stderr.write(`serve-reverse-proxy: ${why}\nusage: serve-reverse-proxy --proxy ${REVERSE_PROXIES.map((p) => p.id).join('|')} --binary PATH --upstream http://127.0.0.1:PORT/v1 --port N\n`);
  process.exit(2);
}

const { values } = parseArgs({ options: { proxy: { type: 'string' }, binary: { type: 'string' }, upstream: { type: 'string' }, port: { type: 'string' } } });
const proxy = reverseProxy(values.proxy ?? '');
if (!proxy) usage(`unknown --proxy ${values.proxy ?? '(none)'}`);
if (!values.binary) usage('--binary is required');
if (!/^\d+$/.test(values.port ?? '')) usage('--port takes a number');
const upstream = URL.canParse(values.upstream ?? '') ? new URL(values.upstream!) : undefined;
if (!upstream || upstream.protocol !== 'http:' || !LOOPBACK.has(upstream.hostname)) usage(`--upstream must be an http URL on loopback, got ${values.upstream ?? '(none)'}`);

const dir = await mkdtemp(path.join(tmpdir(), `relaycheck-${proxy.id}-`));
// nginx's workers drop root to nobody and must still reach their temp folders inside this one.
await chmod(dir, 0o711);
const site = { dir, port: Number(values.port), upstreamHost: upstream.host };
await writeFile(path.join(dir, proxy.configFile), proxy.config(site));
const child = spawn(values.binary, proxy.args(site), { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...proxy.env(site) } });
const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
process.on('SIGTERM', forward('SIGTERM'));
process.on('SIGINT', forward('SIGINT'));
const exit = (code: number) => void rm(dir, { recursive: true, force: true }).finally(() => process.exit(code));
child.once('error', (error) => {
  process.stderr.write(`serve-reverse-proxy: could not start ${values.binary}: ${error.message}\n`);
  exit(2);
});
child.once('exit', (code, signal) => exit(code ?? (signal ? 0 : 1)));
