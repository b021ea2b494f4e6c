// run --with-codex, without the binary: whether the verdict and Codex's turns agree (from data), and
// how every output shows Codex's outcome, a disagreement first.
import { describe, expect, it } from 'vitest';
import { liveCodexDisagreements, liveCodexOf } from '../harness/codex/live-codex-agreement.ts';
import type { LiveCodexOutcome } from '../harness/codex/live-codex.ts';
import { codexForLiveRun } from '../harness/cli/with-codex.ts';
import { codexExecArgs, runCodexExec } from '../harness/codex/run-codex-exec.ts';
import { startNetworkGuard } from '../harness/codex/network-guard.ts';
import { UsageError } from '../harness/cli/usage-error.ts';
import type { CaseResult, CaseStatus, LiveCodex, RunReport } from '../harness/report/model.ts';
import { createConsoleReporter } from '../harness/report/console-reporter.ts';
import { renderHtml } from '../harness/report/render-html.ts';
import { renderJunit } from '../harness/report/render-junit.ts';
import { renderMarkdown } from '../harness/report/render-markdown.ts';
import { validateReport } from '../harness/report/validate-report.ts';
import { loadReport } from './data/reports/canned.ts';
import { runMain } from './helpers/run-main.ts';

const kase = (id: string, status: CaseStatus): CaseResult => ({
  id,
  suite: id.split('.')[0]!,
  title: id,
  requirement: '',
  status,
  durationMs: 1,
  labels: [],
  checks: [{ id: 'sse.terminal-event', severity: 'required', status: status === 'fail' ? 'fail' : 'pass', message: '' }],
});

const turn = (t: LiveCodexOutcome['turn'], succeeded: boolean, error?: string): LiveCodexOutcome => ({
  turn: t,
  succeeded,
  exitCode: succeeded ? 0 : 1,
  ...(error !== undefined && { error }),
  durationMs: 900,
});

const ALL_CASES = ['turns.plain', 'tools.function-call', 'turns.after-tool-call', 'reasoning.round-trip', 'tools.apply-patch', 'turns.after-apply-patch', 'errors.unknown-model'];
const cases = (broken: string[] = []) => ALL_CASES.map((id) => kase(id, broken.includes(id) ? 'fail' : 'pass'));
const allSucceed = [turn('message', true), turn('function_call', true), turn('custom_tool_call', true)];

describe('agreement between the verdict and the real Codex', () => {
  it('agrees when relaycheck says compatible and every turn succeeds', () => {
    const live = liveCodexOf('0.171.0', allSucceed, cases(), 'compatible');
    expect(live.agrees).toBe(true);
    expect(live.turns.map((t) => t.relaycheck)).toEqual(['succeeds', 'succeeds', 'succeeds']);
  });

  it('disagrees when relaycheck says compatible but a turn failed, naming the turn and the verdict', () => {
    const outcomes = [turn('message', true), turn('function_call', false, 'stream disconnected'), turn('custom_tool_call', true)];
    const live = liveCodexOf('0.171.0', outcomes, cases(), 'compatible');
    expect(live.agrees).toBe(false);
    expect(liveCodexDisagreements('compatible', live.turns)).toEqual([
      { on: 'turn', turn: 'function_call', relaycheck: 'succeeds', codexSucceeded: false, error: 'stream disconnected' },
      { on: 'verdict', verdict: 'compatible', failedTurns: ['function_call'] },
    ]);
  });

  it('disagrees the other way: relaycheck fails the turns but Codex completes them all', () => {
    const live = liveCodexOf('0.171.0', allSucceed, cases(ALL_CASES), 'incompatible');
    expect(live.agrees).toBe(false);
    expect(liveCodexDisagreements('incompatible', live.turns).map((d) => d.on)).toEqual(['turn', 'turn', 'turn', 'verdict']);
  });

  it('agrees on a partial verdict whose broken cases are the failed turn', () => {
    const outcomes = [turn('message', true), turn('function_call', true), turn('custom_tool_call', false, 'exit 0, but Codex lost the patch')];
    const live = liveCodexOf('0.171.0', outcomes, cases(['tools.apply-patch']), 'partial');
    expect(live.agrees).toBe(true);
    expect(live.turns.map((t) => t.relaycheck)).toEqual(['succeeds', 'succeeds', 'fails']);
  });

  it('does not blame the turns for a case none of them takes (errors.unknown-model broken, partial)', () => {
    expect(liveCodexOf('0.171.0', allSucceed, cases(['errors.unknown-model']), 'partial').agrees).toBe(true);
  });

  it('leaves out a turn whose cases were not run, but not the whole verdict', () => {
    const onlyPlain = [kase('turns.plain', 'pass')];
    const outcomes = [turn('message', true), turn('function_call', false, 'boom'), turn('custom_tool_call', true)];
    const live = liveCodexOf('0.171.0', outcomes, onlyPlain, 'compatible');
    expect(live.turns[1]!.relaycheck).toBe('not-evaluated');
    expect(liveCodexDisagreements('compatible', live.turns)).toEqual([{ on: 'verdict', verdict: 'compatible', failedTurns: ['function_call'] }]);
  });
});

