// (c) Suite wall time against the reference relay with injected latency, at several concurrencies,
// against the injected latency itself: the sum of it (what a one-at-a-time runner pays) and the
// least a runner with that concurrency could take. The difference is runner overhead.
import { referenceHandlers } from '../harness/relays/reference-relay.ts';
import { serveHandlers } from '../harness/relays/serve-handlers.ts';
import { runConformance } from '../harness/run/runner.ts';
import type { Suite } from '../harness/run/suite.ts';
import { ALL_SUITES } from '../suites/index.ts';
import { table } from './figures.ts';
import { type InjectedLatency, idealWallMs, injectedMs } from './latency-model.ts';

export interface SuiteLatencyOptions {
  latency: InjectedLatency;
  concurrencies: number[];
  /** The suites are run this many times over in one run (case ids suffixed), for enough cases. */
  copies: number;
}

export async function benchSuiteLatency(options: SuiteLatencyOptions): Promise<string> {
  const relay = await serveHandlers(referenceHandlers({ latency: options.latency }));
  const suites = copiesOf(ALL_SUITES, options.copies);
  const rows: Array<Record<string, string | number>> = [];
  try {
    // Unmeasured warm-up: schema compilation, fixture loading and JIT are paid once per process.
    await runConformance({ target: { baseUrl: `${relay.url}/v1` }, suites: ALL_SUITES, concurrency: 8 });
    for (const concurrency of options.concurrencies) {
      const started = performance.now();
      const report = await runConformance({ target: { baseUrl: `${relay.url}/v1` }, suites, concurrency });
      const wallMs = performance.now() - started;
      const jobs = report.cases.map((c) => injectedMs(c, options.latency));
      // The runner runs the first case alone (does /responses exist?), then the rest.
      const idealMs = jobs[0]! + idealWallMs(jobs.slice(1), concurrency);
      rows.push({
        concurrency,
        cases: report.cases.length,
        passed: report.summary.passed,
        'wall s': wallMs / 1000,
        'Σ injected s': jobs.reduce((a, b) => a + b, 0) / 1000,
        'ideal s': idealMs / 1000,
        'overhead vs ideal': `${(((wallMs - idealMs) / idealMs) * 100).toFixed(1)} %`,
      });
    }
  } finally {
    await relay.close();
  }
  return [
    `Reference relay with ${options.latency.firstByteMs} ms to first byte and ${options.latency.betweenEventsMs} ms between events; every suite ×${options.copies}.`,
    '',
    table(rows),
  ].join('\n');
}

function copiesOf(suites: Suite[], copies: number): Suite[] {
  return Array.from({ length: copies }, (_, k) =>
    suites.map((suite) => ({ ...suite, cases: suite.cases.map((spec) => (k === 0 ? spec : { ...spec, id: `${spec.id}~${k + 1}` })) })),
  ).flat();
}
