// Start-up of the compiled command (bin/relaycheck.mjs → dist/) against a bare `node -e 0`: wall
// and CPU time of --version and --help, each a fresh process, the three alternating round-robin.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { median, medianSpread, roundRobin, table } from './figures.ts';
import { childUsage, type ChildUsage } from './child-usage.ts';

const BIN = fileURLToPath(new URL('../bin/relaycheck.mjs', import.meta.url));
const COMPILED_CLI = fileURLToPath(new URL('../dist/harness/cli.js', import.meta.url));

export async function benchStartup(runs: number): Promise<string> {
  if (!existsSync(COMPILED_CLI)) return 'No dist/: run `npm run build` (npm ci does) to measure the compiled command.';
  const samples = await roundRobin<ChildUsage>(
    {
      'node -e 0': () => childUsage(['-e', '0']),
      'relaycheck --version': () => childUsage([BIN, '--version']),
      'relaycheck --help': () => childUsage([BIN, '--help']),
    },
    runs,
  );
  const floor = samples['node -e 0']!;
  const rows = Object.entries(samples).map(([path, usage]) => ({
    path,
    'wall ms': medianSpread(usage.map((u) => u.wallMs)),
    'CPU ms': medianSpread(usage.map((u) => u.cpuMs)),
    'wall vs node -e 0': median(usage.map((u) => u.wallMs)) / median(floor.map((u) => u.wallMs)),
    'CPU vs node -e 0': median(usage.map((u) => u.cpuMs)) / median(floor.map((u) => u.cpuMs)),
  }));
  return [`Fresh processes, ${runs} runs of each, round-robin after a warm-up round; median (min–max). CPU is user + system.`, '', table(rows)].join('\n');
}
