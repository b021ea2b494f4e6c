// Codex's retries: the measured rules (harness/retry/codex-retry-rules.ts), and the runner retrying a
// case like Codex on real loopback relays, with the wait injected so no test sleeps Codex's backoff.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckId } from '../harness/checks/ids.ts';
import type { CaseResult } from '../harness/report/model.ts';
import { startRelay, type RunningRelay } from '../harness/relays/catalogue.ts';
import { CODEX_DEFAULT_RETRIES, type CodexRetrySettings } from '../harness/retry/codex-retry-rules.ts';
import { runConformance } from '../harness/run/runner.ts';
import type { Suite } from '../harness/run/suite.ts';
import { ALL_SUITES } from '../suites/index.ts';
import { startHttpRelay, type RunningRelay as RawRelay } from '../harness/relays/loopback-servers.ts';
import { runMain } from './helpers/run-main.ts';
import { makeCodexHome, relayConfig } from './helpers/codex-home.ts';
import { writeReports } from '../harness/report/write-reports.ts';
import { retryPhrase } from '../harness/report/outcome-wording.ts';

const KEY = 'sk-retries-test-0123456789abcdef';
const DEFAULTS: CodexRetrySettings = { ...CODEX_DEFAULT_RETRIES };
const LIMITS = { deadlineMs: 10_000, idleTimeoutMs: 2_000, failedCloseGraceMs: 300 };
const plainTurn: Suite[] = [{ ...ALL_SUITES.find((s) => s.id === 'turns')!, cases: ALL_SUITES.find((s) => s.id === 'turns')!.cases.filter((c) => c.id === 'turns.plain') }];

// --- the runner, on simulated relays ---------------------------------------------------------

// A transient relay remembers which requests it already failed: every test gets its own.
const started: RunningRelay[] = [];
async function relay(name: string): Promise<string> {
  const running = await startRelay(name, { apiKey: KEY });
  started.push(running);
  return running.baseUrl;
}
afterAll(async () => {
  await Promise.all(started.map((r) => r.close()));
});

/** Runs turns.plain with retries (the wait recorded, not slept) and returns the case and the waits. */
async function plainWithRetries(baseUrl: string, settings: CodexRetrySettings | null = DEFAULTS, limits = LIMITS) {
  const waits: number[] = [];
  const report = await runConformance({
    target: { baseUrl, apiKey: KEY },
    suites: plainTurn,
    limits,
    ...(settings && { retries: { settings, wait: async (ms: number) => void waits.push(ms) } }),
  });
  return { report, plain: report.cases[0]!, waits };
}

const check = (c: CaseResult, id: string) => c.checks.find((k) => k.id === id)!;

