// Runs one install step (npm, apt-get, dpkg-deb) as a child process with a deadline and a bound on
// the output kept, so a hung registry or a chatty tool can neither stall a test run nor fill memory.
import { spawn } from 'node:child_process';

const OUTPUT_LIMIT = 16 * 1024;

export interface BoundedRun {
  command: string;
  args: string[];
  timeoutMs: number;
  cwd?: string;
}

/** Why a step failed: `tail` is the end of its output, for a caller that gives a one-line reason. */
export class BoundedRunError extends Error {
  override name = 'BoundedRunError';
  constructor(message: string, readonly tail: string) {
    super(message);
  }
}

/** Resolves with the step's output (stdout and stderr, the first 16 KiB) when it exits 0. */
export function runBounded(run: BoundedRun): Promise<string> {
  const label = [run.command, ...run.args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(run.command, run.args, { cwd: run.cwd, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    let output = '';
    const collect = (chunk: Buffer) => {
      if (output.length < OUTPUT_LIMIT) output += chunk.toString('utf8').slice(0, OUTPUT_LIMIT - output.length);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), run.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new BoundedRunError(`could not run ${run.command}: ${error.message}`, ''));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(output);
      const why = signal ? `was killed (${signal}${signal === 'SIGKILL' ? `, timeout ${run.timeoutMs} ms` : ''})` : `exited ${code}`;
      const tail = output.trim().slice(-4000);
      reject(new BoundedRunError(`${label} ${why}:\n${tail}`, tail));
    });
  });
}
