// Runs `node ARGS` once and measures it: wall time seen from here, CPU time and peak RSS reported by
// the child itself at exit (report-usage.mjs). A child that fails is an error, not a figure.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ChildUsage {
  wallMs: number;
  cpuMs: number;
  maxRssBytes: number;
}

const REPORT_USAGE = fileURLToPath(new URL('./report-usage.mjs', import.meta.url));
const CHILD_TIMEOUT_MS = 5 * 60_000;
const MAX_CAPTURE = 64 * 1024;

export function childUsage(args: string[], cwd?: string): Promise<ChildUsage> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', REPORT_USAGE, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let usage = '';
    child.stderr!.on('data', (chunk: Buffer) => void (stderr.length < MAX_CAPTURE && (stderr += chunk.toString('utf8'))));
    child.stdio[3]!.on('data', (chunk: Buffer) => void (usage.length < MAX_CAPTURE && (usage += chunk.toString('utf8'))));
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      if (code !== 0 || !usage) return reject(new Error(`node ${args.join(' ')} exited with ${code}: ${stderr.slice(-1000)}`));
      resolve({ wallMs, ...(JSON.parse(usage) as Omit<ChildUsage, 'wallMs'>) });
    });
  });
}
