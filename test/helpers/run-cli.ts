// Runs the real relaycheck command line (bin/relaycheck-dev.mjs: the sources, through tsx), or any
// other command, as a child process, with a hard timeout and bounded capture of what it prints. The
// environment is the parent's plus `env`, or only `env` with `inheritEnv: false` (to prove nothing
// ambient is picked up).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAX_CAPTURE = 4 * 1024 * 1024;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface CliOptions {
  env?: Record<string, string>;
  /** Default true. */
  inheritEnv?: boolean;
  /** Default 60 s; the child is killed after it. */
  timeoutMs?: number;
  /** Default the clone's root. */
  cwd?: string;
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return runCommand(process.execPath, ['bin/relaycheck-dev.mjs', ...args], options);
}

export function runCommand(file: string, args: string[], options: CliOptions = {}): Promise<CliResult> {
  const env = options.inheritEnv === false ? { ...options.env } : { ...process.env, ...options.env };
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd ?? REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = { stdout: '', stderr: '' };
    const capture = (name: 'stdout' | 'stderr') => (chunk: Buffer) => {
      if (out[name].length < MAX_CAPTURE) out[name] += chunk.toString('utf8');
    };
    child.stdout.on('data', capture('stdout'));
    child.stderr.on('data', capture('stderr'));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, ...out, timedOut });
    });
  });
}
