// `relaycheck checks [--json]`: every registered check, its severity, its rule and the cases that
// run it, read from the registry and the suites (the one place each is decided).
import { Command } from 'commander';
import { checksById } from '../checks/registry.ts';
import { SHIPPED_SUITES } from '../../suites/index.ts';
import type { Severity } from '../report/model.ts';
import type { CliCommand, CliIo } from './cli-io.ts';
import { EXIT } from './usage-error.ts';

export interface CheckListing {
  id: string;
  severity: Severity;
  title: string;
  requirement: string;
  /** `suite/case` ids of the cases that run the check. */
  cases: string[];
}

export function listChecks(): CheckListing[] {
  return [...checksById.values()].map((check) => ({
    id: check.id,
    severity: check.severity,
    title: check.title,
    requirement: check.requirement,
    cases: SHIPPED_SUITES.flatMap((suite) => suite.cases.filter((c) => c.checks.includes(check.id)).map((c) => `${suite.id}/${c.id}`)),
  }));
}

export function checksCommand(io: CliIo): CliCommand {
  return {
    definition: new Command('checks')
      .option('--json', 'print the list as JSON'),
    async execute(flags: { json?: boolean }) {
      const checks = listChecks();
      if (flags.json) {
        io.stdout.write(`${JSON.stringify({ checks }, null, 2)}\n`);
        return EXIT.compatible;
      }
      for (const severity of ['required', 'recommended'] satisfies Severity[]) {
        const group = checks.filter((c) => c.severity === severity);
        io.stdout.write(`${severity} (${group.length})\n`);
        for (const check of group) io.stdout.write(`  ${check.id.padEnd(34)} ${check.requirement} [${check.cases.length} case${check.cases.length === 1 ? '' : 's'}]\n`);
      }
      return EXIT.compatible;
    },
  };
}
