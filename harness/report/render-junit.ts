// junit.xml for CI: one <testsuite> per relaycheck suite, one <testcase> per case (named by case id).
// Mapping (docs/report-format.md, "JUnit"):
//   fail → <failure type="required">; error → <error type="<transport kind>">;
//   unsupported → <failure type="unsupported"> when Codex depends on the case (it has required
//   checks: a relay without /responses must turn CI red), else <skipped>; skip → <skipped>;
//   pass → plain testcase;
//   warn (only recommended checks failed) → a passing testcase whose system-out lists the deviations,
//   so a CI job gating on JUnit agrees with the exit code, which follows the Codex verdict. Spec
//   gates opt in with { recommended: 'failure' } to get <failure type="recommended"> instead.
// JUnit's shape is written here on xmlbuilder (what junit-report-builder builds on), with the same
// elements, attributes and order: that library bundles lodash and xmlbuilder into 0.8 MB of code,
// which cost every run ≈ 10 MiB of peak RSS and ≈ 70 ms of CPU to write one small file (measured,
// docs/benchmarks.md). Every string goes through plain-text.ts first: xmlbuilder's own clean-up
// drops a character before a lone surrogate and its CDATA splits only the first "]]>", so bodies
// are escaped text nodes.
import xmlbuilder from 'xmlbuilder';
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

/** What a <testcase> failed with, if anything: the element, its attributes and its text. */
interface Outcome {
  element: 'failure' | 'error' | 'skipped';
  attributes: Record<string, string>;
  text?: string;
}

interface JunitCase {
  attributes: Record<string, string | number>;
  properties: Array<[string, string]>;
  outcome?: Outcome;
  systemOut?: string;
}

interface JunitSuite {
  attributes: Record<string, string | number>;
  properties: Array<[string, string]>;
  cases: JunitCase[];
}

export function renderJunit(report: RunReport, options: JunitOptions = {}): string {
  const headline = report.fidelity ? `relaycheck fidelity ${fidelityHeadline(report.fidelity)}: ${report.target.baseUrl}` : `relaycheck ${report.target.baseUrl}`;
  const suites = [...liveCodexSuite(report), ...[...groupBySuite(report.cases)].map(([suiteId, cases]) => caseSuite(report, suiteId, cases, options))];
  const root = xmlbuilder.create('testsuites', { encoding: 'UTF-8', invalidCharReplacement: '' });
  root.att('name', clean(headline, 300));
  addCounts(root, suites.flatMap((suite) => suite.cases));
  for (const suite of suites) {
    const element = root.ele('testsuite', suite.attributes);
    addCounts(element, suite.cases);
    addProperties(element, suite.properties);
    for (const c of suite.cases) addCase(element, c);
  }
  return `${root.end({ pretty: true })}\n`;
}

function addCounts(element: xmlbuilder.XMLElement, cases: JunitCase[]): void {
  const count = (what: Outcome['element']) => cases.filter((c) => c.outcome?.element === what).length;
  element.att('tests', cases.length).att('failures', count('failure')).att('errors', count('error')).att('skipped', count('skipped'));
}

function addProperties(element: xmlbuilder.XMLElement, properties: Array<[string, string]>): void {
  if (properties.length === 0) return;
  const list = element.ele('properties');
  for (const [name, value] of properties) list.ele('property', { name, value });
}

function addCase(parent: xmlbuilder.XMLElement, c: JunitCase): void {
  const element = parent.ele('testcase', c.attributes);
  addProperties(element, c.properties);
  if (c.outcome) {
    const outcome = element.ele(c.outcome.element, c.outcome.attributes);
    if (c.outcome.text !== undefined) outcome.text(c.outcome.text);
  }
  if (c.systemOut !== undefined) element.ele('system-out').text(c.systemOut);
}

/**
 * run --with-codex, first: a <testcase> per real Codex turn (failure type "codex" when it failed) and
 * one for the agreement, failing with type "relaycheck-bug" when the verdict and Codex disagree.
 */
