// run --with-codex on the real pinned binary (.cache/codex) and real loopback relays: the key and the
// extra headers reach the relay through the throwaway config's env_key / env_http_headers only, the
// throwaway folders go away (also on Ctrl-C), Codex's relay-controlled words are bounded and
// redacted, and each report carries Codex's outcome beside the verdict. npm test runs the reference
// relay; npm run test:codex (vitest.codex.config.ts) adds three broken relays, --codex-config and 0.169.0.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { ensureCodex } from '../harness/codex/install-codex.ts';
import { LIVE_CODEX_ERROR_CHARS, runLiveCodex } from '../harness/codex/live-codex.ts';
import type { RunReport } from '../harness/report/model.ts';
import { Redactor } from '../harness/redact/redact.ts';
import { http as mswHttp } from 'msw';
import { startRelay } from '../harness/relays/catalogue.ts';
import { getWebSocketRelay, startWebSocketRelay } from '../harness/relays/websocket-relays.ts';
import { openAiErrorResponse } from '../harness/relays/openai-error.ts';
import { referenceHandlers } from '../harness/relays/reference-relay.ts';
import { serveHandlers } from '../harness/relays/serve-handlers.ts';
import { validateReport } from '../harness/report/validate-report.ts';
import { runMain } from './helpers/run-main.ts';
import { findSecretLeaks, findSecretLeaksInDir } from './helpers/secret-scan.ts';
import { startHttpRelay } from '../harness/relays/loopback-servers.ts';

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
  const relay = await startHttpRelay((req, res) => {
    requests.push({ url: req.url ?? '', authorization: req.headers.authorization, tenant: req.headers['x-relay-tenant'] as string | undefined });
    answer(res, req);
  });
  return { baseUrl: relay.baseUrl, requests, close: relay.close };
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

