// The ground-truth test: for every behaviour of the agreement matrix and every supported Codex
// release, run that release's real Codex CLI (installed from the npm registry on demand) and
// relaycheck modelling it against the same simulated relay, and require that relaycheck says
// compatible exactly when Codex completes the turn, naming the cause otherwise. `npm test` runs a
// slice of it, one row of each outcome on each release; `npm run test:codex`
// (vitest.codex.config.ts) runs every row and prints the agreement table.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pLimit from 'p-limit';
import { ensureCodex } from '../harness/codex/install-codex.ts';
import { MATRIX, behaviourName } from '../harness/codex/agreement-matrix.ts';
import { type MatrixCodex, type RowResult, runRow } from '../harness/codex/agreement-run.ts';
import { renderAgreementTable } from '../harness/codex/agreement-table.ts';
import { SUPPORTED_CODEX_VERSIONS, codexProfile } from '../harness/codex/codex-profile.ts';
import { RELAYS } from '../harness/relays/catalogue.ts';
import { HOSTILE_BEHAVIOURS } from '../harness/relays/hostile/catalogue.ts';
import { WEBSOCKET_RELAYS } from '../harness/relays/websocket-relays.ts';
import { nonEmpty } from './helpers/non-empty.ts';

/** Codex processes at a time: 2 cores, and most of a row is waiting on a process or a stall. */
const CONCURRENCY = 3;
const results = new Map<string, RowResult>();
const key = (version: string, name: string) => `${version} ${name}`;

/**
 * The rows `npm test` runs: Codex completes, Codex fails with a message, Codex exits 0 but loses
 * output, Codex falls back from WebSockets to HTTPS. None of their relays pauses, so they run with a
 * long idle timeout on both sides: a loaded machine cannot turn a slow event into a stall there (the full matrix keeps the short one).
 */
const FAST_SLICE = ['reference', 'chat-only', 'deltas-only (function_call)', 'websocket-404 (websocket)'];
const SLICE_IDLE_TIMEOUT_MS = 20_000;
const full = inject('codexMatrix') === 'full';
const rows = full ? MATRIX : MATRIX.filter((row) => FAST_SLICE.includes(behaviourName(row)));

beforeAll(async () => {
  const releases: MatrixCodex[] = [];
  for (const version of SUPPORTED_CODEX_VERSIONS) releases.push({ binary: (await ensureCodex({ version })).binary, profile: codexProfile(version)! });
  const limit = pLimit(CONCURRENCY);
  const runs = releases.flatMap((codex) => rows.map((row) => limit(async () => results.set(key(codex.profile.version, behaviourName(row)), await runRow(row, codex, full ? {} : { idleTimeoutMs: SLICE_IDLE_TIMEOUT_MS })))));
  await Promise.all(runs);
}, 1_200_000);

afterAll(() => {
  const ran = SUPPORTED_CODEX_VERSIONS.flatMap((v) => rows.map((row) => results.get(key(v, behaviourName(row))))).filter((r): r is RowResult => r !== undefined);
  if (ran.length > 0) console.log(`\n${renderAgreementTable(ran, SUPPORTED_CODEX_VERSIONS)}`);
});

describe('relaycheck agrees with the real Codex CLI', () => {
  it('covers at least 25 behaviours, each named once, on relays that exist, with outcomes only for supported releases', () => {
    expect(MATRIX.length).toBeGreaterThanOrEqual(25);
    expect(new Set(MATRIX.map(behaviourName)).size).toBe(MATRIX.length);
    // Rows on each kind of relay exist, so the three loops below check something.
    expect(new Set(MATRIX.map((r) => r.source))).toEqual(new Set([undefined, 'hostile', 'websocket']));
    for (const row of MATRIX.filter((r) => r.source === undefined)) expect(RELAYS.map((r) => r.name), row.relay).toContain(row.relay);
    for (const row of MATRIX.filter((r) => r.source === 'hostile')) expect(HOSTILE_BEHAVIOURS.map((b) => b.name), row.relay).toContain(row.relay);
    for (const row of MATRIX.filter((r) => r.source === 'websocket')) expect(WEBSOCKET_RELAYS.map((r) => r.name), row.relay).toContain(row.relay);
    for (const row of MATRIX) expect(SUPPORTED_CODEX_VERSIONS, behaviourName(row)).toEqual(expect.arrayContaining(Object.keys(row.expectOn ?? {})));
  });

  it('puts every catalogue relay Codex talks to in the matrix (the chat relays serve other agents)', () => {
    const inMatrix = new Set(MATRIX.map((row) => row.relay));
    expect(RELAYS.filter((r) => r.suites === undefined).map((r) => r.name).filter((name) => !inMatrix.has(name))).toEqual([]);
  });

  it('runs, in npm test, one row of each outcome', () => {
    expect(new Set(MATRIX.filter((row) => FAST_SLICE.includes(behaviourName(row))).map((row) => row.expect.codex))).toEqual(new Set(['completes', 'fails', 'loses', 'falls-back']));
  });

  const cases = SUPPORTED_CODEX_VERSIONS.flatMap((version) => rows.map((row) => [`Codex ${version}: ${behaviourName(row)}`, key(version, behaviourName(row))] as const));
  it.each(nonEmpty(cases, 'matrix cases'))('%s', (_name, resultKey) => {
    const r = results.get(resultKey)!;
    const seen = `codex exit ${r.outcome.exitCode} completed=${r.outcome.turnCompleted} answer=${JSON.stringify(r.outcome.agentMessages)} commands=${r.outcome.commandExecutions.length} files=${r.outcome.fileChanges.length} failed=${r.outcome.turnFailed ?? ''}; relaycheck ${r.verdict} [${r.failedRequired.join(', ')}]`;
    expect(r.problems, seen).toEqual([]);
  });
});
