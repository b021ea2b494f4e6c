import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../harness/report/model.ts';
import { startRelay, type RunningRelay } from '../harness/relays/catalogue.ts';
import { compareReports } from '../harness/report/compare-reports.ts';
import { renderComparisonMarkdown } from '../harness/report/render-comparison.ts';
import { loadReport } from './data/reports/canned.ts';
import { runMain } from './helpers/run-main.ts';

const KEY = 'sk-baseline-test-9a8b7c6d5e4f3a2b';

describe('compareReports', () => {
  it('finds an injected regression: a check that passed and now fails', () => {
    const before = loadReport('all-pass');
    const after = structuredClone(before);
    const check = after.cases[0]!.checks.find((c) => c.id === 'sse.terminal-event')!;
    Object.assign(check, { status: 'fail', message: 'no terminal event' });
    after.cases[0]!.status = 'fail';
    const cmp = compareReports(before, after);
    expect(cmp.regressed).toBe(true);
    expect(cmp.brokenChecks).toEqual([{ caseId: after.cases[0]!.id, checkId: 'sse.terminal-event', severity: 'required', before: 'pass', after: 'fail', message: 'no terminal event' }]);
    expect(cmp.brokenCases).toEqual([]);
    // The same change the other way round is a fix, not a regression.
    const back = compareReports(after, before);
    expect(back.regressed).toBe(false);
    expect(back.fixedChecks.map((c) => c.checkId)).toEqual(['sse.terminal-event']);
  });

  it('ignores timing noise: durations, event times, header times and messages quoting them', () => {
    const before = loadReport('mixed-failures-with-error');
    const after = structuredClone(before);
    after.startedAt = '2027-01-01T00:00:00.000Z';
    after.finishedAt = '2027-01-01T00:09:00.000Z';
    for (const c of after.cases) {
      c.durationMs = c.durationMs * 7 + 13;
      for (const check of c.checks) check.message = `${check.message} (after ${c.durationMs} ms)`;
      if (c.transcript?.response) c.transcript.response.headersMs = 9_999;
      for (const e of c.transcript?.events ?? []) e.atMs += 4_321;
    }
    const cmp = compareReports(before, after);
    expect(cmp).toMatchObject({ regressed: false, brokenChecks: [], fixedChecks: [], brokenCases: [], fixedCases: [], onlyBefore: [], onlyAfter: [] });
    expect(renderComparisonMarkdown(cmp)).toContain('## ✅ relaycheck: no check changed');
  });

  it('counts a case Codex could use that broke without a check flipping (the relay stopped answering)', () => {
    const before = loadReport('all-pass');
    const after = structuredClone(before);
    const c = after.cases[1]!;
    c.status = 'error';
    c.error = { kind: 'timeout', message: 'no response head within 30000 ms' };
    for (const check of c.checks) Object.assign(check, { status: 'skip', message: 'no answer' });
    const cmp = compareReports(before, after);
    expect(cmp.regressed).toBe(true);
    expect(cmp.brokenCases).toEqual([{ caseId: c.id, before: 'pass', after: 'error' }]);
  });

  it('does not compare cases only one report has', () => {
    const before = loadReport('all-pass');
    const after: RunReport = { ...structuredClone(before), cases: before.cases.slice(1) };
    const cmp = compareReports(before, after);
    expect(cmp.regressed).toBe(false);
    expect(cmp.onlyBefore).toEqual([before.cases[0]!.id]);
  });

  it('renders relay text inert in the Markdown diff', () => {
    const before = loadReport('all-pass');
    const after = structuredClone(before);
    Object.assign(after.cases[0]!.checks[0]!, { status: 'fail', message: '<img src=x onerror=alert(1)> | [x](javascript:alert(1))' });
    const md = renderComparisonMarkdown(compareReports(before, after), { before: 'old.json', after: 'new.json' });
    expect(md).toContain('\\<img src=x onerror=alert(1)\\> \\| \\[x\\](javascript:alert(1))');
    expect(md).not.toMatch(/(?<!\\)<img/);
  });
});

describe('run --baseline and relaycheck compare', () => {
  let reference: RunningRelay;
  let broken: RunningRelay;
  let dir: string;
  const env = { RELAY_KEY: KEY };

  beforeAll(async () => {
    // The regression is injected by pointing the same run at the reference relay with one bug added.
    [reference, broken] = await Promise.all([startRelay('reference', { apiKey: KEY }), startRelay('object-arguments', { apiKey: KEY })]);
    dir = await mkdtemp(path.join(os.tmpdir(), 'relaycheck-baseline-'));
  });
  afterAll(async () => {
    await Promise.all([reference.close(), broken.close(), rm(dir, { recursive: true, force: true })]);
  });

  const run = (relay: RunningRelay, out: string, extra: string[] = []) =>
    runMain(['run', '--base-url', relay.baseUrl, '--api-key-env', 'RELAY_KEY', '--suite', 'turns,tools', '--out', path.join(dir, out), ...extra], { env });

  it('exits 0 when nothing got worse, 1 on an injected regression, 0 again once fixed', async () => {
    const good = await run(reference, 'good');
    expect(good.code).toBe(0);
    const goodReport = path.join(dir, 'good', 'report.json');

    const same = await run(reference, 'same', ['--baseline', goodReport]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain(`Compared with baseline ${goodReport}: no check changed`);

    const regressed = await run(broken, 'regressed', ['--baseline', goodReport]);
    expect(regressed.code).toBe(1);
    expect(regressed.stdout).toMatch(/Compared with baseline .*: \d+ broken/);
    expect(regressed.stdout).toContain('broken: tools.function-call tools.function-call-arguments (required)');
    const comparison = await readFile(path.join(dir, 'regressed', 'comparison.md'), 'utf8');
    expect(comparison).toContain('### ❌ Broken: passed before, fail now');
    expect(comparison).toContain('| tools.function-call | tools.function-call-arguments | required | pass → fail |');

    // The broken relay is partial: without a baseline that alone exits 1; against its own
    // report as baseline nothing got worse, so the gate passes.
    const partialReport = path.join(dir, 'regressed', 'report.json');
    expect((await run(broken, 'still-partial', ['--baseline', partialReport])).code).toBe(0);

    const fixed = await run(reference, 'fixed', ['--baseline', partialReport]);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain('fixed:  tools.function-call tools.function-call-arguments (required)');
    for (const output of [good, same, regressed, fixed]) expect(output.stdout + output.stderr).not.toContain(KEY);
  });

  it('`compare A B` prints the Markdown diff and exits 1 only when B broke something A passed', async () => {
    const a = path.join(dir, 'good', 'report.json');
    const b = path.join(dir, 'regressed', 'report.json');
    const forward = await runMain(['compare', a, b]);
    expect(forward.code).toBe(1);
    expect(forward.stdout).toMatch(/^## ❌ relaycheck: \d+ broken\n/);
    expect(forward.stdout).toContain('| Codex verdict | compatible | partial |');
    const backward = await runMain(['compare', b, a]);
    expect(backward.code).toBe(0);
    expect(backward.stdout).toContain('### ✅ Fixed: failed before, pass now');
  });

  it('exits 2 before running when the baseline is not a report', async () => {
    const bogus = path.join(dir, 'bogus.json');
    await writeFile(bogus, '{"not":"a report"}');
    const result = await run(reference, 'never', ['--baseline', bogus]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^relaycheck: .*bogus\.json is not a relaycheck report/);
    expect(result.stdout).toBe('');
    expect((await runMain(['compare', bogus, bogus])).code).toBe(2);
  });
});
