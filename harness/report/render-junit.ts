// junit.xml for CI: one <testsuite> per relaycheck suite, one <testcase> per case (named by case id).
// Mapping (docs/report-format.md, "JUnit"):
//   fail → <failure type="required">; error → <error type="<transport kind>">;
//   unsupported → <failure type="unsupported"> when Codex depends on the case (it has required
//   checks: a relay without /responses must turn CI red), else <skipped>; skip → <skipped>;
//   pass → plain testcase;
//   warn (only recommended checks failed) → a passing testcase whose system-out lists the deviations,
//   so a CI job gating on JUnit agrees with the exit code, which follows the Codex verdict. Spec
//   gates opt in with { recommended: 'failure' } to get <failure type="recommended"> instead.
// Every string goes through plain-text.ts first: xmlbuilder's own clean-up drops a character before a
// lone surrogate and splits only the first "]]>" of CDATA, so text is added as escaped text nodes.
import junitModule, { type Builder, type TestCase } from 'junit-report-builder';
import type { CaseResult, CheckResult, Failure, RunReport } from './model.ts';
import { caseHeadline, failedChecks, labelMeaning, transportMeaning } from './outcome-wording.ts';
import { clean, valueText } from './plain-text.ts';
import { transcriptExcerpt } from './transcript-excerpt.ts';
import { LIVE_TURN_NAME, liveCodexDisagreementLines, liveCodexSummary, liveCodexTurnLine } from './live-codex-wording.ts';
import { fidelityHeadline } from '../fidelity/fidelity-verdict.ts';

export interface JunitOptions {
  /** How a warn case reads: 'pass' (default) keeps CI green, 'failure' fails it with type "recommended". */
  recommended?: 'pass' | 'failure';
}

const MAX_FAILURES_LISTED = 10;

type XmlElement = ReturnType<TestCase['build']>;

// The package is CommonJS (module.exports = builder) while its types declare an ES default export;
// take whichever shape the loader handed over.
const junit: Builder = (junitModule as { default?: Builder }).default ?? (junitModule as unknown as Builder);

export function renderJunit(report: RunReport, options: JunitOptions = {}): string {
  const headline = report.fidelity ? `relaycheck fidelity ${fidelityHeadline(report.fidelity)}: ${report.target.baseUrl}` : `relaycheck ${report.target.baseUrl}`;
  const builder = junit.newBuilder().name(clean(headline, 300));
  addLiveCodex(builder, report);
  for (const [suiteId, cases] of groupBySuite(report.cases)) {
    const suite = builder
      .testSuite()
      .name(clean(suiteId, 100))
      .timestamp(clean(report.startedAt, 40))
      .time(seconds(cases.reduce((sum, c) => sum + c.durationMs, 0)))
      .property('relaycheck.version', clean(report.tool.version, 40))
      .property('relaycheck.base-url', clean(report.target.baseUrl, 300))
      .property('relaycheck.model', clean(report.target.model, 100))
      .property('relaycheck.codex-verdict', report.verdict.codex)
      .property('relaycheck.spec-verdict', report.verdict.spec);
    // A fidelity run's verdict is its own (the exit code follows it), named beside the Codex one.
    if (report.fidelity) suite.property('relaycheck.fidelity-verdict', report.fidelity.verdict).property('relaycheck.fidelity-headline', clean(fidelityHeadline(report.fidelity), 300)).property('relaycheck.fidelity-sides', report.fidelity.sides.join(','));
    for (const w of report.warnings ?? []) suite.property(clean(`relaycheck.warning.${w.id}`, 100), clean(w.message, 400));
    for (const c of cases) addCase(suite.testCase(), c, options);
  }
  return `${builder.build()}\n`;
}

/**
 * run --with-codex, first: a <testcase> per real Codex turn (failure type "codex" when it failed) and
 * one for the agreement, failing with type "relaycheck-bug" when the verdict and Codex disagree.
 */
function addLiveCodex(builder: Builder, report: RunReport): void {
  const live = report.liveCodex;
  if (!live) return;
  const suite = builder
    .testSuite()
    .name('live-codex')
    .timestamp(clean(report.startedAt, 40))
    .time(seconds(live.turns.reduce((sum, t) => sum + t.durationMs, 0)))
    .property('relaycheck.codex-version', clean(live.version, 100))
    .property('relaycheck.live-codex.agrees', String(live.agrees));
  for (const t of live.turns) {
    const tc = suite.testCase().className('relaycheck.live-codex').name(`live-codex.${t.turn}`).time(seconds(t.durationMs)).property('relaycheck.turn', LIVE_TURN_NAME[t.turn]);
    if (!t.succeeded) tc.failure(clean(liveCodexTurnLine(t), 600), 'codex');
  }
  const agreement = suite.testCase().className('relaycheck.live-codex').name('live-codex.agreement');
  const [headline, ...lines] = liveCodexDisagreementLines(report);
  if (headline === undefined) return;
  agreement.failure(clean(headline, 300), 'relaycheck-bug');
  const text = [clean(liveCodexSummary(live), 300), ...lines.map((line) => clean(line, 500))].join('\n');
  afterBuild(agreement, (el) => child(el, 'failure')?.text(text));
}

