// The one decision of a fidelity run: faithful (no finding of either severity, every case answered)
// or not, and its headline in words, shared by the console lines and every report writer. The
// generic Codex verdict of the cases says nothing about transparency, so fidelity reports lead with this.
import type { CaseResult, FidelityFinding, FidelityReport } from '../report/model.ts';

export function decideFidelity(findings: FidelityFinding[], cases: CaseResult[]): Pick<FidelityReport, 'verdict' | 'requiredFindings' | 'unansweredCases'> {
  const unansweredCases = cases.filter((c) => c.status === 'error').length;
  return {
    verdict: findings.length === 0 && unansweredCases === 0 ? 'faithful' : 'not-faithful',
    requiredFindings: findings.filter((f) => f.severity === 'required').length,
    unansweredCases,
  };
}

/** "faithful", or "not faithful: 2 required finding(s), 3 recommended; 1 case(s) got no answer". */
export function fidelityHeadline(fidelity: FidelityReport): string {
  if (fidelity.verdict === 'faithful') return 'faithful';
  const recommended = fidelity.findings.length - fidelity.requiredFindings;
  const unanswered = fidelity.unansweredCases > 0 ? `; ${fidelity.unansweredCases} case(s) got no answer` : '';
  return `not faithful: ${fidelity.requiredFindings} required finding(s)${recommended > 0 ? `, ${recommended} recommended` : ''}${unanswered}`;
}
