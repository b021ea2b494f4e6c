// run --with-codex on the real pinned binary (.cache/codex) and real loopback relays: the key and the
// extra headers reach the relay through the throwaway config's env_key / env_http_headers only, the
// throwaway folders go away (also on Ctrl-C), Codex's relay-controlled words are bounded and
// redacted, and each report carries Codex's outcome beside the verdict. npm test runs the reference
// relay; npm run test:codex (vitest.codex.config.ts) adds three broken relays, --codex-config and 0.169.0.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureCodex } from '../harness/codex/install-codex.ts';
import { LIVE_CODEX_ERROR_CHARS, runLiveCodex } from '../harness/codex/live-codex.ts';
import type { RunReport } from '../harness/model.ts';
import { Redactor } from '../harness/redact.ts';
import { startRelay } from '../harness/relays/catalogue.ts';
import { validateReport } from '../harness/report/validate-report.ts';
import { runMain } from './helpers/run-main.ts';
import { findSecretLeaks, findSecretLeaksInDir } from './helpers/secret-scan.ts';

const KEY = 'sk-withcodex-5b1e0c9d8a7f6e4d3c2b';
const TENANT = 'tenant-9f8e7d6c5b4a39281706';
const full = inject('codexMatrix') === 'full';

let binary = '';
let root = '';

beforeAll(async () => {
  ({ binary } = await ensureCodex());
  root = await mkdtemp(path.join(tmpdir(), 'relaycheck-live-'));
}, 300_000);
afterAll(() => rm(root, { recursive: true, force: true }));

interface Recorded {
  url: string;
  authorization?: string;
  tenant?: string;
}

/** A relay that answers every request with `answer`, recording what reached it. */
async function rawRelay(answer: (res: http.ServerResponse, req: http.IncomingMessage) => void) {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests.push({ url: req.url ?? '', authorization: req.headers.authorization, tenant: req.headers['x-relay-tenant'] as string | undefined });
      answer(res, req);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const liveOptions = (baseUrl: string, runRoot: string) => ({
  binary,
  target: { baseUrl, apiKey: KEY, model: 'gpt-5.5', extraHeaders: { 'X-Relay-Tenant': TENANT }, queryParams: { 'api-version': '2026-01' } },
  model: 'gpt-5.5',
  timeoutMs: 60_000,
  idleTimeoutMs: 20_000,
  redactor: new Redactor([KEY, TENANT]),
  runRoot,
});

describe('the real Codex through a relay, driven by runLiveCodex', () => {
  it('sends the key and headers only through env vars, bounds and redacts what the relay echoes, removes its folders', async () => {
    // A 404 whose body echoes the credentials and goes on for 20 000 characters.
    const relay = await rawRelay((res, req) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `no such route; you sent ${req.headers.authorization} and ${req.headers['x-relay-tenant']} ${'x'.repeat(20_000)}` } }));
    });
    const runRoot = await mkdtemp(path.join(root, 'echo-'));
    try {
      const turns = await runLiveCodex(liveOptions(relay.baseUrl, runRoot));
      expect(turns.map((t) => [t.turn, t.succeeded, t.exitCode])).toEqual([
        ['message', false, 1],
        ['function_call', false, 1],
        ['custom_tool_call', false, 1],
      ]);
      for (const t of turns) {
        expect(t.error).toMatch(/^unexpected status 404 Not Found: /);
        expect(t.error!.length).toBeLessThanOrEqual(LIVE_CODEX_ERROR_CHARS);
      }
      expect(findSecretLeaks(JSON.stringify(turns), [KEY, TENANT], 'turns')).toEqual([]);
      // Retries are off (no retries given): one request per turn, each with the user's credentials.
      expect(relay.requests).toHaveLength(3);
      for (const r of relay.requests) {
        expect(r).toEqual({ url: '/v1/responses?api-version=2026-01', authorization: `Bearer ${KEY}`, tenant: TENANT });
      }
      expect(await readdir(runRoot)).toEqual([]);
    } finally {
      await relay.close();
    }
  });

  it('on Ctrl-C ends the running turn, reports no turn and leaves no folder; the key was on no file while Codex ran', async () => {
    let heldOpen: (() => void) | undefined;
    const arrived = new Promise<void>((resolve) => (heldOpen = resolve));
    // Answers nothing: Codex waits on its first turn until it is stopped.
    const relay = await rawRelay(() => heldOpen?.());
    const runRoot = await mkdtemp(path.join(root, 'abort-'));
    const stop = new AbortController();
    try {
      // Bounds far beyond the test's own timeout: only the abort can end this turn in time.
      const running = runLiveCodex({ ...liveOptions(relay.baseUrl, runRoot), timeoutMs: 600_000, idleTimeoutMs: 600_000, signal: stop.signal });
      await arrived;
      // Codex writes its session files (shell snapshot among them) as the turn starts: give them a moment to land.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const scan = await findSecretLeaksInDir(runRoot, [KEY, TENANT]);
      // Codex's own files are there (its CODEX_HOME), and none holds a credential.
      expect(scan.files.length).toBeGreaterThan(0);
      expect(scan.leaks).toEqual([]);
      stop.abort();
      expect(await running).toEqual([]);
      expect(await readdir(runRoot)).toEqual([]);
      expect(relay.requests).toHaveLength(1);
    } finally {
      await relay.close();
    }
  });
});