describe('the runner retries a case the way Codex does', () => {
  it.each([
    ['server-error-once', 'request', 500, 200, 'backoff'],
    ['unavailable-retry-after-once', 'request', 503, 1000, 'retry-after'],
    ['failed-rate-limited-once', 'stream', 200, 1000, 'try-again-in'],
    ['stream-dropped-once', 'stream', 200, 200, 'backoff'],
  ] as const)('%s: passes with one retry, the delay Codex adds, and http.no-retry-needed failing', async (name, layer, status, delayMs, delaySource) => {
    const { report, plain, waits } = await plainWithRetries(await relay(name));
    expect(plain.status).toBe('warn');
    expect(plain.retries).toMatchObject({ count: 1, delayMs, answers: [{ layer, status, delayMs, delaySource }] });
    expect(waits).toEqual([delayMs]);
    expect(check(plain, CheckId.noRetryNeeded)).toMatchObject({ status: 'fail', severity: 'recommended' });
    expect(check(plain, CheckId.noRetryNeeded).message).toContain(`1 retry, about ${(delayMs / 1000).toFixed(1)} s`);
    expect(plain.http).toEqual({ status: 200 });
    expect(report.verdict.codex).toBe('compatible');
    expect(report.codexRetries).toEqual(DEFAULTS);
  });

  it('judges the first answer only without retries (--no-retries): the same relay is incompatible', async () => {
    const { report, plain } = await plainWithRetries(await relay('server-error-once'), null);
    expect(plain.status).toBe('fail');
    expect(plain.retries).toBeUndefined();
    expect(check(plain, CheckId.noRetryNeeded).status).toBe('skip');
    expect(report.verdict.codex).toBe('incompatible');
    expect(report.codexRetries).toBeUndefined();
  });

  it('a relay that answers at once passes http.no-retry-needed', async () => {
    const { plain, waits } = await plainWithRetries(await relay('reference'));
    expect(plain.status).toBe('pass');
    expect(check(plain, CheckId.noRetryNeeded).status).toBe('pass');
    expect(waits).toEqual([]);
  });

  it('does not retry a 429 without Retry-After, as Codex does not', async () => {
    const { report, plain, waits } = await plainWithRetries(await relay('rate-limited-once'));
    expect(plain.status).toBe('fail');
    expect(plain.http).toEqual({ status: 429 });
    expect(plain.retries).toBeUndefined();
    expect(waits).toEqual([]);
    expect(report.verdict.codex).toBe('incompatible');
  });

  it('a relay that fails every retry is incompatible with the last error, after as many retries as Codex makes', async () => {
    const { report, plain, waits } = await plainWithRetries(await relay('rate-limited-every-retry'));
    expect(plain.status).toBe('fail');
    expect(plain.retries).toMatchObject({ count: 5, delayMs: 5000 });
    expect(waits).toEqual([1000, 1000, 1000, 1000, 1000]);
    expect(check(plain, CheckId.statusOk)).toMatchObject({ status: 'fail' });
    expect(report.verdict.codex).toBe('incompatible');
    expect(report.verdict.reasons[0]).toMatch(/^turns\.plain: http\.status-ok: rate limited \(429\)/);
  });

  it("takes the user's request_max_retries and stream_max_retries", async () => {
    const limited = await plainWithRetries(await relay('rate-limited-every-retry'), { requestMaxRetries: 4, streamMaxRetries: 2 });
    expect(limited.plain.retries?.count).toBe(2);
    // No request retries: the 500 is retried at the stream layer instead, as Codex does.
    const noRequestRetries = await plainWithRetries(await relay('server-error-once'), { requestMaxRetries: 0, streamMaxRetries: 5 });
    expect(noRequestRetries.plain.retries?.answers).toMatchObject([{ layer: 'stream', status: 500, delayMs: 200 }]);
    const none = await plainWithRetries(await relay('stream-dropped-once'), { requestMaxRetries: 4, streamMaxRetries: 0 });
    expect(none.plain.status).toBe('fail');
    expect(none.plain.retries).toBeUndefined();
  });

  it("stops at the case timeout with the last complete answer, really waiting Codex's delay", async () => {
    const started = performance.now();
    const report = await runConformance({
      target: { baseUrl: await relay('rate-limited-every-retry'), apiKey: KEY },
      suites: plainTurn,
      limits: { ...LIMITS, deadlineMs: 1_500 },
      retries: { settings: DEFAULTS },
    });
    const elapsed = performance.now() - started;
    expect(report.cases[0]!.retries).toMatchObject({ count: 1, delayMs: 1000, cutShort: true });
    expect(report.cases[0]!.status).toBe('fail');
    expect(retryPhrase(report.cases[0]!)).toBe("Codex still fails after 1 retry, about 1.0 s; the case timeout ended the retries before Codex's limit");
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan(3000);
  });

  it('retries a 404 five times, as Codex does, and still calls the endpoint unsupported', async () => {
    const { report, plain, waits } = await plainWithRetries(await relay('chat-only'));
    expect(plain.status).toBe('unsupported');
    expect(plain.retries).toMatchObject({ count: 5, delayMs: 6200 });
    expect(waits).toEqual([200, 400, 800, 1600, 3200]);
    expect(report.verdict.codex).toBe('incompatible');
  });

  it('leaves the error cases alone: Codex never sends their requests', async () => {
    const errors = ALL_SUITES.filter((s) => s.id === 'errors');
    const waits: number[] = [];
    const report = await runConformance({ target: { baseUrl: await relay('server-error-once'), apiKey: KEY }, suites: errors, limits: LIMITS, retries: { settings: DEFAULTS, wait: async (ms) => void waits.push(ms) } });
    expect(report.cases.every((c) => c.retries === undefined)).toBe(true);
    expect(waits).toEqual([]);
  });
});

