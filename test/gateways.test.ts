// Real gateways and reverse proxies nobody here wrote, as relays in front of relaycheck's reference
// upstream: installed from the npm registry into .cache/gateways/ and from Debian's packages into
// .cache/debian/ (pinned), started on loopback only, and run through
// `fidelity --relay-cmd` and `run`. What each does is recorded in docs/fidelity.md; these tests
// hold the record to the gateway. `npm run test:gateways` (vitest.gateways.config.ts), not npm test.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../harness/package/package-root.ts';
import { type Gateway, LLMOPS_GATEWAY, PORTKEY_GATEWAY, ensureGateway, gatewayRelayCommand } from '../harness/gateways/gateways.ts';
import { DEBIAN_CACHE_DIR, REVERSE_PROXIES, type ReverseProxy, reverseProxyRelayCommand } from '../harness/gateways/reverse-proxies.ts';
import { DebianInstallError, ensureDebianPackage } from '../harness/debian/ensure-debian-package.ts';
import { startReferenceUpstream } from '../harness/fidelity/reference-upstream.ts';
import { startRelayProcess } from '../harness/fidelity/relay-process.ts';
import { freeLoopbackPort } from '../harness/relays/loopback-servers.ts';
import type { RunReport } from '../harness/report/model.ts';
import { runMain } from './helpers/run-main.ts';
import { nonEmpty } from './helpers/non-empty.ts';

const KEY = 'sk-gateway-test-key-0a1b2c3d4e5f';
const env = { GATEWAY_TEST_KEY: KEY };
let outRoot: string;
let portkey: string;
let llmops: string;
const proxyBinaries = new Map<ReverseProxy, string>();

beforeAll(async () => {
  outRoot = await mkdtemp(path.join(tmpdir(), 'relaycheck-gateways-'));
  portkey = await ensureGateway(PORTKEY_GATEWAY);
  llmops = await ensureGateway(LLMOPS_GATEWAY);
  for (const proxy of REVERSE_PROXIES) proxyBinaries.set(proxy, await ensureDebianPackage(proxy.package, DEBIAN_CACHE_DIR));
}, 600_000);
afterAll(() => rm(outRoot, { recursive: true, force: true }));

const headerFlags = (headers: Record<string, string>) => Object.entries(headers).flatMap(([name, value]) => ['--header', `${name}: ${value}`]);

it('keeps a gateway on loopback: a connection to any other host is refused before it is looked up', async () => {
  const guard = path.join(PACKAGE_ROOT, 'harness', 'gateways', 'loopback-only.mjs');
  const script = "require('node:net').connect(443, 'example.com').on('error', (e) => { console.log(e.message); process.exit(3); })";
  const run = promisify(execFile)(process.execPath, ['--import', guard, '-e', script]).catch((error: { code: number; stdout: string; stderr: string }) => error);
  const { code, stdout, stderr } = (await run) as { code: number; stdout: string; stderr: string };
  expect(code).toBe(3);
  expect(stdout.trim()).toBe('loopback-only: example.com is not loopback');
  expect(stderr).toContain('loopback-only: refused example.com:443');
});

/** `fidelity --relay-cmd` through the gateway, both sides, the client's key given. */
function fidelityThrough(gateway: Gateway, prefix: string, name: string) {
  return fidelityThroughCommand(gatewayRelayCommand(gateway, prefix), gateway.clientHeaders, name, ['--api-key-env', 'GATEWAY_TEST_KEY']);
}

async function fidelityThroughCommand(relayCmd: string, clientHeaders: (upstreamUrl: string) => Record<string, string>, name: string, keyFlags: string[]) {
  const upstreamPort = await freeLoopbackPort();
  const out = path.join(outRoot, name);
  const headers = clientHeaders(`http://127.0.0.1:${upstreamPort}/v1`);
  const args = ['fidelity', '--relay-cmd', relayCmd, '--upstream-port', String(upstreamPort), ...headerFlags(headers), ...keyFlags, '--sides', 'responses,chat', '--out', out, '--relay-wait-ms', '60000'];
  const { code, stdout } = await runMain(args, { env });
  const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as RunReport;
  const findings = report.fidelity!.findings;
  const byId = (id: string) => [...new Set(findings.filter((f) => f.id === id).map((f) => f.caseId))].sort();
  const responsesCases = report.cases.filter((c) => !c.id.startsWith('chat-')).map((c) => c.id).sort();
  return { code, stdout, out, report, findings, byId, responsesCases };
}

/** `run --suite chat` through the gateway in front of the reference relay's handlers. */
function runChatSuiteThrough(gateway: Gateway, prefix: string, name: string) {
  return runSuitesThrough(gatewayRelayCommand(gateway, prefix), gateway.clientHeaders, 'chat', name);
}

