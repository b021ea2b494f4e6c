// Small pieces of markup report.html and matrix.html share: status chips, and the anchor of a case.
import type { CaseStatus, CodexVerdict } from './model.ts';
import { CASE_STATUS_MEANING, CODEX_VERDICT_MEANING } from './outcome-wording.ts';
import { escapeHtml } from './html-escape.ts';

const VERDICT_CLASS: Record<CodexVerdict, CaseStatus> = { compatible: 'pass', partial: 'warn', incompatible: 'fail', 'not-evaluated': 'skip' };

/** The status as a coloured word; the title attribute gives its meaning. Statuses are relaycheck's own words. */
export function statusChip(status: CaseStatus, text: string = status): string {
  return `<span class="chip s-${status}" title="${escapeHtml(CASE_STATUS_MEANING[status] ?? status)}">${escapeHtml(text)}</span>`;
}

export function verdictChip(verdict: CodexVerdict): string {
  return `<span class="chip s-${VERDICT_CLASS[verdict]}" title="${escapeHtml(CODEX_VERDICT_MEANING[verdict])}">${escapeHtml(verdict)}</span>`;
}

export function flakyChip(statuses: CaseStatus[]): string {
  return `<span class="chip s-flaky" title="broke in some runs and not in others: ${escapeHtml(statuses.join(', '))}">flaky</span>`;
}

/**
 * Fragment id of a case: derived from its position, not its id, so no text from the report ever
 * lands in an id or href. Matrix links use the same function.
 */
export function caseAnchor(index: number): string {
  return `case-${index}`;
}
