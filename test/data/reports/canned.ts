// Loads the canned RunReports the report tests render. Each file is a named scenario; regenerate
// none of them from a live run: their values are fixed so snapshots stay stable.
import { readFileSync } from 'node:fs';
import type { RunReport } from '../../../harness/report/model.ts';

export const SCENARIOS = ['all-pass', 'unsupported-chat-only', 'mixed-failures-with-error', 'hostile-strings'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export function loadReport(name: Scenario): RunReport {
  return JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8')) as RunReport;
}
