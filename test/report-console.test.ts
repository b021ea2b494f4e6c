import { describe, expect, it } from 'vitest';
import type { RunReport } from '../harness/report/model.ts';
import { colorEnabled, createConsoleReporter, type ConsoleReporterOptions } from '../harness/report/console-reporter.ts';
import { SCENARIOS, loadReport } from './data/reports/canned.ts';
import { nonEmpty } from './helpers/non-empty.ts';

class FakeStream {
  readonly chunks: string[] = [];
  constructor(
    readonly isTTY: boolean,
    readonly columns = 100,
  ) {}
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
  get text(): string {
    return this.chunks.join('');
  }
}

/** Plays a finished report through the reporter the way the runner would, two cases in flight at a time. */
function replay(report: RunReport, options: Omit<ConsoleReporterOptions, 'stream'> & { tty: boolean }): string {
  const stream = new FakeStream(options.tty);
  const reporter = createConsoleReporter({ stream, color: options.color, env: options.env ?? {} });
  reporter.onRunStart(report.target, report.cases.length);
  const [first, ...rest] = report.cases;
  if (first) reporter.onCaseStart(first);
  for (const [i, c] of report.cases.entries()) {
    if (rest[i]) reporter.onCaseStart(rest[i]!);
    reporter.onCaseEnd(c);
  }
  reporter.onRunEnd(report);
  reporter.onReportsWritten(['reports/relay.example.com/report.json', 'reports/relay.example.com/report.md', 'reports/relay.example.com/junit.xml']);
  return stream.text;
}

const SGR = /\x1b\[[0-9;]*m/;
const CURSOR = /\r|\x1b\[2K/;

describe('colorEnabled', () => {
  const tty = { write: () => true, isTTY: true };
  const pipe = { write: () => true, isTTY: false };
  it.each([
    ['a TTY', tty, {}, true],
    ['a pipe', pipe, {}, false],
    ['a TTY with NO_COLOR', tty, { NO_COLOR: '1' }, false],
    ['a TTY with an empty NO_COLOR (unset, per no-color.org)', tty, { NO_COLOR: '' }, true],
    ['a TTY with TERM=dumb', tty, { TERM: 'dumb' }, false],
    ['a pipe with FORCE_COLOR', pipe, { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR over NO_COLOR (as Node does)', pipe, { FORCE_COLOR: '1', NO_COLOR: '1' }, true],
    ['a TTY with FORCE_COLOR=0', tty, { FORCE_COLOR: '0' }, false],
    ['a TTY with FORCE_COLOR=false', tty, { FORCE_COLOR: 'false' }, false],
  ] as const)('%s', (_name, stream, env, expected) => {
    expect(colorEnabled(stream, env)).toBe(expected);
  });
  it('lets the explicit option win', () => {
    expect(colorEnabled(pipe, {}, true)).toBe(true);
    expect(colorEnabled(tty, { FORCE_COLOR: '1' }, false)).toBe(false);
  });
});

describe('console reporter', () => {
  it.each(nonEmpty(SCENARIOS, 'canned scenarios'))('prints %s as plain lines on a non-TTY', async (name) => {
    const report = loadReport(name);
    const out = replay(report, { tty: false });
    expect(out).not.toMatch(SGR);
    expect(out).not.toMatch(CURSOR);
    expect(out).not.toContain('\x1b');
    await expect(out).toMatchFileSnapshot(`./data/reports/snapshots/${name}.console.txt`);
  });

  it('prints one line per finished case with status, id, duration and the first failing check', () => {
    const out = replay(loadReport('mixed-failures-with-error'), { tty: false });
    const lines = out.split('\n');
    expect(lines[0]).toBe('relaycheck → https://relay.example.com/v1 (model gpt-5.5): 7 cases');
    expect(lines).toContain('  ✗ fail        tools.function-call               1.9 s  tools.function-call-arguments: 1 function call(s) with unusable arguments');
    expect(lines).toContain('  ‼ error       tools.apply-patch                30.0 s  timeout: no response head within 30000 ms');
    expect(lines).toContain('  ✓ pass        turns.plain                       1.4 s');
    expect(lines.filter((l) => /^  [✓✗!\-⊘‼] (pass|fail|warn|skip|unsupported|error) /.test(l))).toHaveLength(7);
  });

  it('ends with the summary, the verdict with its reasons, and where the reports are', () => {
    const report = loadReport('unsupported-chat-only');
    report.verdict.reasons.push('one more', 'and another');
    const out = replay(report, { tty: false });
    expect(out).toContain('\n4 cases: 4 unsupported in 4.3 s\nCodex: INCOMPATIBLE  (spec: deviations)\n  - POST https://relay.example.com/v1/responses answers HTTP 404');
    expect(out).toContain('\n  - tools.function-call: endpoint unsupported (HTTP 404)\n  (2 more reasons in the report)\n');
    expect(out.trimEnd().split('\n').at(-1)).toBe(
      'Reports: reports/relay.example.com/report.json, reports/relay.example.com/report.md, reports/relay.example.com/junit.xml',
    );
    expect(out).toContain('  ⊘ unsupported turns.plain                       38 ms  endpoint unsupported (HTTP 404)');
  });

  it('honours NO_COLOR on a TTY but still redraws the progress line there', () => {
    const out = replay(loadReport('mixed-failures-with-error'), { tty: true, env: { NO_COLOR: '1' } });
    expect(out).not.toMatch(SGR);
    expect(out).toMatch(/\r\x1b\[2K/);
    expect(out).toContain('  … 0/7 done, running turns.plain, turns.after-tool-call');
  });

  it('colours a TTY, and FORCE_COLOR colours a pipe without cursor tricks', () => {
    expect(replay(loadReport('mixed-failures-with-error'), { tty: true })).toMatch(SGR);
    const forced = replay(loadReport('mixed-failures-with-error'), { tty: false, env: { FORCE_COLOR: '1' } });
    expect(forced).toMatch(SGR);
    expect(forced).not.toMatch(CURSOR);
  });

  it('never passes a relay’s escape sequences or control characters to the terminal', () => {
    for (const tty of [false, true]) {
      const out = replay(loadReport('hostile-strings'), { tty, color: true });
      // Every ESC or CR left is one of ours: an SGR colour code or the line clear.
      expect(out.replace(/\x1b\[\d+m|\r\x1b\[2K/g, '')).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
      expect(out).toContain('esc\\u001b[31mred');
    }
  });

  it('keeps the progress line narrower than the terminal', () => {
    const stream = new FakeStream(true, 40);
    const reporter = createConsoleReporter({ stream, env: {} });
    reporter.onRunStart({ baseUrl: 'http://x', model: 'm' }, 3);
    for (const id of ['turns.plain-namespace-tools', 'tools.full-tool-list', 'errors.malformed-request']) reporter.onCaseStart({ id, title: id, suite: 's' });
    const status = stream.chunks.at(-1)!.replace(/\x1b\[\d+m/g, '');
    expect(status.length).toBeLessThan(40);
    expect(status.endsWith('…')).toBe(true);
  });
});