interface CliRun {
  code: number | null;
  report: RunReport;
  stdout: string;
  stderr: string;
  outDir: string;
}

async function runWithCodex(relayName: string): Promise<CliRun> {
  const relay = await startRelay(relayName, { apiKey: KEY });
  const outDir = await mkdtemp(path.join(root, `${relayName}-`));
  try {
    const args = ['run', '--base-url', relay.baseUrl, '--api-key-env', 'RELAY_KEY', '--model', 'gpt-5.5', '--no-retries', '--idle-timeout-ms', '20000', '--timeout-ms', '60000', '--out', outDir, '--with-codex'];
    const result = await runMain(args, { env: { RELAY_KEY: KEY } });
    const report = JSON.parse(await readFile(path.join(outDir, 'report.json'), 'utf8')) as RunReport;
    return { ...result, report, outDir };
  } finally {
    await relay.close();
  }
}

async function expectNoKeyAnywhere(run: CliRun): Promise<void> {
  const scan = await findSecretLeaksInDir(run.outDir, [KEY]);
  expect(scan.files.map((f) => path.basename(f)).sort()).toEqual(['badge.json', 'badge.svg', 'junit.xml', 'report.html', 'report.json', 'report.md']);
  expect([...scan.leaks, ...findSecretLeaks(run.stdout + run.stderr, [KEY], 'output')]).toEqual([]);
}

const turnsOf = (report: RunReport) => report.liveCodex?.turns.map((t) => [t.turn, t.succeeded, t.relaycheck]);

