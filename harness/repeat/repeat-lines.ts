// Console lines after a repeated run: flaky cases apart from broken ones, with each run's status.
import type { RunReport } from '../report/model.ts';
import { clean } from '../report/plain-text.ts';
import { repeatClasses } from './merge-runs.ts';

export function repeatLines(report: RunReport): string[] {
  if (!report.repeat) return [];
  const { flaky, broken } = repeatClasses(report);
  const line = (i: number) => `  ${clean(report.cases[i]!.id, 60)}: ${report.cases[i]!.runs!.statuses.join(', ')}`;
  return [
    `Repeated ${report.repeat.runs} times: ${flaky.length} flaky (broke in some runs), ${broken.length} broken (broke in every run)`,
    ...(flaky.length > 0 ? ['Flaky:', ...flaky.map(line)] : []),
    ...(broken.length > 0 ? ['Broken:', ...broken.map(line)] : []),
  ];
}
