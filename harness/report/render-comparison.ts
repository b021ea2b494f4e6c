// A comparison of two reports, as Markdown for a pull-request comment (`relaycheck compare`) and as
// plain lines for the console (`run --baseline`). Ids and messages come from report files, which a
// relay partly wrote: they go through markdown-escape.ts / plain-text.ts like everything else.
import type { CaseChange, CheckChange, RelayDifference, ReportComparison, ReportSide } from './compare-reports.ts';
import { mdText } from './markdown-escape.ts';
import { clean } from './plain-text.ts';

/** Rows listed per table; the rest is counted. A PR comment has a size limit (65,536 characters on GitHub). */
const MAX_ROWS = 50;

export function comparisonTitle(cmp: ReportComparison): string {
  const broken = cmp.brokenChecks.length + cmp.brokenCases.length;
  const fixed = cmp.fixedChecks.length + cmp.fixedCases.length;
  if (broken === 0 && fixed === 0) return 'no check changed';
  return [broken > 0 ? `${broken} broken` : '', fixed > 0 ? `${fixed} fixed` : ''].filter(Boolean).join(', ');
}

/** One line (unescaped) saying the two reports are of different relays, or undefined when they are not. */
export function relayMismatch(differences: RelayDifference[]): string | undefined {
  if (differences.length === 0) return undefined;
  return `the two reports are of different relays (${differences.map((d) => `${d.field} ${d.before} → ${d.after}`).join('; ')}): their differences may be the relays', not changes`;
}

export function renderComparisonMarkdown(cmp: ReportComparison, names: { before: string; after: string } = { before: 'before', after: 'after' }): string {
  const icon = cmp.regressed ? '❌' : '✅';
  const parts = [
    `## ${icon} relaycheck: ${comparisonTitle(cmp)}`,
    ...warningQuote(cmp),
    `Compared ${mdText(names.before, 120)} (${mdText(cmp.before.startedAt, 40)}) with ${mdText(names.after, 120)} (${mdText(cmp.after.startedAt, 40)}). Only check and case statuses count; timings are ignored.`,
    sidesTable(cmp.before, cmp.after),
  ];
  if (cmp.brokenChecks.length + cmp.brokenCases.length > 0) {
    parts.push('### ❌ Broken: passed before, fail now', ...checkTable(cmp.brokenChecks), ...caseList(cmp.brokenCases));
  }
  if (cmp.fixedChecks.length + cmp.fixedCases.length > 0) {
    parts.push('### ✅ Fixed: failed before, pass now', ...checkTable(cmp.fixedChecks), ...caseList(cmp.fixedCases));
  }
  const skipped = [
    cmp.onlyBefore.length > 0 ? `- Only in ${mdText(names.before, 120)}: ${cmp.onlyBefore.slice(0, MAX_ROWS).map((id) => mdText(id, 100)).join(', ')}` : '',
    cmp.onlyAfter.length > 0 ? `- Only in ${mdText(names.after, 120)}: ${cmp.onlyAfter.slice(0, MAX_ROWS).map((id) => mdText(id, 100)).join(', ')}` : '',
  ].filter(Boolean);
  if (skipped.length > 0) parts.push('### Not compared', ...skipped);
  return `${parts.join('\n\n')}\n`;
}

function warningQuote(cmp: ReportComparison): string[] {
  const mismatch = relayMismatch(cmp.relayDifferences);
  return mismatch === undefined ? [] : [`> **Warning:** ${mdText(mismatch, 600)}`];
}

function sidesTable(before: ReportSide, after: ReportSide): string {
  const passed = (s: ReportSide) => `${s.summary.passed}/${s.summary.total}`;
  const row = (name: string, a: string, b: string) => `| ${name} | ${a} | ${b} |`;
  return [
    '| | Before | After |',
    '| --- | --- | --- |',
    row('Relay', mdText(before.baseUrl, 120), mdText(after.baseUrl, 120)),
    row('Model', mdText(before.model, 120), mdText(after.model, 120)),
    row('Codex verdict', before.codex, after.codex),
    row('Spec verdict', before.spec, after.spec),
    row('Cases passed', passed(before), passed(after)),
  ].join('\n');
}

function checkTable(changes: CheckChange[]): string[] {
  if (changes.length === 0) return [];
  const rows = changes.slice(0, MAX_ROWS).map((c) => `| ${mdText(c.caseId, 100)} | ${mdText(c.checkId, 80)} | ${c.severity} | ${c.before} → ${c.after} | ${mdText(c.message, 200)} |`);
  const more = changes.length > MAX_ROWS ? [`… ${changes.length - MAX_ROWS} more`] : [];
  return [['| Case | Check | Severity | Status | Now |', '| --- | --- | --- | --- | --- |', ...rows].join('\n'), ...more];
}

function caseList(changes: CaseChange[]): string[] {
  if (changes.length === 0) return [];
  return [changes.slice(0, MAX_ROWS).map((c) => `- Case ${mdText(c.caseId, 100)}: ${c.before} → ${c.after}`).join('\n')];
}

/** Console lines for `run --baseline`: the count, then each broken and fixed item. */
export function comparisonLines(cmp: ReportComparison, baselineName: string): string[] {
  const lines = [`Compared with baseline ${clean(baselineName, 200)}: ${comparisonTitle(cmp)}`];
  for (const c of cmp.brokenChecks) lines.push(`  broken: ${clean(c.caseId, 80)} ${clean(c.checkId, 80)} (${c.severity}): ${clean(c.message, 160)}`);
  for (const c of cmp.brokenCases) lines.push(`  broken: ${clean(c.caseId, 80)} ${c.before} → ${c.after}`);
  for (const c of cmp.fixedChecks) lines.push(`  fixed:  ${clean(c.caseId, 80)} ${clean(c.checkId, 80)} (${c.severity})`);
  for (const c of cmp.fixedCases) lines.push(`  fixed:  ${clean(c.caseId, 80)} ${c.before} → ${c.after}`);
  if (cmp.onlyBefore.length + cmp.onlyAfter.length > 0) lines.push(`  not compared: ${cmp.onlyBefore.length} case(s) only in the baseline, ${cmp.onlyAfter.length} only in this run`);
  return lines;
}
