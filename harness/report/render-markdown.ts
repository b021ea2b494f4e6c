// report.md: the verdict and why on top, a table of cases, then the evidence for every case that did
// not pass. Every string from the report goes through markdown-escape.ts: a relay controls most of
// them, and this file gets rendered in CI summaries and pull requests.
import type { CaseResult, CaseStatus, CheckResult, CodexVerdict, Failure, RunReport } from './model.ts';
import { mdCode, mdFence, mdText } from './markdown-escape.ts';
import { fidelitySection } from './markdown-fidelity.ts';
import { HEADERS_HEADING, headerObservationLine } from './header-wording.ts';
import { fidelityHeadline } from '../fidelity/fidelity-verdict.ts';
import { CASE_STATUS_MEANING, CODEX_VERDICT_MEANING, SPEC_VERDICT_MEANING, diagnosisLines, failedChecks, labelMeaning, retryPhrase, summaryText, tokensText, transportMeaning } from './outcome-wording.ts';
import { formatDuration, valueText } from './plain-text.ts';
import { liveCodexDisagreementLines, liveCodexSummary, liveCodexTurnLine } from './live-codex-wording.ts';
import { transcriptExcerpt } from './transcript-excerpt.ts';

/** Failures listed per check; report.json has all of them. */
const MAX_FAILURES_SHOWN = 10;

const STATUS_ICON: Record<CaseStatus, string> = {
  pass: '✅',
  fail: '❌',
  warn: '⚠️',
  skip: '⏭️',
  unsupported: '🚫',
  error: '🔌',
};

const VERDICT_ICON: Record<CodexVerdict, string> = { compatible: '✅', partial: '⚠️', incompatible: '❌', 'not-evaluated': '➖' };

export function renderMarkdown(report: RunReport): string {
  const problems = report.cases.filter((c) => c.status !== 'pass');
  const sections = [
    ...disagreement(report),
    header(report),
    ...(report.fidelity ? [fidelitySection(report.fidelity)] : []),
    reasons(report),
    ...(report.liveCodex ? [liveCodex(report.liveCodex)] : []),
    ...(report.diagnosis ? [diagnosis(report.diagnosis)] : []),
    caseTable(report.cases),
    ...(problems.length > 0 ? ['## Cases that did not pass', ...problems.map(caseSection)] : []),
    footer(report),
  ];
  return `${sections.join('\n\n')}\n`;
}

function header(report: RunReport): string {
  const { codex, spec } = report.verdict;
  const ms = Date.parse(report.finishedAt) - Date.parse(report.startedAt);
  // A fidelity run leads with its own verdict (the exit code follows it); the Codex one grades cases only.
  const { fidelity } = report;
  const verdictLines = fidelity
    ? [`# ${fidelity.verdict === 'faithful' ? '✅' : '❌'} Fidelity: ${mdText(fidelityHeadline(fidelity), 200)}`, `- **Sides tested:** ${fidelity.sides.join(', ')}`]
    : [`# ${VERDICT_ICON[codex]} Codex: ${codex}`, `- **Codex verdict:** **${codex}**: ${CODEX_VERDICT_MEANING[codex]}.`, `- **Spec verdict:** **${spec}**: ${SPEC_VERDICT_MEANING[spec]}.`];
  return [
    verdictLines[0],
    '',
    ...(report.warnings ?? []).flatMap((w) => [`> **Warning:** ${mdText(w.message, 400)}`, '']),
    `- **Relay:** ${mdCode(report.target.baseUrl, 300)} with model ${mdCode(report.target.model, 100)}`,
    ...verdictLines.slice(1),
    `- **Result:** ${summaryText(report.summary)}`,
    ...(report.tokens ? [`- **Tokens the relay reported:** ${tokensText(report.tokens)}`] : []),
    ...(report.headers ? [`- **${HEADERS_HEADING}:**`, ...report.headers.map((o) => `  - ${mdText(headerObservationLine(o), 400)}`)] : []),
    `- **Run:** ${mdText(report.startedAt, 40)}${Number.isFinite(ms) && ms >= 0 ? `, ${formatDuration(ms)}` : ''}, relaycheck ${mdText(report.tool.version, 40)}${report.codex ? `, modelling Codex CLI ${mdText(report.codex.version, 40)}` : ''}`,
  ].join('\n');
}

/** run --with-codex: a disagreement with the real Codex is relaycheck's bug, so it comes before anything else. */
function disagreement(report: RunReport): string[] {
  const [headline, ...lines] = liveCodexDisagreementLines(report);
  if (headline === undefined) return [];
  return [[`> **${mdText(headline, 300)}**`, ...lines.map((line) => `> - ${mdText(line, 500)}`)].join('\n')];
}

function liveCodex(live: NonNullable<RunReport['liveCodex']>): string {
  return ['## The real Codex on this relay', '', mdText(liveCodexSummary(live), 300), '', ...live.turns.map((t) => `- ${t.succeeded ? '✅' : '❌'} ${mdText(liveCodexTurnLine(t), 600)}`)].join('\n');
}

