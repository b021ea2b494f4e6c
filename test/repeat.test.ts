import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult, CaseStatus, RunReport } from '../harness/report/model.ts';
import { objectArguments } from '../harness/relays/faults.ts';
import { flakyHandlers } from '../harness/relays/flaky-relay.ts';
import { serveHandlers, type ServedHandlers } from '../harness/relays/serve-handlers.ts';
import { mergeRepeatedRuns, repeatClasses, type RunOrigin } from '../harness/repeat/merge-runs.ts';
import { repeatId, runRepeated } from '../harness/repeat/run-repeated.ts';
import { validateReport } from '../harness/report/validate-report.ts';
import { renderHtml } from '../harness/report/render-html.ts';
import { selectSuites } from '../suites/index.ts';
import { loadReport } from './data/reports/canned.ts';
import { runMain } from './helpers/run-main.ts';

const KEY = 'sk-repeat-test-0f1e2d3c4b5a6978';

describe('mergeRepeatedRuns', () => {
  /** An expanded run of the canned all-pass report's first case with these statuses. */
  function expanded(statuses: CaseStatus[]): { report: RunReport; origin: RunOrigin } {
    const base = loadReport('all-pass');
    const template = base.cases[0]!;
    const origin: RunOrigin = new Map();
    const cases = statuses.map((status, i): CaseResult => {
      const id = repeatId(template.id, i + 1, statuses.length);
      origin.set(id, { id: template.id, run: i + 1 });
      return { ...structuredClone(template), id, status, durationMs: 100 + i, ...(status === 'error' && { error: { kind: 'reset' as const, message: 'socket hang up' } }) };
    });
    return { report: { ...base, cases, verdict: { ...base.verdict, reasons: cases.filter((c) => c.status !== 'pass').map((c) => `${c.id}: broke`) } }, origin };
  }

  it.each([
    [['pass', 'fail', 'pass'], 'fail', true],
    [['fail', 'error'], 'fail', false],
    [['pass', 'warn'], 'warn', false],
    [['pass', 'pass'], 'pass', false],
    [['warn', 'unsupported'], 'unsupported', true],
  ] as [CaseStatus[], CaseStatus, boolean][])('%j → %s, flaky %s', (statuses, status, flaky) => {
    const { report, origin } = expanded(statuses);
    const merged = mergeRepeatedRuns(report, origin, statuses.length);
    expect(merged.cases).toHaveLength(1);
    expect(merged.cases[0]).toMatchObject({ id: 'turns.plain', status, runs: { statuses, flaky } });
    // The worst run is the evidence: its duration, checks and transcript.
    expect(merged.cases[0]!.durationMs).toBe(100 + statuses.indexOf(status));
    expect(merged.repeat).toEqual({ runs: statuses.length });
    expect(merged.summary.total).toBe(1);
    expect(validateReport(JSON.parse(JSON.stringify(merged))).errors).toEqual([]);
    // No reason keeps a per-run id.
    expect(merged.verdict.reasons.join('\n')).not.toContain('[');
  });

  it('says in the verdict reason that a broken case is flaky', () => {
    const { report, origin } = expanded(['pass', 'fail']);
    const merged = mergeRepeatedRuns(report, origin, 2);
    expect(merged.verdict.reasons[0]).toMatch(/^turns\.plain: flaky, broke in 1 of 2 runs: /);
    expect(repeatClasses(merged)).toEqual({ flaky: [0], broken: [] });
  });
});

describe('--repeat on a relay that fails every other request', () => {
  let relay: ServedHandlers;
  let dir: string;

  beforeAll(async () => {
    // Every other /responses request gets a 500; the rest stream as the reference relay, except that
    // function_call arguments come as an object: tools.function-call is broken every time.
    relay = await serveHandlers(flakyHandlers({ apiKey: KEY, fault: objectArguments }));
    dir = await mkdtemp(path.join(os.tmpdir(), 'relaycheck-repeat-'));
  });
  afterAll(async () => {
    await Promise.all([relay.close(), rm(dir, { recursive: true, force: true })]);
  });

  it('runs every case K times and reports flaky cases apart from broken ones', async () => {
    const out = path.join(dir, 'cli');
    // --no-retries: Codex would retry each lone 500 away (test/retries.test.ts); repeats judge first answers here.
    const result = await runMain(
      ['run', '--base-url', `${relay.url}/v1`, '--api-key-env', 'RELAY_KEY', '--suite', 'turns,tools', '--repeat', '3', '--concurrency', '1', '--no-retries', '--out', out],
      { env: { RELAY_KEY: KEY } },
    );
    expect(result.code).toBe(1);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as RunReport;
    expect(validateReport(report).errors).toEqual([]);
    expect(report.repeat).toEqual({ runs: 3 });
    expect(report.cases.map((c) => c.id)).toEqual(selectSuites(['turns', 'tools']).flatMap((s) => s.cases.map((c) => c.id)));
    for (const c of report.cases) expect(c.runs!.statuses).toHaveLength(3);

    const byId = new Map(report.cases.map((c) => [c.id, c]));
    // The three repeats of a case are back to back, so the 500s alternate within each case.
    const functionCall = byId.get('tools.function-call')!;
    expect(functionCall.runs).toEqual({ statuses: ['fail', 'fail', 'fail'], flaky: false });
    const flaky = report.cases.filter((c) => c.runs!.flaky);
    expect(flaky.map((c) => c.id)).toEqual(report.cases.map((c) => c.id).filter((id) => id !== 'tools.function-call'));
    expect(flaky.length).toBeGreaterThan(0);
    for (const c of flaky) {
      expect(c.status).toBe('fail');
      expect(c.runs!.statuses).toContain('pass');
      expect(c.runs!.statuses).toContain('fail');
    }
    expect(report.verdict.codex).toBe('incompatible');
    // Flaky cases with the same share of broken runs and the same cause are one reason.
    expect(report.verdict.reasons).toContainEqual(expect.stringMatching(/^flaky, broke in [12] of 3 runs: http\.status-ok.* \(\d cases: (\S+, )*turns\.plain[,)]/));

    expect(result.stdout).toMatch(/turns\.plain \[1\/3\]/);
    expect(result.stdout).toContain(`Repeated 3 times: ${flaky.length} flaky (broke in some runs), 1 broken (broke in every run)`);
    expect(result.stdout).toMatch(/Broken:\n {2}tools\.function-call: fail, fail, fail/);

    const html = await readFile(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain(`<h3>Flaky (${flaky.length}): broke in some runs, not in others</h3>`);
    expect(html).toContain('<h3>Broken (1): broke in every run</h3>');
    expect(html).toBe(renderHtml(report, { apiKeyEnv: 'RELAY_KEY' }));
    expect(html).toContain('-H &quot;Authorization: Bearer $RELAY_KEY&quot;');
    expect(result.stdout + result.stderr + html + JSON.stringify(report)).not.toContain(KEY);
  });

  it('with K = 1 runs each case once and adds nothing to the report', async () => {
    const report = await runRepeated({ target: { baseUrl: `${relay.url}/v1`, apiKey: KEY }, suites: selectSuites(['turns']), concurrency: 1 }, 1);
    expect(report.repeat).toBeUndefined();
    expect(report.cases.every((c) => c.runs === undefined)).toBe(true);
    expect(report.cases).toHaveLength(selectSuites(['turns'])[0]!.cases.length);
  });

  it('refuses a repeat count out of range with exit 2', async () => {
    for (const k of ['0', '101', 'two']) {
      const result = await runMain(['run', '--base-url', `${relay.url}/v1`, '--repeat', k]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--repeat takes a whole number from 1 to 100');
    }
  });
});
