// `relaycheck fidelity` in-process against a simulated forwarding relay, shared by the fidelity CLI
// test files (split so their runs go side by side instead of in one long file).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startForwardingRelay } from '../../harness/fidelity/forwarding-relay.ts';
import { freeLoopbackPort } from '../../harness/relays/loopback-servers.ts';
import type { RunReport } from '../../harness/report/model.ts';
import { runMain } from './run-main.ts';

export const FIDELITY_KEY = 'sk-fidelity-test-key-7c1d2e3f4a5b6c7d';
export const fidelityEnv = { FIDELITY_TEST_KEY: FIDELITY_KEY };

export const findingIds = (report: RunReport) => [...new Set(report.fidelity!.findings.map((f) => f.id))];

/** Registers a temporary report root for the calling file; returns it and a runner against one relay behaviour. */
export function fidelityRuns() {
  let outRoot = '';
  beforeAll(async () => {
    outRoot = await mkdtemp(path.join(tmpdir(), 'relaycheck-fidelity-'));
  });
  afterAll(() => rm(outRoot, { recursive: true, force: true }));

  async function runAgainst(behaviour: Parameters<typeof startForwardingRelay>[1], name: string, extra: string[] = []) {
    const upstreamPort = await freeLoopbackPort();
    const relay = await startForwardingRelay(`http://127.0.0.1:${upstreamPort}/v1`, behaviour);
    const out = path.join(outRoot, name);
    try {
      const result = await runMain(['fidelity', '--base-url', `${relay.url}/v1`, '--upstream-port', String(upstreamPort), '--api-key-env', 'FIDELITY_TEST_KEY', '--out', out, ...extra], { env: fidelityEnv });
      return { ...result, out, report: JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as RunReport };
    } finally {
      await relay.close();
    }
  }
  return { runAgainst, outRoot: () => outRoot };
}
