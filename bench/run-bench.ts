// `npm run bench`: relaycheck's figures, printed, never asserted. Start-up of the compiled command
// against `node -e 0`; CPU and peak RSS of one run against the reference relay; (a) validation
// throughput against the openai SDK and a bare floor; (b) peak RSS on a 1 GiB stream; (c) suite and
// fleet wall time against simulated relays with injected latency; (d) a fleet's peak RSS as it grows.
// `--quick` runs smaller sizes.
import os from 'node:os';
import { benchFleet } from './fleet-scaling.ts';
import { benchFleetMemory } from './fleet-memory.ts';
import { benchPeakRss } from './peak-rss.ts';
import { benchSingleRun } from './single-run.ts';
import { benchStartup } from './startup.ts';
import { benchSuiteLatency } from './suite-latency.ts';
import { benchThroughput } from './throughput.ts';

const quick = process.argv.includes('--quick');
const latency = { firstByteMs: 200, betweenEventsMs: 20 };

const section = (title: string, body: string) => process.stdout.write(`\n## ${title}\n\n${body}\n`);
const started = performance.now();

process.stdout.write(
  [
    `# relaycheck benchmark${quick ? ' (quick)' : ''}`,
    '',
    `- date: ${new Date().toISOString()}`,
    `- machine: ${os.availableParallelism()} CPU (${os.cpus()[0]?.model ?? 'unknown'}), ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, ${os.platform()} ${os.release()}`,
    `- node ${process.version}`,
    '',
  ].join('\n'),
);
section('Start-up of the compiled command', await benchStartup(quick ? 3 : 10));
section('One run against the reference relay', await benchSingleRun(quick ? 2 : 5));
section('(a) Validation throughput, same bytes in memory', await benchThroughput({ megabytes: quick ? 8 : 64, runs: quick ? 1 : 5 }));
section('(b) Peak RSS while validating over loopback', await benchPeakRss(quick ? [1, 32] : [1, 1024]));
section('(c) Suite wall time with injected latency', await benchSuiteLatency({ latency, concurrencies: quick ? [1, 8] : [1, 4, 8, 16], copies: 3 }));
section('(c) Fleet of simulated relays', await benchFleet({ relays: quick ? 20 : 100, latency, concurrencies: quick ? [4, 16] : [4, 16, 64] }));
section('(d) Fleet memory by number of relays', await benchFleetMemory(quick ? [10, 40] : [50, 200, 500]));
process.stdout.write(`\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s.\n`);
