// `run --case` / `--check` (issue 13 friction): only the named cases run, the report says what was
// filtered, and a filtered run claims no verdict on the cases it left out.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type RunningRelay } from '../harness/relays/catalogue.ts';
import { validateReport } from '../harness/report/validate-report.ts';
import { listChecks } from '../harness/cli/checks-command.ts';
import { ALL_SUITES } from '../suites/index.ts';
import { runMain } from './helpers/run-main.ts';

let reference: RunningRelay;
let chatOnly: RunningRelay;
let outRoot: string;
const allCases = ALL_SUITES.flatMap((s) => s.cases).length;

beforeAll(async () => {
  [reference, chatOnly] = await Promise.all([startRelay('reference', {}), startRelay('chat-only', {})]);
  outRoot = await mkdtemp(path.join(tmpdir(), 'relaycheck-filter-'));
});
afterAll(async () => {
  await Promise.all([reference.close(), chatOnly.close(), rm(outRoot, { recursive: true, force: true })]);
});

const readReport = async (dir: string) => JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8'));

describe('run --case', () => {
  it('runs only the named cases, records the filter, and claims no Codex verdict for the relay', async () => {
    const out = path.join(outRoot, 'case');
    const result = await runMain(['run', '--base-url', reference.baseUrl, '--case', 'turns.plain,tools.function-call', '--format', 'console,json,md', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Codex: NOT-EVALUATED/m);
    const reason = `filtered run (--case turns.plain,tools.function-call): 2 of ${allCases} cases, so no verdict on the whole relay is claimed`;
    expect(result.stdout).toContain(reason);
    const report = await readReport(out);
    expect(report.cases.map((c: { id: string }) => c.id)).toEqual(['turns.plain', 'tools.function-call']);
    expect(report.filter).toEqual({ cases: ['turns.plain', 'tools.function-call'], selected: 2, of: allCases });
    expect(report.verdict).toMatchObject({ codex: 'not-evaluated', reasons: [reason] });
    expect(validateReport(report).errors).toEqual([]);
    expect(await readFile(path.join(out, 'report.md'), 'utf8')).toContain(`- ${reason}\n`);
  });

  it('keeps the filter through --repeat', async () => {
    const result = await runMain(['run', '--base-url', reference.baseUrl, '--case', 'turns.plain', '--repeat', '2', '--format', 'console']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Codex: NOT-EVALUATED/m);
    expect(result.stdout).toContain('filtered run (--case turns.plain): 1 of');
  });

  it('still finds the relay incompatible when a core case it ran broke', async () => {
    const result = await runMain(['run', '--base-url', chatOnly.baseUrl, '--case', 'turns.plain', '--format', 'console', '--no-retries']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Codex: INCOMPATIBLE/m);
  });

  it('does not call the relay incompatible from a non-core case alone, and exits 1 for it', async () => {
    // Unfiltered, every Codex case broken would make this incompatible: the filter left out the rest.
    const result = await runMain(['run', '--base-url', chatOnly.baseUrl, '--case', 'turns.multi-turn', '--format', 'console', '--no-retries']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Codex: NOT-EVALUATED/m);
  });

  it.each([
    [['--case', 'turns.plian'], 'relaycheck: unknown case turns.plian (closest: turns.plain, turns.multi-turn, tools.apply-patch; relaycheck checks lists the cases of each check)\n'],
    [['--check', 'http.status-okk'], 'relaycheck: unknown check http.status-okk (closest: http.status-ok, '],
    [['--suite', 'errors', '--case', 'turns.plain'], 'relaycheck: --case turns.plain: that case is in a suite --suite leaves out\n'],
    [['--suite', 'errors', '--check', 'tools.call-id'], 'relaycheck: no case of the selected suites matches --check tools.call-id\n'],
  ])('%j: exits 2 with one line, before any request', async (flags, line) => {
    const result = await runMain(['run', '--base-url', 'http://127.0.0.1:1/v1', ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr.slice(0, line.length)).toBe(line);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(result.stdout).toBe('');
  });
});

describe('run --check', () => {
  it('runs exactly the cases that run the check, and narrows --case further', async () => {
    const out = path.join(outRoot, 'check');
    const result = await runMain(['run', '--base-url', reference.baseUrl, '--check', 'tools.call-id', '--format', 'json', '--out', out]);
    expect(result.code).toBe(0);
    // The run's suites are the default ones; the listing also names the opt-in suites' cases.
    const defaultSuites = ALL_SUITES.map((s) => s.id);
    const expected = listChecks().find((c) => c.id === 'tools.call-id')!.cases.map((c) => c.split('/')).filter(([suite]) => defaultSuites.includes(suite!)).map(([, id]) => id);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(allCases);
    const report = await readReport(out);
    expect(report.cases.map((c: { id: string }) => c.id)).toEqual(expected);
    expect(report.filter).toEqual({ checks: ['tools.call-id'], selected: expected.length, of: allCases });

    const both = path.join(outRoot, 'check-and-case');
    await runMain(['run', '--base-url', reference.baseUrl, '--check', 'tools.call-id', '--case', `${expected[0]},turns.plain`, '--format', 'json', '--out', both]);
    expect((await readReport(both)).cases.map((c: { id: string }) => c.id)).toEqual([expected[0]]);
  });
});