describe('the request-layer schedule on a raw server that always answers 500', () => {
  let server: RawRelay;
  let requests = 0;
  beforeAll(async () => {
    server = await startHttpRelay((_req, res) => {
      requests++;
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"down","type":"server_error","code":null}}');
    });
  });
  afterAll(() => server.close());

  it('makes (request_max_retries + 1) × (stream_max_retries + 1) requests, with the measured delays', async () => {
    const { plain, waits } = await plainWithRetries(server.baseUrl);
    expect(requests).toBe(30);
    expect(plain.retries?.count).toBe(29);
    // Per stream attempt 200, 400, 800, 1600 ms of request retries, then the stream backoff 200 … 3200 ms.
    expect(waits.slice(0, 11)).toEqual([200, 400, 800, 1600, 200, 200, 400, 800, 1600, 400, 200]);
    expect(plain.retries?.delayMs).toBe(6 * 3000 + 200 + 400 + 800 + 1600 + 3200);
    expect(plain.status).toBe('fail');
  });
});

describe('relaycheck run retries like Codex by default', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'relaycheck-retries-'));
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  it('says how Codex recovers, records it in report.json, and --no-retries shows the first answer', async () => {
    const baseUrl = await relay('stream-dropped-once');
    const args = ['run', '--base-url', baseUrl, '--api-key-env', 'RELAY_KEY', '--suite', 'turns', '--format', 'console,json,md'];
    const retried = await runMain([...args, '--out', path.join(out, 'retried')], { env: { RELAY_KEY: KEY } });
    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain('Codex recovers after 1 retry, about 0.2 s');
    const report = JSON.parse(await readFile(path.join(out, 'retried', 'report.json'), 'utf8'));
    expect(report.codexRetries).toEqual(DEFAULTS);
    expect(report.cases.find((c: CaseResult) => c.id === 'turns.plain').retries).toMatchObject({ count: 1, delayMs: 200 });
    expect(await readFile(path.join(out, 'retried', 'report.md'), 'utf8')).toContain('**Retries:** Codex recovers after 1 retry, about 0.2 s');

    const first = await runMain([...args, '--no-retries', '--out', path.join(out, 'first')], { env: { RELAY_KEY: KEY } });
    expect(first.code).toBe(1);
    expect(first.stdout).not.toContain('Codex recovers');
    expect(JSON.parse(await readFile(path.join(out, 'first', 'report.json'), 'utf8')).codexRetries).toBeUndefined();
  }, 60_000);

  it("uses the provider's stream_max_retries under --codex-config: with 0, a dropped stream is final", async () => {
    const baseUrl = await relay('stream-dropped-once');
    const codexHome = await makeCodexHome({ config: relayConfig({ baseUrl, envKey: 'RELAY_KEY', model: 'gpt-5.5', providerExtra: 'stream_max_retries = 0' }) });
    try {
      const result = await runMain(['run', '--codex-config', '--suite', 'turns', '--format', 'json', '--out', path.join(out, 'config')], { env: codexHome.env({ RELAY_KEY: KEY }) as Record<string, string>, inheritEnv: false });
      expect(result.code).toBe(1);
      const report = JSON.parse(await readFile(path.join(out, 'config', 'report.json'), 'utf8'));
      expect(report.codexRetries).toEqual({ requestMaxRetries: 4, streamMaxRetries: 0 });
      expect(report.cases.find((c: CaseResult) => c.id === 'turns.plain')).toMatchObject({ status: 'fail' });
    } finally {
      await codexHome.remove();
    }
  }, 60_000);

  it('shows the retries in the HTML report', async () => {
    const report = await runConformance({ target: { baseUrl: await relay('failed-rate-limited-once'), apiKey: KEY }, suites: plainTurn, limits: LIMITS, retries: { settings: DEFAULTS, wait: async () => undefined } });
    await writeReports(report, { outDir: path.join(out, 'html'), formats: ['html'] });
    const html = await readFile(path.join(out, 'html', 'report.html'), 'utf8');
    expect(html).toContain('<strong>Retries:</strong> Codex recovers after 1 retry, about 1.0 s');
    expect(html).toContain('(then 1000 ms, try-again-in)');
  });
});