async function runSuitesThrough(relayCmd: string, clientHeaders: (upstreamUrl: string) => Record<string, string>, suites: string, name: string) {
  const upstream = await startReferenceUpstream();
  const relay = await startRelayProcess(relayCmd, upstream.url, { waitMs: 60_000 });
  try {
    const out = path.join(outRoot, name);
    const args = ['run', '--base-url', `http://127.0.0.1:${relay.port}/v1`, '--suite', suites, ...headerFlags(clientHeaders(upstream.url)), '--api-key-env', 'GATEWAY_TEST_KEY', '--out', out, '--format', 'json'];
    const { code } = await runMain(args, { env });
    return { code, report: JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as RunReport };
  } finally {
    await relay.stop();
    await upstream.close();
  }
}

/** Faithful where it counts: tools, input, messages, instructions, model, one call, reasoning. */
const FAITHFUL_IN = ['fidelity.tools-preserved', 'fidelity.no-injected-input', 'fidelity.instructions-preserved', 'fidelity.model-preserved', 'fidelity.single-upstream-call', 'fidelity.reasoning-round-trip'];

describe(`${LLMOPS_GATEWAY.name} ${LLMOPS_GATEWAY.version}`, () => {
  it('fidelity: no required finding on either side; it forwards the client key, drops client_metadata and the session headers, adds "provider" to a JSON body', async () => {
    const { code, stdout, report, findings, byId, responsesCases } = await fidelityThrough(LLMOPS_GATEWAY, llmops, 'llmops-fidelity');
    expect(code).toBe(1);
    expect(report.cases.map((c) => c.http?.status)).toEqual(report.cases.map(() => 200));
    expect(findings.filter((f) => f.severity === 'required')).toEqual([]);
    for (const id of FAITHFUL_IN) expect(byId(id), id).toEqual([]);
    expect(byId('fidelity.client-key-not-forwarded')).toEqual(report.cases.map((c) => c.id).sort());
    expect(byId('fidelity.session-headers-forwarded')).toEqual(responsesCases);
    expect(byId('fidelity.request-fields-preserved')).toEqual(responsesCases);
    expect(findings.find((f) => f.id === 'fidelity.request-fields-preserved')!.message).toBe('request fields rewritten: client_metadata dropped');
    expect(byId('fidelity.events-preserved')).toEqual(['plain-turn-json']);
    expect(stdout).toMatch(/^not faithful: 0 required finding\(s\), \d+ recommended/m);
  });

  it('run --suite chat: streams the plain answer, the tool call and the follow-up correctly, but answers a malformed body HTTP 500', async () => {
    const { code, report } = await runChatSuiteThrough(LLMOPS_GATEWAY, llmops, 'llmops-run');
    const failing = (c: RunReport['cases'][number]) => c.checks.filter((check) => check.status !== 'pass' && check.status !== 'skip').map((check) => `${check.id}: ${check.message}`);
    expect(report.cases.map((c) => [c.id, c.status, failing(c)])).toEqual([
      ['chat.plain', 'pass', []],
      ['chat.tool-call', 'pass', []],
      ['chat.after-tool-call', 'pass', []],
      ['chat.malformed-request', 'fail', ['chat.error-envelope: a malformed chat request got HTTP 500', 'errors.envelope: a malformed request got HTTP 500']],
    ]);
    expect(code).toBe(1);
  });
});

describe(`${PORTKEY_GATEWAY.name} ${PORTKEY_GATEWAY.version}`, () => {
  it('fidelity: forwards both sides unchanged but answers every streamed request HTTP 500, forwards the client key, drops client_metadata and the session headers', async () => {
    const { code, stdout, out, report, findings, byId, responsesCases } = await fidelityThrough(PORTKEY_GATEWAY, portkey, 'portkey-fidelity');
    expect(code).toBe(1);
    // Measured: every streamed case (both sides) gets HTTP 500 ("immutable" headers in its stream
    // path under Node 20), the one stream:false case HTTP 200.
    const streamed = report.cases.filter((c) => c.id !== 'plain-turn-json');
    expect(streamed.map((c) => c.http?.status)).toEqual(streamed.map(() => 500));
    expect(report.cases.find((c) => c.id === 'plain-turn-json')!.http?.status).toBe(200);
    // The required findings are those of the 500s alone: the paced streams never arrive, nor do the
    // tool calls (chat-tool-turn's among them: its set-up request got a 500 too).
    expect([...new Set(findings.filter((f) => f.severity === 'required').map((f) => f.id))].sort()).toEqual(['fidelity.stream-not-buffered', 'fidelity.tool-calls-returned']);
    expect(byId('fidelity.stream-not-buffered')).toEqual(['chat-plain', 'plain-turn']);
    expect(byId('fidelity.tool-calls-returned')).toEqual(['apply-patch', 'chat-tool-call', 'chat-tool-turn', 'function-call']);
    // What it forwards, it forwards faithfully.
    for (const id of FAITHFUL_IN) expect(byId(id), id).toEqual([]);
    expect(byId('fidelity.client-key-not-forwarded')).toEqual(report.cases.map((c) => c.id).sort());
    expect(byId('fidelity.session-headers-forwarded')).toEqual(responsesCases);
    expect(byId('fidelity.request-fields-preserved')).toEqual(responsesCases);
    expect(findings.find((f) => f.id === 'fidelity.request-fields-preserved')!.message).toBe('request fields rewritten: client_metadata dropped');
    expect(stdout).toMatch(/^not faithful: 6 required finding\(s\)/m);
    expect(await readFile(path.join(out, 'report.md'), 'utf8')).not.toContain(KEY);
  });

  it('run --suite chat: the streamed chat cases fail on its HTTP 500', async () => {
    const { code, report } = await runChatSuiteThrough(PORTKEY_GATEWAY, portkey, 'portkey-run');
    expect(code).toBe(1);
    const streamedCases = report.cases.filter((c) => c.id !== 'chat.malformed-request');
    expect(streamedCases.map((c) => [c.id, c.status, c.http?.status])).toEqual(streamedCases.map((c) => [c.id, 'fail', 500]));
  });
});