function groupBySuite(cases: CaseResult[]): Map<string, CaseResult[]> {
  const groups = new Map<string, CaseResult[]>();
  for (const c of cases) {
    const group = groups.get(c.suite);
    if (group) group.push(c);
    else groups.set(c.suite, [c]);
  }
  return groups;
}

const seconds = (ms: number) => Math.round(ms) / 1000;

function addCase(tc: TestCase, c: CaseResult, options: JunitOptions): void {
  tc.className(clean(`relaycheck.${c.suite}`, 120)).name(clean(c.id, 120)).time(seconds(c.durationMs)).property('relaycheck.status', c.status);
  if (c.labels.length > 0) tc.property('relaycheck.labels', clean(c.labels.join(','), 200));
  const headline = clean(caseHeadline(c), 300);
  const out: string[] = [];
  let fill: ((el: XmlElement) => void) | undefined;

  switch (c.status) {
    case 'fail':
      tc.failure(headline, 'required');
      fill = (el) => child(el, 'failure')?.text(details(c).join('\n'));
      break;
    case 'warn':
      if (options.recommended === 'failure') {
        tc.failure(headline, 'recommended');
        fill = (el) => child(el, 'failure')?.text(details(c).join('\n'));
      } else {
        out.push('WARN: only recommended checks failed (Codex tolerates these).', ...details(c), '');
      }
      break;
    case 'error':
      tc.error(headline, c.error?.kind ?? 'error');
      fill = (el) => child(el, 'error')?.text(details(c).join('\n'));
      break;
    case 'unsupported':
    case 'skip': {
      const message = [headline, ...c.labels.map((l) => clean(labelMeaning(l) ?? l, 200))].join('; ');
      if (c.status === 'unsupported' && c.checks.some((check) => check.severity === 'required')) {
        tc.failure(message, 'unsupported');
        fill = (el) => child(el, 'failure')?.text(details(c).join('\n'));
        break;
      }
      tc.skipped();
      fill = (el) => child(el, 'skipped')?.att('message', message);
      out.push(...details(c), '');
      break;
    }
    case 'pass':
      break;
  }
  if (c.transcript) out.push(...transcriptExcerpt(c.transcript));
  // The library writes these bodies as CDATA with a one-occurrence "]]>" split; escaped text is exact.
  afterBuild(tc, (el) => {
    fill?.(el);
    if (out.length > 0) el.ele('system-out').text(out.join('\n').trimEnd());
  });
}

/** The case's requirement, diagnosis and failed checks, as plain visible lines. */
function details(c: CaseResult): string[] {
  const lines = [clean(c.title, 200), `Requirement: ${clean(c.requirement, 500)}`];
  for (const label of c.labels) lines.push(`Diagnosis: ${clean(labelMeaning(label) ?? label, 200)}`);
  if (c.error) lines.push(`No answer: ${c.error.kind} (${transportMeaning(c.error.kind)}): ${clean(c.error.message, 300)}`);
  for (const check of failedChecks(c)) lines.push(...checkLines(check));
  return lines;
}

function checkLines(check: CheckResult): string[] {
  const lines = [`[${check.severity}] ${clean(check.id, 80)}: ${clean(check.message, 300)}`];
  const failures = check.failures ?? [];
  for (const f of failures.slice(0, MAX_FAILURES_LISTED)) lines.push(`  - ${failureLine(f)}`);
  if (failures.length > MAX_FAILURES_LISTED) lines.push(`  - … ${failures.length - MAX_FAILURES_LISTED} more in report.json`);
  return lines;
}

function failureLine(f: Failure): string {
  const where = [f.eventIndex !== undefined ? `event ${f.eventIndex}` : '', f.path !== undefined ? `at ${clean(f.path, 120)}` : ''].filter(Boolean).join(' ');
  const values = [f.expected !== undefined ? `expected: ${clean(valueText(f.expected))}` : '', f.actual !== undefined ? `received: ${clean(valueText(f.actual))}` : '']
    .filter(Boolean)
    .join('; ');
  return [where ? `${where}:` : '', clean(f.message, 300), values ? `(${values})` : ''].filter(Boolean).join(' ');
}

/** Runs `extend` on the <testcase> element once the library has built it. */
function afterBuild(tc: TestCase, extend: (el: XmlElement) => void): void {
  const build = tc.build.bind(tc);
  tc.build = (parent) => {
    const el = build(parent);
    extend(el);
    return el;
  };
}

function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((node) => (node as Partial<XmlElement>).name === name) as XmlElement | undefined;
}
