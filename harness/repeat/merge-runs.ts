// Folds the K results of each case of a repeated run into one: the case keeps its worst run (whose
// checks and transcript explain it) and the status of every run. A case that broke in some runs and
// not in others is flaky, told apart from one that broke every time; the verdict counts both as
// broken, because Codex users hit a flaky failure too.
import type { CaseResult, RunReport, TokenCounts } from '../report/model.ts';
import { addTokens, runTokens } from '../run/token-usage.ts';
import { isBroken, worstStatus } from '../run/case-status-order.ts';
import { decideVerdict, summarize } from '../run/verdict.ts';

/** Where each result of the expanded run belongs: the case's real id and the run's number (1-based). */
export type RunOrigin = Map<string, { id: string; run: number }>;

export function mergeRepeatedRuns(expanded: RunReport, origin: RunOrigin, runs: number): RunReport {
  const byCase = new Map<string, CaseResult[]>();
  for (const result of expanded.cases) {
    const from = origin.get(result.id);
    if (!from) throw new Error(`repeated run produced an unknown case id ${result.id}`);
    const results = byCase.get(from.id) ?? [];
    results[from.run - 1] = result;
    byCase.set(from.id, results);
  }
  const cases = [...byCase].map(([id, results]) => mergeCase(id, results));
  // The spec verdict stays the expanded run's: a deviation in any run is a deviation. The reasons
  // name flaky cases (from c.runs) as such.
  const verdict = { ...decideVerdict(cases, expanded.diagnosis, expanded.filter), spec: expanded.verdict.spec };
  const tokens = runTokens(cases);
  return { ...expanded, summary: summarize(cases), verdict, cases, repeat: { runs }, ...(tokens && { tokens }) };
}

function mergeCase(id: string, results: CaseResult[]): CaseResult {
  const statuses = results.map((r) => r.status);
  const worst = worstStatus(statuses)!;
  const representative = results.find((r) => r.status === worst)!;
  const flaky = statuses.some(isBroken) && statuses.some((s) => !isBroken(s));
  // Every run's requests cost tokens, not only the representative's.
  const tokens = results.reduce<TokenCounts | undefined>((sum, r) => addTokens(sum, r.tokens), undefined);
  return { ...representative, id, runs: { statuses, flaky }, ...(tokens && { tokens }) };
}

/** Indices of the flaky cases and of the cases that broke in every run, in report order. */
export function repeatClasses(report: RunReport): { flaky: number[]; broken: number[] } {
  const flaky: number[] = [];
  const broken: number[] = [];
  report.cases.forEach((c, i) => {
    if (c.runs?.flaky) flaky.push(i);
    else if (c.runs?.statuses.every(isBroken)) broken.push(i);
  });
  return { flaky, broken };
}