function liveCodexSuite(report: RunReport): JunitSuite[] {
  const live = report.liveCodex;
  if (!live) return [];
  const turns = live.turns.map(
    (t): JunitCase => ({
      attributes: { classname: 'relaycheck.live-codex', name: `live-codex.${t.turn}`, time: seconds(t.durationMs) },
      properties: [['relaycheck.turn', LIVE_TURN_NAME[t.turn]]],
      ...(!t.succeeded && { outcome: { element: 'failure', attributes: { message: clean(liveCodexTurnLine(t), 600), type: 'codex' } } }),
    }),
  );
  const agreement: JunitCase = { attributes: { classname: 'relaycheck.live-codex', name: 'live-codex.agreement' }, properties: [] };
  const [headline, ...lines] = liveCodexDisagreementLines(report);
  if (headline !== undefined) {
    const text = [clean(liveCodexSummary(live), 300), ...lines.map((line) => clean(line, 500))].join('\n');
    agreement.outcome = { element: 'failure', attributes: { message: clean(headline, 300), type: 'relaycheck-bug' }, text };
  }
  return [
    {
      attributes: { name: 'live-codex', timestamp: clean(report.startedAt, 40), time: seconds(live.turns.reduce((sum, t) => sum + t.durationMs, 0)) },
      properties: [
        ['relaycheck.codex-version', clean(live.version, 100)],
        ['relaycheck.live-codex.agrees', String(live.agrees)],
      ],
      cases: [...turns, agreement],
    },
  ];
}

function caseSuite(report: RunReport, suiteId: string, cases: CaseResult[], options: JunitOptions): JunitSuite {
  const properties: Array<[string, string]> = [
    ['relaycheck.version', clean(report.tool.version, 40)],
    ['relaycheck.base-url', clean(report.target.baseUrl, 300)],
    ['relaycheck.model', clean(report.target.model, 100)],
    ['relaycheck.codex-verdict', report.verdict.codex],
    ['relaycheck.spec-verdict', report.verdict.spec],
  ];
  // A fidelity run's verdict is its own (the exit code follows it), named beside the Codex one.
  if (report.fidelity) {
    properties.push(['relaycheck.fidelity-verdict', report.fidelity.verdict], ['relaycheck.fidelity-headline', clean(fidelityHeadline(report.fidelity), 300)], ['relaycheck.fidelity-sides', report.fidelity.sides.join(',')]);
  }
  for (const w of report.warnings ?? []) properties.push([clean(`relaycheck.warning.${w.id}`, 100), clean(w.message, 400)]);
  return {
    attributes: { name: clean(suiteId, 100), timestamp: clean(report.startedAt, 40), time: seconds(cases.reduce((sum, c) => sum + c.durationMs, 0)) },
    properties,
    cases: cases.map((c) => junitCase(c, options)),
  };
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

function junitCase(c: CaseResult, options: JunitOptions): JunitCase {
  const properties: Array<[string, string]> = [['relaycheck.status', c.status]];
  if (c.labels.length > 0) properties.push(['relaycheck.labels', clean(c.labels.join(','), 200)]);
  const headline = clean(caseHeadline(c), 300);
  const failed = (type: string, message = headline): Outcome => ({ element: 'failure', attributes: { message, type }, text: details(c).join('\n') });
  const out: string[] = [];
  let outcome: Outcome | undefined;

  switch (c.status) {
    case 'fail':
      outcome = failed('required');
      break;
    case 'warn':
      if (options.recommended === 'failure') outcome = failed('recommended');
      else out.push('WARN: only recommended checks failed (Codex tolerates these).', ...details(c), '');
      break;
    case 'error':
      outcome = { element: 'error', attributes: { message: headline, type: c.error?.kind ?? 'error' }, text: details(c).join('\n') };
      break;
    case 'unsupported':
    case 'skip': {
      const message = [headline, ...c.labels.map((l) => clean(labelMeaning(l) ?? l, 200))].join('; ');
      if (c.status === 'unsupported' && c.checks.some((check) => check.severity === 'required')) {
        outcome = failed('unsupported', message);
        break;
      }
      outcome = { element: 'skipped', attributes: { message } };
      out.push(...details(c), '');
      break;
    }
    case 'pass':
      break;
  }
  if (c.transcript) out.push(...transcriptExcerpt(c.transcript));
  return {
    attributes: { classname: clean(`relaycheck.${c.suite}`, 120), name: clean(c.id, 120), time: seconds(c.durationMs) },
    properties,
    ...(outcome && { outcome }),
    ...(out.length > 0 && { systemOut: out.join('\n').trimEnd() }),
  };
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
