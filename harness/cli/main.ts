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
import { checksCommand } from './checks-command.ts';
import { fidelityCommand } from './fidelity-command.ts';
import { EXIT, UsageError } from './usage-error.ts';
import { optionDescription } from './option-help.ts';
import { FixtureError } from '../fixtures/fixture.ts';
import { UnknownSuiteError } from '../../suites/index.ts';
import { TOOL_VERSION } from '../tool-version.ts';
import { CodexConfigError } from '../codex-config/read-config.ts';
import { ReportFileError } from '../report/read-report.ts';
import { TargetsFileError } from '../fleet/targets-file.ts';
import { MergeError } from '../fleet/merge-shards.ts';
import { ChatGptTokenRefusal } from '../codex-config/chatgpt-token-guard.ts';
import { Redactor } from '../redact.ts';
import type { CliIo } from './cli-io.ts';

/** Error lines can quote a URL or header the user typed: nothing shaped like a credential is printed. */
const scrub = (text: string): string => new Redactor().text(text);

const USER_ERRORS = [UsageError, FixtureError, UnknownSuiteError, CodexConfigError, ChatGptTokenRefusal, ReportFileError, TargetsFileError, MergeError];
const COMMANDS = [runCommand, doctorCommand, simulateCommand, recordCommand, badgeCommand, compareCommand, mergeCommand, checksCommand, fidelityCommand];

/** One-line errors to io, and no process.exit, for the program and each command (addCommand does not inherit). */
function configure(command: Command, io: CliIo): Command {
  return command
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
      outputError: (text, write) => write(scrub(`relaycheck: ${text.replace(/^error: /, '')}`)),
    })
    .configureHelp({ optionDescription })
    .showHelpAfterError('(run relaycheck --help for usage)');
}

/** Runs one command line and returns its exit code; prints and reads the environment only through io. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const program = configure(new Command('relaycheck'), io)
    .description('Conformance harness for relays serving the OpenAI Responses API to Codex CLI')
    .version(TOOL_VERSION);
  // The exit code of the command whose action ran (--help and --version end in the catch below).
  let exitCode: number = EXIT.compatible;
  for (const { definition, execute } of COMMANDS.map((make) => make(io))) {
    program.addCommand(configure(definition, io).action(async (...args: unknown[]) => {
      exitCode = await execute(...args);
    }));
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here too, with code 0.
      return error.exitCode === 0 ? 0 : EXIT.usage;
    }
    if (USER_ERRORS.some((type) => error instanceof type)) {
      io.stderr.write(scrub(`relaycheck: ${(error as Error).message}\n`));
      return EXIT.usage;
    }
    io.stderr.write(scrub(`relaycheck: internal error: ${error instanceof Error ? error.message : String(error)}\n`));
    if (io.env.RELAYCHECK_DEBUG) io.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    return EXIT.internal;
  }
}
