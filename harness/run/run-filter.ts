// How a run filtered with `--case` / `--check` is named, in the reasons and in usage errors.
import type { RunFilter } from '../report/model.ts';

export function describeFilter(filter: { cases?: string[]; checks?: string[] }): string {
  return [filter.cases?.length && `--case ${filter.cases.join(',')}`, filter.checks?.length && `--check ${filter.checks.join(',')}`].filter(Boolean).join(' and ');
}

/** The first reason of a filtered run's verdict. */
export function filterReason(filter: RunFilter): string {
  return `filtered run (${describeFilter(filter)}): ${filter.selected} of ${filter.of} cases, so no verdict on the whole relay is claimed`;
}
