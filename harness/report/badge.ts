// The compatibility badge's words and colour, and badge.json in the shields.io endpoint format
// (badge-svg.ts draws badge.svg). Shields rejects an endpoint answer with keys it does not know,
// so badge.json has exactly schemaVersion, label, message and color. The words come from the Codex
// verdict only, never from text the relay sent.
import type { RunReport } from './model.ts';
import { isBroken } from '../run/case-status-order.ts';
import { LABEL_MODEL_NOT_SERVED } from '../diagnosis/run-diagnosis.ts';

export type BadgeColor = 'green' | 'yellow' | 'red' | 'lightgrey';

/** The shields.io endpoint answer (https://shields.io/badges/endpoint-badge). */
export interface ShieldsEndpoint {
  schemaVersion: 1;
  label: string;
  message: string;
  color: BadgeColor;
}

export const BADGE_LABEL = 'codex';

/** `compatible` (green), `partial 21/25` (yellow), `/responses unsupported (HTTP 404)`, `model not served` or `incompatible 2/8` (red), `not evaluated` (grey). */
export function badgeFor(report: RunReport): ShieldsEndpoint {
  const badge = (message: string, color: BadgeColor): ShieldsEndpoint => ({ schemaVersion: 1, label: BADGE_LABEL, message, color });
  // The cases Codex depends on (a required check), as the verdict counts them; n/m = not broken / all.
  const codexCases = report.cases.filter((c) => c.checks.some((check) => check.severity === 'required'));
  const working = codexCases.filter((c) => !isBroken(c.status)).length;
  const ratio = codexCases.length > 0 ? ` ${working}/${codexCases.length}` : '';
  switch (report.verdict.codex) {
    case 'compatible':
      return badge('compatible', 'green');
    case 'partial':
      return badge(`partial${ratio}`, 'yellow');
    case 'not-evaluated':
      // No case Codex depends on ran: the badge claims nothing about Codex.
      return badge('not evaluated', 'lightgrey');
    case 'incompatible':
      if (codexCases.length > 0 && codexCases.every((c) => c.status === 'unsupported')) {
        // 404 (no such route) and 405 (route without POST) are different relays to fix: name the status.
        const statuses = [...new Set(codexCases.map((c) => c.http?.status).filter((s) => s !== undefined))].sort();
        return badge(`/responses unsupported${statuses.length > 0 ? ` (HTTP ${statuses.join(', ')})` : ''}`, 'red');
      }
      // The endpoint works; the model name is wrong: say so, not that the relay is broken.
      const brokenCases = codexCases.filter((c) => isBroken(c.status));
      if (brokenCases.length > 0 && brokenCases.every((c) => c.labels.includes(LABEL_MODEL_NOT_SERVED))) return badge('model not served', 'red');
      return badge(`incompatible${ratio}`, 'red');
  }
}

export function renderBadgeJson(report: RunReport): string {
  const { schemaVersion, label, message, color } = badgeFor(report);
  return `${JSON.stringify({ schemaVersion, label, message, color })}\n`;
}
