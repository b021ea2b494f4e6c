import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type RunningRelay } from '../harness/relays/catalogue.ts';
import { validateReport } from '../harness/report/validate-report.ts';
import { TOOL_VERSION } from '../harness/package/tool-version.ts';
import { runCli } from './helpers/run-cli.ts';
import { runMain } from './helpers/run-main.ts';
import { startSimulateProcess } from './helpers/run-simulate.ts';
import { WebSocket } from 'ws';

const KEY = 'sk-cli-test-key-5f0c1b2a9d8e7f60';
let reference: RunningRelay;
let chatOnly: RunningRelay;
let outRoot: string;

beforeAll(async () => {
  reference = await startRelay('reference', { apiKey: KEY });
  chatOnly = await startRelay('chat-only', { apiKey: KEY });
  outRoot = await mkdtemp(path.join(tmpdir(), 'relaycheck-cli-'));
});
afterAll(async () => {
  await Promise.all([reference.close(), chatOnly.close(), rm(outRoot, { recursive: true, force: true })]);
});

const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('relaycheck record', () => {
  it('exits 2 with one line when its port is taken', async () => {
    const taken = new URL(reference.baseUrl).port;
    const result = await runMain(['record', '--port', taken]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^relaycheck: cannot listen on 127\.0\.0\.1:\d+/);
    noStackTrace(result.stderr);
  });
});

