// `relaycheck badge REPORT.json [--out DIR]`: badge.svg and badge.json again from an existing
// report (after a relaycheck upgrade changed the wording, or to publish a report made elsewhere).
import path from 'node:path';
import { Command } from 'commander';
import { badgeFor } from '../report/badge.ts';
import { readReportFile } from '../report/read-report.ts';
import { writeReports } from '../report/write-reports.ts';
import type { CliCommand, CliIo } from './cli-io.ts';
import { EXIT } from './usage-error.ts';

export function badgeCommand(io: CliIo): CliCommand {
  return {
    definition: new Command('badge')
      .argument('<report>', 'a report.json written by relaycheck run')
      .option('--out <dir>', "folder for the badges (default: the report's folder)"),
    async execute(reportFile: string, flags: { out?: string }) {
      const report = await readReportFile(reportFile);
      const { files } = await writeReports(report, { outDir: flags.out ?? path.dirname(reportFile), formats: ['badge'] });
      const { label, message } = badgeFor(report);
      io.stdout.write(`${label} | ${message}: ${files.join(', ')}\n`);
      return EXIT.compatible;
    },
  };
}
