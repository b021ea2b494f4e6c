// relaycheck's command line. Every failure ends in one line on stderr and a documented exit code:
// 0 compatible, 1 not compatible, 2 usage or configuration error, 3 internal error.
import { Command, CommanderError } from 'commander';
import { EXIT, UsageError } from './usage-error.ts';
import { optionDescription } from './option-help.ts';
import { TOOL_VERSION } from '../package/tool-version.ts';
import { Redactor } from '../redact/redact.ts';
import type { CliCommand, CliIo } from './cli-io.ts';

/** Error lines can quote a URL or header the user typed: nothing shaped like a credential is printed. */
const scrub = (text: string): string => new Redactor().text(text);

/** The user's own mistakes: one line and exit 2. Loaded only when something failed, as the commands are. */
const userErrorTypes = async (): Promise<(abstract new (...args: never[]) => Error)[]> => [
  UsageError,
  (await import('../replay/fixture.ts')).FixtureError,
  (await import('../../suites/index.ts')).UnknownSuiteError,
  (await import('../codex-config/read-config.ts')).CodexConfigError,
  (await import('../codex-config/chatgpt-token-guard.ts')).ChatGptTokenRefusal,
  (await import('../report/read-report.ts')).ReportFileError,
  (await import('../fleet/targets-file.ts')).TargetsFileError,
  (await import('../fleet/merge-shards.ts')).MergeError,
];

interface CommandEntry {
  name: string;
  /** One line, for `relaycheck --help` and the command's own help. */
  description: string;
  /** The command's code: imported only when it is the one that runs, so --version and --help load none. */
  load(): Promise<(io: CliIo) => CliCommand>;
}

const COMMANDS: CommandEntry[] = [
  { name: 'run', description: 'replay recorded Codex CLI requests against a relay and report what Codex would do', load: async () => (await import('./run-command.ts')).runCommand },
  { name: 'doctor', description: 'diagnose the relay in your Codex config (or given by flags) and print a provider block that works', load: async () => (await import('./doctor-command.ts')).doctorCommand },
  { name: 'simulate', description: 'serve one of the built-in simulated relays on 127.0.0.1 (its help lists them)', load: async () => (await import('./simulate-command.ts')).simulateCommand },
  { name: 'record', description: 'serve a capture relay on 127.0.0.1 and save every request Codex sends as a fixture', load: async () => (await import('./record-command.ts')).recordCommand },
  { name: 'badge', description: 'write badge.svg and badge.json (shields.io endpoint) from a report.json', load: async () => (await import('./badge-command.ts')).badgeCommand },
  { name: 'compare', description: 'compare two reports of a relay and print the difference in Markdown (exit 1 when something broke)', load: async () => (await import('./compare-command.ts')).compareCommand },
  { name: 'merge', description: 'combine the output folders of sharded `run --targets` jobs into one matrix', load: async () => (await import('./merge-command.ts')).mergeCommand },
  { name: 'checks', description: 'list every check with its severity, its rule and the cases that run it', load: async () => (await import('./checks-command.ts')).checksCommand },
  { name: 'fidelity', description: 'serve a reference upstream, send Codex\'s requests through the relay in front of it, and name what the relay changed on the way', load: async () => (await import('./fidelity-command.ts')).fidelityCommand },
];

/** The command this command line runs (`relaycheck help X` asks for X's help), if it names one. */
function selectedCommand(argv: string[]): CommandEntry | undefined {
  const [first, second] = argv;
  const name = first === 'help' ? second : first;
  return COMMANDS.find((entry) => entry.name === name);
}

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

/**
 * Every command, by name and description; only the one this command line runs is loaded, with its
 * options and action (which records its exit code through `done`).
 */
async function addCommands(program: Command, argv: string[], io: CliIo, done: (exitCode: number) => void): Promise<void> {
  const selected = selectedCommand(argv);
  for (const entry of COMMANDS) {
    if (entry !== selected) {
      // Named in the command list and in suggestions for a typo; never run.
      program.addCommand(configure(new Command(entry.name).description(entry.description), io));
      continue;
    }
    const { definition, execute } = (await entry.load())(io);
    program.addCommand(configure(definition.description(entry.description), io).action(async (...args: unknown[]) => done(await execute(...args))));
  }
}

/** Runs one command line and returns its exit code; prints and reads the environment only through io. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const program = configure(new Command('relaycheck'), io)
    .description('Conformance harness for relays serving the OpenAI Responses API to Codex CLI')
    .version(TOOL_VERSION);
  // The exit code of the command whose action ran (--help and --version end in the catch below).
  let exitCode: number = EXIT.compatible;
  try {
    await addCommands(program, argv, io, (code) => (exitCode = code));
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here too, with code 0.
      return error.exitCode === 0 ? 0 : EXIT.usage;
    }
    if ((await userErrorTypes()).some((type) => error instanceof type)) {
      io.stderr.write(scrub(`relaycheck: ${(error as Error).message}\n`));
      return EXIT.usage;
    }
    io.stderr.write(scrub(`relaycheck: internal error: ${error instanceof Error ? error.message : String(error)}\n`));
    if (io.env.RELAYCHECK_DEBUG) io.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    return EXIT.internal;
  }
}