// Debian's nginx and Caddy as reverse proxies (harness/gateways/reverse-proxies.ts): the relay is
// the proxy alone, so everything but buffering passes through untouched. What relaycheck says about
// each, measured: no client key is given (a reverse proxy has none of its own to put in its place,
// the client's key is meant for the upstream behind it); `run` passes all four (its upstream answers at once, so a buffering proxy is not
// seen); fidelity's paced streams show which configurations hold the stream back.
const NO_HEADERS = () => ({});
const proxyById = (id: string) => REVERSE_PROXIES.find((proxy) => proxy.id === id)!;
const MEASURED_BUFFERING: Record<string, string[]> = {
  // proxy_buffering on: the stream is held until a proxy buffer (a memory page) fills. The small chat
  // chunks of the whole paced chat stream fit in one buffer and arrive at its end; the larger
  // Responses events get through, each one pacing step late (the per-event lag bound sees it).
  nginx: ['chat-plain', 'plain-turn'],
  'nginx-unbuffered': [],
  caddy: [],
  // encode compresses for a client that accepts it: Codex 0.171.0's recorded requests send
  // accept-encoding zstd,gzip, and the compressed stream arrives at its end. The chat cases send
  // Node fetch's gzip, deflate, and their stream is not held back (measured).
  'caddy-encode': ['plain-turn'],
};

describe.each(nonEmpty(REVERSE_PROXIES.map((proxy) => [proxy.id, proxy] as const), 'reverse proxies'))('reverse proxy %s', (id, proxy) => {
  const expected = MEASURED_BUFFERING[id]!;
  it(`fidelity: ${expected.length ? `buffers ${expected.join(', ')} (fidelity.stream-not-buffered), nothing else` : 'faithful on both sides'}`, async () => {
    const { code, stdout, findings, byId, report } = await fidelityThroughCommand(reverseProxyRelayCommand(proxy, proxyBinaries.get(proxy)!), NO_HEADERS, `${id}-fidelity`, []);
    expect(report.cases.map((c) => c.http?.status)).toEqual(report.cases.map(() => 200));
    expect(byId('fidelity.stream-not-buffered')).toEqual(expected);
    // Each unexpected finding with its case's ending, so a CI log says what happened (the message
    // says how the client's stream ended; the case's error, if any, why).
    const caseOf = (id: string) => report.cases.find((c) => c.id === id);
    const unexpected = findings.filter((f) => f.id !== 'fidelity.stream-not-buffered').map((f) => ({ caseId: f.caseId, id: f.id, message: f.message, status: caseOf(f.caseId)?.http?.status, error: caseOf(f.caseId)?.error }));
    expect(unexpected).toEqual([]);
    expect(code).toBe(expected.length ? 1 : 0);
    expect(stdout).toMatch(expected.length ? /^not faithful: \d+ required finding\(s\) \(fidelity.stream-not-buffered\)/m : /^faithful: 14 case\(s\)/m);
  });

  it('run: every case of the default suites and the chat suite passes through it', async () => {
    const { code, report } = await runSuitesThrough(reverseProxyRelayCommand(proxy, proxyBinaries.get(proxy)!), NO_HEADERS, 'turns,tools,reasoning,errors,chat', `${id}-run`);
    expect(report.cases.filter((c) => c.status !== 'pass').map((c) => [c.id, c.status])).toEqual([]);
    expect(code).toBe(0);
    const plain = report.cases.find((c) => c.id === 'turns.plain')!;
    // What the compressing configuration does to Codex 0.171.0's request, seen by run too.
    expect(plain.transcript?.response?.headers?.['content-encoding']).toBe(id === 'caddy-encode' ? 'zstd' : undefined);
  });
});

it("Debian install: a package whose upstream version moved on is refused in one line that names both versions", async () => {
  const pinned = { ...proxyById('nginx').package, version: '0.0.1' };
  const cacheDir = path.join(outRoot, 'debian-cache');
  const failure = await ensureDebianPackage(pinned, cacheDir).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(DebianInstallError);
  expect((failure as Error).message).toMatch(/^Debian's nginx 0\.0\.1: Debian now ships nginx 1\.22\.1-[^\n]+, not 0\.0\.1: measure it again and update the pin$/);
});