async function runWithCodex(relayName: string, served?: { baseUrl: string; close(): Promise<void> }): Promise<CliRun> {
  const relay = served ?? (await startRelay(relayName, { apiKey: KEY }));
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

  const allFail = (error: RegExp) => ['message', 'function_call', 'custom_tool_call'].map((turn) => ({ turn, succeeded: false, relaycheck: 'fails', exitCode: 1, error: expect.stringMatching(error) }));
  const BROKEN = [
    { relay: 'chat-only', why: 'no /responses (404)', verdict: 'incompatible', turns: allFail(/^unexpected status 404 Not Found/) },
    {
      relay: 'custom-tool-as-function',
      why: 'apply_patch answered as a function call',
      verdict: 'partial',
      turns: [
        { turn: 'message', succeeded: true, relaycheck: 'succeeds', exitCode: 0 },
        { turn: 'function_call', succeeded: true, relaycheck: 'succeeds', exitCode: 0 },
        { turn: 'custom_tool_call', succeeded: false, relaycheck: 'fails', exitCode: 0, error: 'exit 0, but Codex lost the patch: hello.txt was not written' },
      ],
    },
    { relay: 'no-terminal-event', why: 'the stream ends before response.completed', verdict: 'incompatible', turns: allFail(/^stream disconnected before completion: stream closed before response\.completed$/) },
  ];

  it.runIf(full).each(BROKEN)('a broken relay, $relay ($why): $verdict, Codex\'s turns recorded, agrees, exit 1', async ({ relay, verdict, turns }) => {
    const run = await runWithCodex(relay);
    expect(run.code, run.stderr).toBe(1);
    expect(run.report.verdict.codex).toBe(verdict);
    expect(run.report.liveCodex!.agrees).toBe(true);
    expect(run.report.liveCodex!.turns).toMatchObject(turns);
    expect(validateReport(run.report)).toEqual({ valid: true, errors: [] });
    await expectNoKeyAnywhere(run);
  });

  it.runIf(full)('a relay that serves the recorded requests only: compatible, but Codex fails every turn; the disagreement comes first, exit 3', async () => {
    // The fixtures were recorded in /home/user/project; the real Codex works in its throwaway folder.
    const recordedOnly = mswHttp.post('*/v1/responses', async ({ request }) =>
      (await request.clone().text()).includes('<cwd>/home/user/project</cwd>') ? undefined : openAiErrorResponse(400, { message: 'unknown client', code: 'invalid_request' }),
    );
    const served = await serveHandlers([recordedOnly, ...referenceHandlers({ apiKey: KEY })]);
    const run = await runWithCodex('recorded-only', { baseUrl: `${served.url}/v1`, close: served.close });
    expect(run.code, run.stderr).toBe(3);
    expect(run.report.verdict.codex).toBe('compatible');
    expect(run.report.liveCodex!.agrees).toBe(false);
    expect(run.report.liveCodex!.turns).toMatchObject(['message', 'function_call', 'custom_tool_call'].map((turn) => ({ turn, succeeded: false, relaycheck: 'succeeds', error: expect.stringContaining('unknown client') })));
    const headline = run.stdout.indexOf('relaycheck disagrees with the real Codex 0.171.0 on this relay: that is a relaycheck bug');
    expect(headline).toBeGreaterThan(-1);
    expect(headline).toBeLessThan(run.stdout.indexOf('Codex: COMPATIBLE'));
    expect(await readFile(path.join(run.outDir, 'report.md'), 'utf8')).toMatch(/^> \*\*relaycheck disagrees with the real Codex/);
    expect(await readFile(path.join(run.outDir, 'junit.xml'), 'utf8')).toContain('type="relaycheck-bug"');
    expect(validateReport(run.report)).toEqual({ valid: true, errors: [] });
    await expectNoKeyAnywhere(run);
  });

  it.runIf(full)('Ctrl-C during a Codex turn (a real process): exit 130, the reports written, no throwaway folder left', async () => {
    let codexArrived: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (codexArrived = resolve));
    // The cases are answered; the real Codex's request (its cwd is the throwaway work folder) is held open.
    const holdCodex = mswHttp.post('*/v1/responses', async ({ request }) => {
      if (!(await request.clone().text()).includes('relaycheck-codex/run-')) return undefined;
      codexArrived();
      return new Promise<never>(() => undefined);
    });
    const served = await serveHandlers([holdCodex, ...referenceHandlers({ apiKey: KEY })]);
    // The child's os.tmpdir(): where run-codex-exec makes its throwaway folders.
    const tmp = await mkdtemp(path.join(root, 'tmpdir-'));
    const outDir = await mkdtemp(path.join(root, 'interrupted-'));
    try {
      const bin = fileURLToPath(new URL('../bin/relaycheck.mjs', import.meta.url));
      const args = ['run', '--base-url', `${served.url}/v1`, '--api-key-env', 'RELAY_KEY', '--model', 'gpt-5.5', '--no-retries', '--timeout-ms', '600000', '--idle-timeout-ms', '600000', '--out', outDir, '--with-codex'];
      const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, RELAY_KEY: KEY, TMPDIR: tmp, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => void (output.length < 1_000_000 && (output += chunk.toString('utf8'))));
      const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
      onTestFinished(() => void (child.exitCode === null && child.signalCode === null && child.kill('SIGINT')));
      await arrived;
      expect(await readdir(path.join(tmp, 'relaycheck-codex'))).toHaveLength(1);
      child.kill('SIGINT');
      expect(await closed, output).toBe(130);
      expect(await readdir(path.join(tmp, 'relaycheck-codex'))).toEqual([]);
      const report = JSON.parse(await readFile(path.join(outDir, 'report.json'), 'utf8')) as RunReport;
      expect(report.verdict.codex).toBe('compatible');
      expect(report.liveCodex).toBeUndefined();
      expect(findSecretLeaks(output, [KEY], 'output')).toEqual([]);
    } finally {
      await served.close();
    }
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
      // The config's provider is not named OpenAI/Azure: Codex compacts locally.
      expect(report.codex).toEqual({ version: '0.169.0', compactionPath: 'local' });
      expect(report.liveCodex).toMatchObject({ version: '0.169.0', agrees: true });
      expect(turnsOf(report)?.map(([, succeeded]) => succeeded)).toEqual([true, true, true]);
      await expectNoKeyAnywhere({ ...result, report, outDir });
    } finally {
      await relay.close();
    }
  });

  // Codex through a silent socket, with the user's config as given: the run's cases, then the live turns.
  async function silentSocketWithCodex(configLines: (baseUrl: string) => string[], args: string[], env: Record<string, string>) {
    const home = await mkdtemp(path.join(root, 'home-'));
    const config = path.join(home, 'config.toml');
    const relay = await startWebSocketRelay(getWebSocketRelay('websocket-silent')!, { apiKey: KEY });
    try {
      await writeFile(config, ['model = "gpt-5.5"', ...configLines(relay.baseUrl), ''].join('\n'));
      const outDir = await mkdtemp(path.join(root, 'silent-'));
      const result = await runMain(['run', '--codex-config', config, '--no-retries', '--idle-timeout-ms', '3000', ...args, '--out', outDir, '--with-codex'], { env: { ...env, CODEX_HOME: home, HOME: home } });
      const report = JSON.parse(await readFile(path.join(outDir, 'report.json'), 'utf8')) as RunReport;
      expect(validateReport(report).errors).toEqual([]);
      await expectNoKeyAnywhere({ ...result, report, outDir });
      return { result, report };
    } finally {
      await relay.close();
    }
  }

  it.runIf(full)("a config aiming the built-in provider at a silent socket: the live Codex uses that provider too, hangs like it, and relaycheck agrees", async () => {
    // A custom provider would fall back to HTTPS and succeed (disagreeing with relaycheck's
    // incompatible); the built-in one never falls back, so each turn ends at --timeout-ms.
    const { result, report } = await silentSocketWithCodex((base) => [`openai_base_url = "${base}"`], ['--suite', 'turns,websocket', '--timeout-ms', '12000'], { OPENAI_API_KEY: KEY });
    expect(report.verdict.codex, result.stdout).toBe('incompatible');
    expect(report.liveCodex, result.stdout).toMatchObject({ agrees: true });
    // Each turn hung on the socket until the bound, not refused over HTTPS.
    expect(report.liveCodex!.turns.map((t) => [t.succeeded, t.error])).toEqual([...Array(3)].map(() => [false, 'killed by the hard timeout']));
  });

  it.runIf(full)('a custom provider with supports_websockets and a silent socket: the live Codex falls back to HTTPS and completes each turn, as relaycheck predicts', async () => {
    const provider = (base: string) => ['model_provider = "relay"', '[model_providers.relay]', 'name = "relay"', `base_url = "${base}"`, 'env_key = "RELAY_KEY"', 'wire_api = "responses"', 'supports_websockets = true'];
    const { result, report } = await silentSocketWithCodex(provider, ['--timeout-ms', '20000'], { RELAY_KEY: KEY });
    expect(report.verdict.codex, result.stdout).toBe('partial');
    expect(report.liveCodex, result.stdout).toMatchObject({ agrees: true });
    for (const turn of report.liveCodex!.turns) {
      expect(turn.succeeded, turn.error).toBe(true);
      expect(turn.fallback).toMatch(/^Falling back from WebSockets to HTTPS transport\. stream disconnected before completion: idle timeout waiting for websocket/);
    }
  });

  // The live Codex gets what the user's config sets beyond the URL and key: what their Codex would see.
  async function withConfig(relayName: string, lines: (baseUrl: string) => string[]) {
    const home = await mkdtemp(path.join(root, 'home-'));
    const config = path.join(home, 'config.toml');
    const relay = await startRelay(relayName, { apiKey: KEY });
    try {
      await writeFile(config, ['model = "gpt-5.5"', 'model_provider = "relay"', ...lines(relay.baseUrl).filter((l) => !l.startsWith('@')), '[model_providers.relay]', 'name = "relay"', `base_url = "${relay.baseUrl}"`, 'env_key = "RELAY_KEY"', 'wire_api = "responses"', ...lines(relay.baseUrl).filter((l) => l.startsWith('@')).map((l) => l.slice(1)), ''].join('\n'));
      const outDir = await mkdtemp(path.join(root, 'config-'));
      const result = await runMain(['run', '--codex-config', config, '--no-retries', '--idle-timeout-ms', '20000', '--out', outDir, '--with-codex'], { env: { RELAY_KEY: KEY, CODEX_HOME: home, HOME: home } });
      const report = JSON.parse(await readFile(path.join(outDir, 'report.json'), 'utf8')) as RunReport;
      await expectNoKeyAnywhere({ ...result, report, outDir });
      return { result, report };
    } finally {
      await relay.close();
    }
  }

  it.runIf(full)('the config\'s model_catalog_url reaches the live Codex: a catalog that 404s loses the patch, and relaycheck agrees', async () => {
    const { result, report } = await withConfig('catalog-404', (base) => [`@model_catalog_url = "${base}/model-catalog"`]);
    expect(result.code, result.stderr).toBe(1);
    expect(report.verdict.codex).toBe('partial');
    expect(report.liveCodex).toMatchObject({ agrees: true });
    expect(turnsOf(report)).toEqual([
      ['message', true, 'succeeds'],
      ['function_call', true, 'succeeds'],
      ['custom_tool_call', false, 'fails'],
    ]);
    expect(report.liveCodex!.turns[2]!.error).toBe('exit 0, but Codex lost the patch: hello.txt was not written');
  });

  it.runIf(full)('the config\'s service_tier reaches the live Codex: a relay that refuses it fails every turn, and relaycheck agrees', async () => {
    const { report } = await withConfig('service-tier-refused', () => ['service_tier = "fast"']);
    expect(report.codex?.requestShapes).toEqual(['service-tier']);
    expect(report.verdict.codex).toBe('incompatible');
    expect(report.liveCodex).toMatchObject({ agrees: true });
    expect(turnsOf(report)).toEqual(['message', 'function_call', 'custom_tool_call'].map((turn) => [turn, false, 'fails']));
  });
});