// The relay chose this error text: a terminal escape, a forged line and a Markdown/HTML injection.
const HOSTILE = 'nope\u001b[2J\nrelaycheck: all good <img src=x onerror=alert(1)> **bold**';

function withLive(live: LiveCodex): RunReport {
  const report = loadReport('all-pass');
  return { ...report, liveCodex: live };
}

const disagreeing = liveCodexOf('0.171.0', [turn('message', true), turn('function_call', false, HOSTILE), turn('custom_tool_call', true)], cases(), 'compatible');
const agreeing = liveCodexOf('0.171.0', allSucceed, cases(), 'compatible');

function consoleText(report: RunReport): string {
  let text = '';
  const reporter = createConsoleReporter({ stream: { write: (chunk: string) => (text += chunk), isTTY: false }, color: false, env: {} });
  reporter.onLiveCodexStart('0.171.0', report.liveCodex?.turns.length ?? 0);
  for (const t of report.liveCodex?.turns ?? []) reporter.onLiveCodexTurn(t);
  reporter.onRunEnd(report);
  return text;
}

describe('every output shows the real Codex beside the verdict', () => {
  it('the reports validate against the schema, with and without a disagreement', () => {
    for (const live of [agreeing, disagreeing]) expect(validateReport(JSON.parse(JSON.stringify(withLive(live))))).toEqual({ valid: true, errors: [] });
    expect(validateReport({ ...withLive(agreeing), liveCodex: { ...agreeing, turns: [{ ...agreeing.turns[0], error: 'x'.repeat(501) }] } }).valid).toBe(false);
    // agrees follows from the data: a report claiming otherwise is refused.
    expect(validateReport(withLive({ ...disagreeing, agrees: true })).errors).toEqual(['/liveCodex/agrees: is true but the verdict and the turns say false']);
    expect(validateReport(withLive({ ...agreeing, agrees: false })).errors).toEqual(['/liveCodex/agrees: is false but the verdict and the turns say true']);
  });

  it('Markdown: a disagreement is the first thing, then a section with each turn', () => {
    const md = renderMarkdown(withLive(disagreeing));
    expect(md.startsWith('> **relaycheck disagrees with the real Codex 0.171.0 on this relay: that is a relaycheck bug')).toBe(true);
    expect(md).toContain('relaycheck says compatible, but Codex failed the exec\\_command turn');
    expect(md).toContain('## The real Codex on this relay');
    expect(md).toContain('❌ exec\\_command turn: Codex failed (exit 1, 900 ms)');
    // Escaped, so it renders as text: `\<img`.
    expect(md).not.toMatch(/(?<!\\)<img/);
    expect(md).not.toContain('\u001b');
    const agreed = renderMarkdown(withLive(agreeing));
    expect(agreed.startsWith('# ')).toBe(true);
    expect(agreed).toContain("3 of 3 turns succeeded; relaycheck's verdict agrees.");
    expect(renderMarkdown(loadReport('all-pass'))).not.toContain('real Codex');
  });

  it('HTML: the disagreement alert opens the page, each turn is listed, relay text is inert', () => {
    const html = renderHtml(withLive(disagreeing));
    const main = html.slice(html.indexOf('<main>'));
    expect(main.indexOf('id="live-codex-disagreement"')).toBeGreaterThan(-1);
    expect(main.indexOf('id="live-codex-disagreement"')).toBeLessThan(main.indexOf('<header'));
    expect(html).toContain('id="live-codex"');
    expect(html).not.toContain('<img src=x');
    expect(renderHtml(withLive(agreeing))).not.toContain('live-codex-disagreement');
    expect(renderHtml(loadReport('all-pass'))).not.toContain('live-codex');
  });

  it('JUnit: a live-codex suite first, a failed turn as failure type codex, the disagreement as type relaycheck-bug', () => {
    const xml = renderJunit(withLive(disagreeing));
    const suites = [...xml.matchAll(/<testsuite name="([^"]+)"/g)].map((m) => m[1]);
    expect(suites[0]).toBe('live-codex');
    expect(xml).toMatch(/<testcase classname="relaycheck.live-codex" name="live-codex.function_call"[^>]*>\s*<properties>[\s\S]*?<failure message="[^"]*exec_command turn: Codex failed[^"]*" type="codex"/);
    expect(xml).toMatch(/name="live-codex.agreement"[^>]*>\s*<failure message="relaycheck disagrees[^"]*" type="relaycheck-bug"/);
    expect(xml).not.toContain('\u001b');
    const agreed = renderJunit(withLive(agreeing));
    expect(agreed).toContain('name="live-codex.agreement"');
    expect(agreed).not.toContain('relaycheck-bug');
    expect(agreed).not.toContain('type="codex"');
    expect(renderJunit(loadReport('all-pass'))).not.toContain('live-codex');
  });

  it('console: the disagreement before the verdict line, every turn, the relay text on one quoted line', () => {
    const text = consoleText(withLive(disagreeing));
    const headline = text.indexOf('relaycheck disagrees with the real Codex 0.171.0');
    expect(headline).toBeGreaterThan(-1);
    expect(headline).toBeLessThan(text.indexOf('Codex: COMPATIBLE'));
    expect(text).toContain('✗ exec_command turn: Codex failed (exit 1, 900 ms): "nope\\u001b[2J\\nrelaycheck: all good');
    expect(text).not.toContain('\u001b');
    expect(text.split('\n').filter((line) => line.startsWith('relaycheck: all good'))).toEqual([]);
    const agreed = consoleText(withLive(agreeing));
    expect(agreed).not.toContain('disagrees');
    expect(agreed).toContain("The real Codex 0.171.0 through this relay: 3 of 3 turns succeeded; relaycheck's verdict agrees.");
  });
});