function reasons(report: RunReport): string {
  if (report.verdict.reasons.length === 0) return '## Why\n\nNothing that Codex depends on broke.';
  return ['## Why', '', ...report.verdict.reasons.map((r) => `- ${mdText(r, 500)}`)].join('\n');
}

/** What relaycheck asked the relay to explain the refusal (report.json's `diagnosis`). */
function diagnosis(d: NonNullable<RunReport['diagnosis']>): string {
  return ['## Diagnosis', '', ...diagnosisLines(d).map((line) => `- ${mdText(line, 500)}`)].join('\n');
}

function caseTable(cases: CaseResult[]): string {
  if (cases.length === 0) return '## Cases\n\nNo case was run.';
  const rows = cases.map((c) => {
    const http = c.http ? String(c.http.status) : '—';
    return `| ${STATUS_ICON[c.status]} ${c.status} | ${mdText(c.id, 100)} | ${mdText(c.title, 120)} | ${http} | ${formatDuration(c.durationMs)} |`;
  });
  const shown = (Object.keys(STATUS_ICON) as CaseStatus[]).filter((status) => status !== 'pass' && cases.some((c) => c.status === status));
  const legend = shown.map((status) => `- ${STATUS_ICON[status]} **${status}**: ${CASE_STATUS_MEANING[status]}.`);
  return ['## Cases', '', '| Status | Case | Title | HTTP | Duration |', '| --- | --- | --- | --: | --: |', ...rows, ...(legend.length > 0 ? ['', ...legend] : [])].join('\n');
}

/** Short phrase for a case heading: unsupported reads as a missing endpoint, not a crash. */
function statusPhrase(c: CaseResult): string {
  switch (c.status) {
    case 'unsupported':
      return `endpoint unsupported (HTTP ${c.http?.status ?? '?'})`;
    case 'error':
      return `no answer (${c.error?.kind ?? 'error'})`;
    case 'fail':
      return 'a required check failed';
    case 'warn':
      return 'spec deviations only';
    case 'skip':
      return 'skipped';
    default:
      return c.status;
  }
}

function caseSection(c: CaseResult): string {
  const facts = [`suite ${mdText(c.suite, 60)}`, c.http ? `HTTP ${c.http.status}` : 'no HTTP answer', formatDuration(c.durationMs)];
  const parts = [
    `### ${STATUS_ICON[c.status]} ${mdText(c.id, 100)}: ${statusPhrase(c)}`,
    `**${mdText(c.title, 200)}** (${facts.join(', ')})`,
    `> **Requirement:** ${mdText(c.requirement, 500)}`,
  ];
  if (c.labels.length > 0) parts.push(`**Diagnosis:** ${c.labels.map((l) => mdText(labelMeaning(l) ?? l, 200)).join('; ')}`);
  const retried = retryPhrase(c);
  if (retried) parts.push(`**Retries:** ${mdText(retried, 300)}`);
  if (c.error) parts.push(`**No answer:** ${mdText(c.error.kind, 20)}, ${transportMeaning(c.error.kind)}: ${mdText(c.error.message, 300)}`);
  const failed = failedChecks(c);
  if (failed.length > 0) parts.push(['**Failed checks:**', '', ...failed.map(checkItem)].join('\n'));
  else if (c.status === 'skip') parts.push(`**Skipped:** ${mdText(c.checks.find((check) => check.status === 'skip')?.message ?? 'no check ran', 300)}`);
  if (c.transcript) {
    parts.push(['<details><summary>Transcript excerpt</summary>', '', mdFence(transcriptExcerpt(c.transcript)), '', '</details>'].join('\n'));
  }
  return parts.join('\n\n');
}

function checkItem(check: CheckResult): string {
  const icon = check.severity === 'required' ? '❌' : '⚠️';
  const lines = [`- ${icon} **${check.severity}** ${mdCode(check.id, 80)}: ${mdText(check.message, 300)}`];
  const failures = check.failures ?? [];
  for (const f of failures.slice(0, MAX_FAILURES_SHOWN)) lines.push(`  - ${failureText(f)}`);
  if (failures.length > MAX_FAILURES_SHOWN) lines.push(`  - … ${failures.length - MAX_FAILURES_SHOWN} more in report.json`);
  return lines.join('\n');
}

function failureText(f: Failure): string {
  const where = [f.eventIndex !== undefined ? `event ${f.eventIndex}` : '', f.path !== undefined ? `at ${mdCode(f.path, 120)}` : ''].filter(Boolean).join(' ');
  const values = [f.expected !== undefined ? `expected ${mdCode(valueText(f.expected))}` : '', f.actual !== undefined ? `received ${mdCode(valueText(f.actual))}` : '']
    .filter(Boolean)
    .join(', ');
  return [where ? `${where}:` : '', mdText(f.message, 300), values ? `(${values})` : ''].filter(Boolean).join(' ');
}

function footer(report: RunReport): string {
  return [
    '---',
    '',
    `relaycheck report format ${report.schemaVersion} (docs/report-format.md). report.json holds every value exactly;`,
    'this page cuts long values and shows control characters as `\\uXXXX` escapes.',
  ].join('\n');
}
