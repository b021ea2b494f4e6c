// Which of two case outcomes is worse: the capability matrix shows a capability's worst case, and a
// repeated run keeps each case's worst run. Broken (Codex fails) comes before tolerated.
import type { CaseStatus } from '../report/model.ts';

/** Worst first: a required check failed, no answer, no endpoint, spec deviations, nothing applied, passed. */
export const STATUS_WORST_FIRST: readonly CaseStatus[] = ['fail', 'error', 'unsupported', 'warn', 'skip', 'pass'];

export const statusRank = (status: CaseStatus): number => STATUS_WORST_FIRST.indexOf(status);

export function worstStatus(statuses: Iterable<CaseStatus>): CaseStatus | undefined {
  let worst: CaseStatus | undefined;
  for (const status of statuses) if (worst === undefined || statusRank(status) < statusRank(worst)) worst = status;
  return worst;
}

/** Statuses Codex breaks on (as in the verdict): the relay failed this case. */
export const isBroken = (status: CaseStatus): boolean => status === 'fail' || status === 'error' || status === 'unsupported';