describe('run --with-codex refuses what it cannot do, in one line with exit 2', () => {
  it('a Codex that cannot be installed or has no binary for the platform', async () => {
    const failing = async () => {
      throw new Error('Codex 0.171.0 ships no native binary for aix/ppc64 (supported: linux/x64)\nmore detail');
    };
    await expect(codexForLiveRun('0.171.0', failing)).rejects.toThrow(new UsageError('--with-codex: cannot run Codex 0.171.0: Codex 0.171.0 ships no native binary for aix/ppc64 (supported: linux/x64)'));
    await expect(codexForLiveRun('0.171.0', async () => ({ binary: '/x/codex', version: '0.171.0' }))).resolves.toBe('/x/codex');
  });

  it('with --targets, and with a release relaycheck does not model', async () => {
    const targets = await runMain(['run', '--targets', 'relays.toml', '--with-codex']);
    expect([targets.code, targets.stderr]).toEqual([2, 'relaycheck: --with-codex checks one relay: drop --targets\n']);
    const version = await runMain(['run', '--base-url', 'http://127.0.0.1:9/v1', '--with-codex', '--codex-version', '9.9.9']);
    expect(version.code).toBe(2);
    expect(version.stderr).toMatch(/^relaycheck: --codex-version 9\.9\.9 is not a release relaycheck models[^\n]*\n$/);
  });
});

describe("the user's own relay may be remote; nothing else is", () => {
  it('runCodexExec takes a remote relay only when asked, and the network guard lets Codex reach that host alone', async () => {
    const remote = { binary: '/nonexistent/codex', baseUrl: 'https://relay.example.com/v1', apiKey: 'sk-x', model: 'gpt-5.5', prompt: 'hi' };
    await expect(runCodexExec(remote)).rejects.toThrow('runCodexExec runs Codex against loopback relays only, not https://relay.example.com/v1');
    const guard = await startNetworkGuard(['relay.example.com']);
    try {
      expect(guard.env.NO_PROXY).toBe('127.0.0.1,localhost,::1,relay.example.com');
      expect(guard.env.HTTPS_PROXY).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await guard.close();
    }
  });

  it('the throwaway provider names the key variable only when there is a key, and carries the extra entries', () => {
    const provider = (args: string[]) => args.find((arg) => arg.startsWith('model_providers.relay='))!;
    const base = { baseUrl: 'http://127.0.0.1:9/v1', model: 'gpt-5.5', prompt: 'hi', providerEntries: ['env_http_headers = { "X-T" = "RELAYCHECK_CODEX_HEADER_0" }'] };
    expect(provider(codexExecArgs({ ...base, apiKey: 'sk-secret-value' }, '/w'))).toBe(
      'model_providers.relay={ name = "relaycheck", base_url = "http://127.0.0.1:9/v1", wire_api = "responses", env_key = "RELAYCHECK_CODEX_API_KEY", env_http_headers = { "X-T" = "RELAYCHECK_CODEX_HEADER_0" }, stream_max_retries = 0, request_max_retries = 0 }',
    );
    expect(provider(codexExecArgs(base, '/w'))).not.toContain('env_key');
    expect(codexExecArgs({ ...base, apiKey: 'sk-secret-value' }, '/w').join(' ')).not.toContain('sk-secret-value');
  });
});
