// `relaycheck compare A.json B.json`: what broke and what was fixed from A to B, as Markdown on
// stdout (for a pull-request comment). Exit 1 when a check that passed in A fails in B, else 0.
import { Command } from 'commander';
import { compareReports } from '../report/compare-reports.ts';
import { readReportFile } from '../report/read-report.ts';
import { relayMismatch, renderComparisonMarkdown } from '../report/render-comparison.ts';
import { clean } from '../report/plain-text.ts';
import type { CliCommand, CliIo } from './cli-io.ts';
import { EXIT, UsageError } from './usage-error.ts';

export function compareCommand(io: CliIo): CliCommand {
  return {
    definition: new Command('compare')
      .argument('<before>', 'the earlier report.json (the baseline)')
      .argument('<after>', 'the later report.json')
      .option('--strict', 'exit 2 when the two reports are of different relays (base URL or model)'),
    async execute(beforeFile: string, afterFile: string, flags: { strict?: boolean }) {
      const [before, after] = await Promise.all([readReportFile(beforeFile), readReportFile(afterFile)]);
      const comparison = compareReports(before, after);
      const mismatch = relayMismatch(comparison.relayDifferences);
      if (mismatch !== undefined && flags.strict) throw new UsageError(`--strict: ${mismatch}`);
      if (mismatch !== undefined) io.stderr.write(`relaycheck: warning: ${clean(mismatch, 600)}\n`);
      io.stdout.write(renderComparisonMarkdown(comparison, { before: beforeFile, after: afterFile }));
      return comparison.regressed ? EXIT.notCompatible : EXIT.compatible;
    },
  };
}
