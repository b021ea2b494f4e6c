// Runs the relaycheck command line in this process: the same main() the bin calls, with its output
// captured (bounded) and its environment given. Same options and result as runCli (run-cli.ts),
// without the seconds a node + tsx start costs; keep runCli for what only a real process shows.
import { main } from '../../harness/cli/main.ts';
import type { CliOptions, CliResult } from './run-cli.ts';

const MAX_CAPTURE = 4 * 1024 * 1024;

function capture(): { write(chunk: string): boolean; isTTY: false; text(): string } {
  let text = '';
  return {
    write(chunk: string) {
      if (text.length < MAX_CAPTURE) text += chunk;
      return true;
    },
    isTTY: false,
    text: () => text,
  };
}

/** runCli's options; timeoutMs is left to the test's own timeout (nothing can be killed in-process). */
export async function runMain(args: string[], options: Omit<CliOptions, 'timeoutMs'> = {}): Promise<CliResult> {
  const env = options.inheritEnv === false ? { ...options.env } : { ...process.env, ...options.env };
  const stdout = capture();
  const stderr = capture();
  const code = await main(args, { stdout, stderr, env });
  return { code, stdout: stdout.text(), stderr: stderr.text(), timedOut: false };
}