describe('main()', () => {
  it('prints help and the version to the stdout it is given, with exit 0', async () => {
    const version = await runMain(['--version']);
    expect(version).toMatchObject({ code: 0, stderr: '' });
    expect(version.stdout.trim()).toBe(TOOL_VERSION);
    const help = await runMain(['run', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--base-url <url>');
  });

  it('returns the exit code and leaves process.exitCode alone', async () => {
    const before = process.exitCode;
    // --no-retries: Codex's retries of the 404 would only add seconds of waiting to a failing run.
    const result = await runMain(['run', '--base-url', chatOnly.baseUrl, '--api-key', KEY, '--suite', 'turns', '--format', 'console', '--no-retries']);
    expect(result.code).toBe(1);
    expect(process.exitCode).toBe(before);
  });
});

describe('relaycheck run', () => {
  it('exits 0 on a compatible relay and writes reports that validate, without the key anywhere', async () => {
    const out = path.join(outRoot, 'reference');
    const result = await runMain(['run', '--base-url', reference.baseUrl, '--api-key-env', 'RELAY_KEY', '--out', out], { env: { RELAY_KEY: KEY } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('COMPATIBLE');
    const files = await readdir(out);
    expect(files).toEqual(expect.arrayContaining(['report.json', 'report.md', 'junit.xml']));
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
    expect(validateReport(report).errors).toEqual([]);
    for (const file of files) expect(await readFile(path.join(out, file), 'utf8')).not.toContain(KEY);
    expect(result.stdout + result.stderr).not.toContain(KEY);
  });

  it('exits 1 on a chat-completions-only relay and names it, as "endpoint unsupported"', async () => {
    const out = path.join(outRoot, 'chat-only');
    // --no-retries: Codex retries a 404 five times before it fails (6 s of waiting per case, test/retries.test.ts).
    const result = await runMain(['run', '--base-url', chatOnly.baseUrl, '--api-key', KEY, '--out', out, '--suite', 'turns', '--no-retries']);
    expect(result.code).toBe(1);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
    expect(report.verdict.codex).toBe('incompatible');
    expect(report.cases.every((c: { status: string; labels: string[] }) => c.status === 'unsupported' && c.labels.includes('chat-completions-only'))).toBe(true);
    expect(result.stdout + result.stderr + JSON.stringify(report)).not.toContain(KEY);
  });

  it.each([
    [['run'], /--base-url is required/],
    [['run', '--base-url', 'not a url'], /is not a URL/],
    [['run', '--base-url', 'ftp://x/v1'], /http:\/\/ or https:\/\//],
    [['run', '--base-url', 'http://127.0.0.1:1/v1', '--suite', 'nope'], /unknown suite nope/],
    [['run', '--base-url', 'http://127.0.0.1:1/v1', '--api-key-env', 'RELAYCHECK_UNSET_VAR'], /RELAYCHECK_UNSET_VAR: that environment variable is not set/],
    [['run', '--base-url', 'http://127.0.0.1:1/v1', '--concurrency', '0'], /--concurrency takes a whole number/],
    [['run', '--base-url', 'http://127.0.0.1:1/v1', '--header', 'no colon'], /header must look like/],
    [['run', '--base-url', 'http://127.0.0.1:1/v1', '--format', 'pdf'], /unknown format pdf/],
    [['run', '--bogus'], /unknown option/],
    [['frobnicate'], /unknown command/],
  ])('exits 2 with a one-line reason on bad input: %j', async (args, reason) => {
    const result = await runMain(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(reason);
    expect(result.stderr.startsWith('relaycheck: ')).toBe(true);
    noStackTrace(result.stderr);
  });

  it('exits 2, before the run, when the report folder cannot be made', async () => {
    const blocker = path.join(outRoot, 'reference', 'report.json'); // a file where a folder is needed
    const result = await runMain(['run', '--base-url', reference.baseUrl, '--api-key', KEY, '--suite', 'errors', '--out', path.join(blocker, 'sub')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot write reports to/);
    noStackTrace(result.stderr);
  });
});

// The same main() as above, through the real bin: what only a process shows (its exit status, 0 and 2
// here, 1 in secrets.test.ts; that nothing reaches the terminal but the one line; reports on disk).
describe('the relaycheck process', () => {
  it('exits 0 on a compatible relay and writes its reports', async () => {
    const out = path.join(outRoot, 'process-reference');
    const result = await runCli(['run', '--base-url', reference.baseUrl, '--api-key-env', 'RELAY_KEY', '--suite', 'turns', '--out', out], { env: { RELAY_KEY: KEY } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('COMPATIBLE');
    expect(await readdir(out)).toEqual(expect.arrayContaining(['report.json', 'report.md', 'junit.xml', 'report.html', 'badge.svg']));
    expect(result.stdout + result.stderr).not.toContain(KEY);
  });

  it('exits 2 with the one-line reason and the usage hint, nothing else, on bad input', async () => {
    const result = await runCli(['run', '--base-url', 'not a url']);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^relaycheck: .*"not a url" is not a URL/), '(run relaycheck --help for usage)']);
    expect(result.stdout).toBe('');
  });

  it('finishes its run, reports and exit code intact, when its reader closes the pipe early (like `| head -1`)', async () => {
    const out = path.join(outRoot, 'process-closed-pipe');
    const child = spawn(process.execPath, ['bin/relaycheck-dev.mjs', 'run', '--base-url', reference.baseUrl, '--api-key-env', 'RELAY_KEY', '--suite', 'turns', '--out', out], {
      cwd: fileURLToPath(new URL('../', import.meta.url)),
      env: { ...process.env, RELAY_KEY: KEY, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The first line read, the pipe closed: every later case line meets EPIPE.
    child.stdout.once('data', () => child.stdout.destroy());
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const [code] = (await once(child, 'close')) as [number | null];
    clearTimeout(timer);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(validateReport(JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'))).valid).toBe(true);
  });
});

describe('relaycheck simulate', () => {
  it("serves the doctor's scenarios too, e.g. the Cloudflare challenge page, until interrupted", async () => {
    const relay = await startSimulateProcess([process.execPath, 'bin/relaycheck-dev.mjs'], 'cloudflare-challenge', { cwd: fileURLToPath(new URL('../', import.meta.url)) });
    try {
      const res = await fetch(`${relay.baseUrl}/responses`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(403);
      expect(res.headers.get('cf-mitigated')).toBe('challenge');
      expect(await res.text()).toContain('<title>Just a moment...</title>');
    } finally {
      await relay.stop();
    }
  });

  it('serves the websocket suite\'s relays: websocket-404 refuses the upgrade of /v1/responses and answers the POST', async () => {
    const relay = await startSimulateProcess([process.execPath, 'bin/relaycheck-dev.mjs'], 'websocket-404', { cwd: fileURLToPath(new URL('../', import.meta.url)) });
    try {
      const upgradeStatus = await new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(`${relay.baseUrl.replace(/^http/, 'ws')}/responses`);
        socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.on('open', () => reject(new Error('the upgrade was accepted')));
        socket.on('error', reject);
      });
      expect(upgradeStatus).toBe(404);
      const post = await fetch(`${relay.baseUrl}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-5.5', stream: true, input: 'hi' }) });
      expect(post.status).toBe(200);
      await post.body?.cancel();
    } finally {
      await relay.stop();
    }
  });

  it('exits 2 naming every relay it serves for an unknown name', async () => {
    const result = await runMain(['simulate', 'no-such-relay']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^relaycheck: unknown simulated relay "no-such-relay" \(known: reference, .*model-needs-prefix, new-api-no-channel, .*websocket-404, .*key-in-x-api-key, cloudflare-challenge, login-wall, redirect\)/);
    noStackTrace(result.stderr);
  });
});
