// The npm scripts (codex:drift, fixtures:record) end as the CLI does: their main returns its exit
// code, a usage error is one line and exit 2, anything else one line and exit 3. Only the entry
// line of each script sets process.exitCode, from what this returns.
import { EXIT, UsageError } from './usage-error.ts';
import { Redactor } from '../redact/redact.ts';

export async function scriptMain(name: string, main: () => Promise<number>, stderr: { write(text: string): unknown } = process.stderr): Promise<number> {
  try {
    return await main();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    stderr.write(`${name}: ${new Redactor().text(message.split('\n')[0] ?? '')}\n`);
    return error instanceof UsageError ? EXIT.usage : EXIT.internal;
  }
}
