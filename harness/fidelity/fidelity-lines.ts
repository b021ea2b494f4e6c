// What `relaycheck fidelity` prints for people: one line per case, each finding under its case, and
// the outcome. Relay text goes through clean() (no escape sequences reach the terminal).
import type { RunReport } from '../report/model.ts';
import { clean } from '../report/plain-text.ts';
import { fidelityHeadline } from './fidelity-verdict.ts';

const MARK = { pass: '✓', fail: '✗', warn: '!', skip: '-', unsupported: '⊘', error: '‼' } as const;

export function fidelityLines(report: RunReport): string[] {
  const findings = report.fidelity?.findings ?? [];
  const lines: string[] = [];
  for (const c of report.cases) {
    const answer = c.error ? ` (${clean(c.error.message, 200)})` : c.http && c.http.status !== 200 ? ` (the relay answered HTTP ${c.http.status})` : '';
    lines.push(`${MARK[c.status]} ${c.id.padEnd(22)} ${clean(c.title, 100)}${answer}`);
    for (const f of findings.filter((finding) => finding.caseId === c.id)) lines.push(`    ${f.id} [${f.severity}]: ${clean(f.message, 300)}`);
  }
  const ids = [...new Set(findings.map((f) => f.id))];
  if (report.interrupted) {
    lines.push(`interrupted after ${report.cases.length} of ${report.interrupted.planned} case(s): ${findings.length} finding(s) so far`);
    return lines;
  }
  const fidelity = report.fidelity;
  if (!fidelity) return lines;
  const sides = `sides tested: ${fidelity.sides.join(', ')}`;
  lines.push(
    fidelity.verdict === 'faithful'
      ? `faithful: ${report.cases.length} case(s) passed through ${clean(report.target.baseUrl, 200)} unchanged (${sides})`
      : `${fidelityHeadline(fidelity)}${ids.length ? ` (${ids.join(', ')})` : ''} (${sides})`,
  );
  return lines;
}
