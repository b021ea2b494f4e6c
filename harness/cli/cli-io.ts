// What a relaycheck command may touch of its process: where it prints and the environment it reads.
// main() receives them, so the bin passes the real process's and tests pass their own, in-process.
import type { Command } from 'commander';
import type { ConsoleStream } from '../report/console-reporter.ts';

export interface CliIo {
  /** Reports, tables, Markdown: what a user pipes on. isTTY turns on colour and the live line. */
  stdout: ConsoleStream;
  /** One-line errors and notices. */
  stderr: { write(chunk: string): unknown };
  /** Keys (--api-key-env, api_key_env), CODEX_HOME / HOME, NO_COLOR / FORCE_COLOR, RELAYCHECK_DEBUG. */
  env: NodeJS.ProcessEnv;
}

/**
 * A subcommand: its Commander definition (arguments and options, no action) and what it does,
 * returning the exit code. main() joins the two, so no command sets process.exitCode.
 */
export interface CliCommand {
  definition: Command;
  // Commander hands an action its positional arguments, then the options, then the command.
  execute(...args: any[]): Promise<number>;
}