describe('relaycheck run --with-codex', () => {
  it('the reference relay: compatible, 3 turns succeed, agrees, exit 0, in every report', async () => {
    const run = await runWithCodex('reference');
    expect(run.code, run.stderr).toBe(0);
    expect(run.report.verdict.codex).toBe('compatible');
    expect(run.report.liveCodex).toMatchObject({ version: '0.171.0', agrees: true });
    expect(turnsOf(run.report)).toEqual([
      ['message', true, 'succeeds'],
      ['function_call', true, 'succeeds'],
      ['custom_tool_call', true, 'succeeds'],
    ]);
    expect(run.report.liveCodex!.turns.every((t) => t.exitCode === 0 && t.error === undefined)).toBe(true);
    expect(validateReport(run.report)).toEqual({ valid: true, errors: [] });
    expect(run.stdout).toContain("The real Codex 0.171.0 through this relay: 3 of 3 turns succeeded; relaycheck's verdict agrees.");
    expect(await readFile(path.join(run.outDir, 'report.md'), 'utf8')).toContain('## The real Codex on this relay');
    expect(await readFile(path.join(run.outDir, 'report.html'), 'utf8')).toContain('id="live-codex"');
    expect(await readFile(path.join(run.outDir, 'junit.xml'), 'utf8')).toContain('name="live-codex.custom_tool_call"');
    await expectNoKeyAnywhere(run);
  });

  it.runIf(full)('a relay without /responses (404): incompatible, every turn fails with the 404, agrees, exit 1', async () => {
    const run = await runWithCodex('chat-only');
    expect(run.code, run.stderr).toBe(1);
    expect(run.report.verdict.codex).toBe('incompatible');
    expect(run.report.liveCodex!.agrees).toBe(true);
    expect(turnsOf(run.report)).toEqual([
      ['message', false, 'fails'],
      ['function_call', false, 'fails'],
      ['custom_tool_call', false, 'fails'],
    ]);
    for (const t of run.report.liveCodex!.turns) expect([t.exitCode, t.error]).toEqual([1, expect.stringMatching(/^unexpected status 404 Not Found/)]);
    expect(validateReport(run.report).valid).toBe(true);
    await expectNoKeyAnywhere(run);
  });

  it.runIf(full)('a relay that breaks apply_patch: partial, only that turn fails (patch lost), agrees', async () => {
    const run = await runWithCodex('custom-tool-as-function');
    expect(run.code, run.stderr).toBe(1);
    expect(run.report.verdict.codex).toBe('partial');
    expect(run.report.liveCodex!.agrees).toBe(true);
    expect(turnsOf(run.report)).toEqual([
      ['message', true, 'succeeds'],
      ['function_call', true, 'succeeds'],
      ['custom_tool_call', false, 'fails'],
    ]);
    expect(run.report.liveCodex!.turns[2]).toMatchObject({ exitCode: 0, error: 'exit 0, but Codex lost the patch: hello.txt was not written' });
    expect(validateReport(run.report).valid).toBe(true);
    await expectNoKeyAnywhere(run);
  });

  it.runIf(full)('a relay that ends the stream early (no response.completed): incompatible, every turn fails, agrees', async () => {
    const run = await runWithCodex('no-terminal-event');
    expect(run.code, run.stderr).toBe(1);
    expect(run.report.liveCodex!.agrees).toBe(true);
    expect(turnsOf(run.report)).toEqual([
      ['message', false, 'fails'],
      ['function_call', false, 'fails'],
      ['custom_tool_call', false, 'fails'],
    ]);
    for (const t of run.report.liveCodex!.turns) expect(t.error).toBe('stream disconnected before completion: stream closed before response.completed');
    expect(validateReport(run.report).valid).toBe(true);
    await expectNoKeyAnywhere(run);
  });

  it.runIf(full)('with --codex-config and --codex-version 0.169.0: that release runs, with the config\'s provider and key', async () => {
    const home = await mkdtemp(path.join(root, 'home-'));
    const config = path.join(home, 'config.toml');
    const relay = await startRelay('reference', { apiKey: KEY });
    try {
      await writeFile(config, ['model = "gpt-5.5"', 'model_provider = "relay"', '[model_providers.relay]', 'name = "relay"', `base_url = "${relay.baseUrl}"`, 'env_key = "RELAY_KEY"', 'wire_api = "responses"', ''].join('\n'));
      const outDir = await mkdtemp(path.join(root, 'config-'));
      const result = await runMain(['run', '--codex-config', config, '--codex-version', '0.169.0', '--no-retries', '--idle-timeout-ms', '20000', '--out', outDir, '--with-codex'], {
        env: { RELAY_KEY: KEY, CODEX_HOME: home, HOME: home },
      });
      const report = JSON.parse(await readFile(path.join(outDir, 'report.json'), 'utf8')) as RunReport;
      expect(result.code, result.stderr).toBe(0);
      expect(report.codex).toEqual({ version: '0.169.0' });
      expect(report.liveCodex).toMatchObject({ version: '0.169.0', agrees: true });
      expect(turnsOf(report)?.map(([, succeeded]) => succeeded)).toEqual([true, true, true]);
      await expectNoKeyAnywhere({ ...result, report, outDir });
    } finally {
      await relay.close();
    }
  });
});
