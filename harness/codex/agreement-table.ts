// The agreement table `npm run test:codex` prints and docs/codex-agreement.md holds: one row per
// behaviour, what Codex did, what relaycheck said and which required checks named the cause.
import type { RowResult } from './agreement-run.ts';
import { behaviourName } from './agreement-matrix.ts';
import { CODEX_VERSION } from './codex-version.ts';

const MAX_MESSAGE = 90;

export function codexColumn(result: RowResult): string {
  const { codex } = result;
  if (codex.kind === 'completes') return 'completes';
  if (codex.kind === 'loses') return `exit 0, loses ${codex.lost}`;
  // Ports and relay-made ids change from run to run; the table should not.
  const stable = codex.message.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT').replace(/\b(rs|resp|msg|call)_[0-9a-f]{16,}/g, '$1_…');
  return `fails: ${stable.length > MAX_MESSAGE ? `${stable.slice(0, MAX_MESSAGE)}…` : stable}`;
}

export function renderAgreementTable(results: RowResult[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const agreeing = results.filter((r) => r.agrees).length;
  const lines = [
    `Codex agreement: ${agreeing}/${results.length} behaviours (Codex CLI ${CODEX_VERSION})`,
    '',
    `| behaviour | Codex ${CODEX_VERSION} | relaycheck | failing required checks | agree? |`,
    '|---|---|---|---|---|',
  ];
  for (const result of results) {
    const checks = result.failedRequired.map((id) => (result.row.expect.codex !== 'completes' && id === result.row.expect.check ? `**${id}**` : id)).join(', ') || '—';
    lines.push(`| ${cell(behaviourName(result.row))} | ${cell(codexColumn(result))} | ${result.verdict} | ${checks} | ${result.agrees ? 'yes' : '**NO**'} |`);
  }
  return `${lines.join('\n')}\n`;
}
