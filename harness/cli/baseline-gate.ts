// `run --baseline OLD.json`: the CI regression gate. The run is compared with the earlier report;
// the exit code is 1 only when a check that passed there fails now (or a case Codex could use
// broke), so a relay that was already partial does not fail every build until it is perfect.
import path from 'node:path';
import type { RunReport } from '../report/model.ts';
import { compareReports } from '../report/compare-reports.ts';
import type { ConsoleStream } from '../report/console-reporter.ts';
import { comparisonLines, relayMismatch, renderComparisonMarkdown } from '../report/render-comparison.ts';
import { clean } from '../report/plain-text.ts';
import { writeAtomically } from '../report/write-reports.ts';
import { EXIT } from './usage-error.ts';

export const COMPARISON_FILE = 'comparison.md';

/** Prints what broke and what was fixed, writes comparison.md next to the reports, and returns the exit code. */
export async function applyBaseline(baseline: RunReport, baselineFile: string, report: RunReport, outDir: string | undefined, out: ConsoleStream): Promise<number> {
  const comparison = compareReports(baseline, report);
  const mismatch = relayMismatch(comparison.relayDifferences);
  if (mismatch !== undefined) out.write(`warning: ${clean(mismatch, 600)}\n`);
  for (const line of comparisonLines(comparison, baselineFile)) out.write(`${line}\n`);
  if (outDir !== undefined) {
    const file = path.join(outDir, COMPARISON_FILE);
    await writeAtomically(file, renderComparisonMarkdown(comparison, { before: baselineFile, after: 'this run' }));
    out.write(`Comparison: ${file}\n`);
  }
  return comparison.regressed ? EXIT.notCompatible : EXIT.compatible;
}
