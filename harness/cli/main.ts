// relaycheck's command line. Every failure ends in one line on stderr and a documented exit code:
// 0 compatible, 1 not compatible, 2 usage or configuration error, 3 internal error.
import { Command, CommanderError } from 'commander';
import { runCommand } from './run-command.ts';
import { doctorCommand } from './doctor-command.ts';
import { simulateCommand } from './simulate-command.ts';
import { recordCommand } from './record-command.ts';
import { badgeCommand } from './badge-command.ts';
import { compareCommand } from './compare-command.ts';
import { mergeCommand } from './merge-command.ts';
import { EXIT, UsageError } from './usage-error.ts';
import { FixtureError } from '../fixtures/fixture.ts';
import { UnknownSuiteError } from '../../suites/index.ts';
import { TOOL_VERSION } from '../tool-version.ts';
import { CodexConfigError } from '../codex-config/read-config.ts';
import { ReportFileError } from '../report/read-report.ts';
import { TargetsFileError } from '../fleet/targets-file.ts';
import { MergeError } from '../fleet/merge-shards.ts';
import { ChatGptTokenRefusal } from '../codex-config/chatgpt-token-guard.ts';
import { Redactor } from '../redact.ts';

/** Error lines can quote a URL or header the user typed: nothing shaped like a credential is printed. */
const scrub = (text: string): string => new Redactor().text(text);

const USER_ERRORS = [UsageError, FixtureError, UnknownSuiteError, CodexConfigError, ChatGptTokenRefusal, ReportFileError, TargetsFileError, MergeError];

/** One-line errors and no process.exit, for the program and each command (addCommand does not inherit). */
function configure(command: Command): Command {
  return command
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(scrub(`relaycheck: ${text.replace(/^error: /, '')}`)) })
    .showHelpAfterError('(run relaycheck --help for usage)');
}

export async function main(argv: string[]): Promise<number> {
  const program = configure(new Command('relaycheck'))
    .description('Conformance harness for relays serving the OpenAI Responses API to Codex CLI')
    .version(TOOL_VERSION);
  for (const command of [runCommand(), doctorCommand(), simulateCommand(), recordCommand(), badgeCommand(), compareCommand(), mergeCommand()]) program.addCommand(configure(command));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.compatible;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here too, with code 0.
      return error.exitCode === 0 ? 0 : EXIT.usage;
    }
    if (USER_ERRORS.some((type) => error instanceof type)) {
      process.stderr.write(scrub(`relaycheck: ${(error as Error).message}\n`));
      return EXIT.usage;
    }
    process.stderr.write(scrub(`relaycheck: internal error: ${error instanceof Error ? error.message : String(error)}\n`));
    if (process.env.RELAYCHECK_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    return EXIT.internal;
  }
}

