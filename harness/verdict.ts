// The run's verdicts. Codex's: compatible only when every required check passed in every case Codex
// depends on. The spec's: whether recommended checks found deviations.
import type { CaseResult, CodexVerdict, RunDiagnosis, RunReport, RunSummary, SpecVerdict } from './model.ts';
import { diagnosisReasons } from './diagnosis/run-diagnosis.ts';

const MAX_REASONS = 12;

export function summarize(cases: CaseResult[]): RunSummary {
  const count = (status: CaseResult['status']) => cases.filter((c) => c.status === status).length;
  return {
    total: cases.length,
    passed: count('pass'),
    failed: count('fail'),
    warned: count('warn'),
    skipped: count('skip'),
    unsupported: count('unsupported'),
    errored: count('error'),
  };
}

/** Cases whose outcome Codex depends on: those with at least one required check. */
const isCodexCase = (c: CaseResult) => c.checks.some((check) => check.severity === 'required');
const broken = (c: CaseResult) => c.status === 'fail' || c.status === 'unsupported' || c.status === 'error';

/** The verdict from the cases' final statuses; the diagnosis (when there is one) explains them first. */
export function decideVerdict(cases: CaseResult[], diagnosis?: RunDiagnosis): RunReport['verdict'] {
  const codexCases = cases.filter(isCodexCase);
  const brokenCases = codexCases.filter(broken);
  let codex: CodexVerdict;
  if (codexCases.length === 0) codex = 'not-evaluated';
  else if (brokenCases.length === 0) codex = 'compatible';
  else if (brokenCases.length === codexCases.length || brokenCases.some((c) => c.core)) codex = 'incompatible';
  else codex = 'partial';

  const reasons = diagnosisReasons(diagnosis);
  if (codexCases.length === 0) reasons.push('no case that Codex depends on was run');
  for (const c of brokenCases) reasons.push(`${c.id}: ${caseCause(c)}`);

  const streamed = cases.some((c) => c.http?.status === 200);
  // Only an answer can deviate from the spec: a check failing on a refused connection judged nothing.
  const deviations = cases.some((c) => c.http !== undefined && c.checks.some((check) => check.severity === 'recommended' && check.status === 'fail'));
  const spec: SpecVerdict = deviations ? 'deviations' : streamed ? 'conformant' : 'not-evaluated';
  return { codex, spec, reasons: [...new Set(reasons)].slice(0, MAX_REASONS) };
}

/**
 * Whether a run succeeded, for the exit code: Codex-compatible, or (a run of only non-core suites,
 * which has no Codex verdict) every one of its cases passed or did not apply.
 */
export function runSucceeded(verdict: { codex: CodexVerdict }, summary: RunSummary): boolean {
  if (verdict.codex === 'compatible') return true;
  return verdict.codex === 'not-evaluated' && summary.passed + summary.skipped === summary.total;
}

/** The one sentence naming why a case broke: the cause Codex would hit. */
export function caseCause(c: CaseResult): string {
  if (c.status === 'unsupported') return `endpoint unsupported (HTTP ${c.http?.status ?? '?'})`;
  const required = c.checks.find((check) => check.severity === 'required' && check.status === 'fail');
  if (required) return `${required.id}: ${required.message}`;
  if (c.error) return `${c.error.kind}: ${c.error.message}`;
  return c.status;
}
