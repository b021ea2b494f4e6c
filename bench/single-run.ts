// One `relaycheck run` of every suite against the reference relay, as a user runs it: the compiled
// bin in a fresh process, its CPU time and peak RSS as it reports them at exit (child-usage.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { referenceHandlers } from '../harness/relays/reference-relay.ts';
import { serveHandlers } from '../harness/relays/serve-handlers.ts';
import { childUsage, type ChildUsage } from './child-usage.ts';
import { MB, medianSpread, roundRobin, table } from './figures.ts';

const BIN = fileURLToPath(new URL('../bin/relaycheck.mjs', import.meta.url));
const WITHOUT_ENTRY_FLAGS = fileURLToPath(new URL('./main-without-entry-flags.mjs', import.meta.url));

export async function benchSingleRun(runs: number): Promise<string> {
  if (!existsSync(fileURLToPath(new URL('../dist/harness/cli.js', import.meta.url)))) return 'No dist/: run `npm run build` (npm ci does) to measure the compiled command.';
  const relay = await serveHandlers(referenceHandlers());
  const out = await mkdtemp(path.join(os.tmpdir(), 'relaycheck-bench-run-'));
  let samples: Record<string, ChildUsage[]>;
  try {
    const args = ['run', '--base-url', `${relay.url}/v1`, '--out', out];
    const run = [BIN, ...args];
    // Beside the default: the same run without the entry's --liftoff-only (harness/cli.ts says why
    // it is set), and with V8's young generation capped, as NODE_OPTIONS would (docs/benchmarks.md
    // says why the bin does not set that one).
    samples = await roundRobin(
      {
        'relaycheck run (reference relay, every suite)': () => childUsage(run),
        'the same without the entry\'s --liftoff-only': () => childUsage([WITHOUT_ENTRY_FLAGS, ...args]),
        'the same with node --max-semi-space-size=1': () => childUsage(['--max-semi-space-size=1', ...run]),
      },
      runs,
    );
  } finally {
    await relay.close();
    await rm(out, { recursive: true, force: true });
  }
  const rows = Object.entries(samples).map(([path, usage]) => ({
    path,
    'wall ms': medianSpread(usage.map((u) => u.wallMs)),
    'CPU ms': medianSpread(usage.map((u) => u.cpuMs)),
    'peak RSS MiB': medianSpread(usage.map((u) => u.maxRssBytes / MB)),
  }));
  return [`Fresh processes, ${runs} runs after a warm-up run; median (min–max). CPU is user + system; every report format written.`, '', table(rows)].join('\n');
}
