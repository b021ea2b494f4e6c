// (c, continued) A fleet of simulated relays, each its own loopback server with injected latency,
// checked by runFleet (reports and matrix written) at several relay concurrencies.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runFleet } from '../harness/fleet/run-fleet.ts';
import type { FleetTarget } from '../harness/fleet/targets-file.ts';
import { referenceHandlers } from '../harness/relays/reference-relay.ts';
import { serveHandlers, type ServedHandlers } from '../harness/relays/serve-handlers.ts';
import type { Suite } from '../harness/run/suite.ts';
import { turnsSuite } from '../suites/turns.ts';
import { table } from './figures.ts';
import { type InjectedLatency, idealWallMs, injectedMs } from './latency-model.ts';

export interface FleetOptions {
  relays: number;
  latency: InjectedLatency;
  concurrencies: number[];
}

export async function benchFleet(options: FleetOptions): Promise<string> {
  const plainTurn: Suite = { ...turnsSuite, cases: [turnsSuite.cases[0]!] };
  const servers: ServedHandlers[] = [];
  const outRoot = await mkdtemp(path.join(tmpdir(), 'relaycheck-bench-fleet-'));
  const rows: Array<Record<string, string | number>> = [];
  try {
    for (let i = 0; i < options.relays; i++) servers.push(await serveHandlers(referenceHandlers({ latency: options.latency })));
    const targets: FleetTarget[] = servers.map((server, position) => ({ name: `relay-${position}`, position, baseUrl: `${server.url}/v1`, headers: {}, dir: `relay-${position}` }));
    for (const relayConcurrency of options.concurrencies) {
      const jobs: number[] = [];
      const started = performance.now();
      const { matrix } = await runFleet({
        targets: { targets, digest: 'bench' },
        outDir: path.join(outRoot, `c${relayConcurrency}`),
        suites: [plainTurn],
        formats: ['json'],
        relayConcurrency,
        onRelayEnd: (_target, report) => jobs.push(...report.cases.map((c) => injectedMs(c, options.latency))),
      });
      const wallMs = performance.now() - started;
      const idealMs = idealWallMs(jobs, relayConcurrency);
      rows.push({
        'relay concurrency': relayConcurrency,
        relays: matrix.relays.length,
        compatible: matrix.relays.filter((r) => r.verdict.codex === 'compatible').length,
        'wall s': wallMs / 1000,
        'Σ injected s': jobs.reduce((a, b) => a + b, 0) / 1000,
        'ideal s': idealMs / 1000,
        'overhead vs ideal': `${(((wallMs - idealMs) / idealMs) * 100).toFixed(1)} %`,
      });
    }
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    await rm(outRoot, { recursive: true, force: true });
  }
  return [`${options.relays} simulated relays (one loopback server each), the plain turn on each, report.json per relay and the matrix written.`, '', table(rows)].join('\n');
}
