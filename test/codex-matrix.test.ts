// The ground-truth test: for every behaviour of the agreement matrix, run the real Codex CLI (pinned,
// installed from the npm registry on demand) and relaycheck against the same simulated relay, and
// require that relaycheck says compatible exactly when Codex completes the turn, naming the cause
// otherwise. `npm run test:codex` runs this alone and prints the agreement table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pLimit from 'p-limit';
import { ensureCodex } from '../harness/codex/install-codex.ts';
import { MATRIX, behaviourName } from '../harness/codex/agreement-matrix.ts';
import { type RowResult, runRow } from '../harness/codex/agreement-run.ts';
import { renderAgreementTable } from '../harness/codex/agreement-table.ts';
import { RELAYS } from '../harness/relays/catalogue.ts';

/** Codex processes at a time: 2 cores, and most of a row is waiting on a process or a stall. */
const CONCURRENCY = 3;
const results = new Map<string, RowResult>();

beforeAll(async () => {
  const { binary } = await ensureCodex();
  const limit = pLimit(CONCURRENCY);
  await Promise.all(MATRIX.map((row) => limit(async () => results.set(behaviourName(row), await runRow(row, binary)))));
}, 600_000);

afterAll(() => {
  const ran = MATRIX.map((row) => results.get(behaviourName(row))).filter((r): r is RowResult => r !== undefined);
  if (ran.length > 0) console.log(`\n${renderAgreementTable(ran)}`);
});

describe('relaycheck agrees with the real Codex CLI', () => {
  it('covers at least 25 behaviours, each named once, on relays that exist', () => {
    expect(MATRIX.length).toBeGreaterThanOrEqual(25);
    expect(new Set(MATRIX.map(behaviourName)).size).toBe(MATRIX.length);
    for (const row of MATRIX.filter((r) => r.source === undefined)) expect(RELAYS.map((r) => r.name), row.relay).toContain(row.relay);
  });

  it('puts every catalogue relay in the matrix', () => {
    const inMatrix = new Set(MATRIX.map((row) => row.relay));
    expect(RELAYS.map((r) => r.name).filter((name) => !inMatrix.has(name))).toEqual([]);
  });

  it.each(MATRIX.map((row) => [behaviourName(row), row] as const))('%s', (name) => {
    const r = results.get(name)!;
    const seen = `codex exit ${r.outcome.exitCode} completed=${r.outcome.turnCompleted} answer=${JSON.stringify(r.outcome.agentMessages)} commands=${r.outcome.commandExecutions.length} files=${r.outcome.fileChanges.length} failed=${r.outcome.turnFailed ?? ''}; relaycheck ${r.verdict} [${r.failedRequired.join(', ')}]`;
    expect(r.problems, seen).toEqual([]);
  });
});
