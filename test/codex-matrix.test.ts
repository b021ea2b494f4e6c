// The ground-truth test: for every behaviour in the agreement matrix, run the real Codex CLI
// (pinned, installed from the npm registry on demand) and relaycheck against the same simulated relay,
// and require that relaycheck says compatible exactly when Codex succeeds, naming the cause otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pLimit from 'p-limit';
import { ensureCodex } from '../harness/codex/install-codex.ts';
import { runCodexExec, type CodexOutcome } from '../harness/codex/run-codex-exec.ts';
import { CASE_FOR_TURN, CODEX_PROMPTS, MATRIX, MATRIX_IDLE_TIMEOUT_MS, codexSucceeded, type MatrixRow } from '../harness/codex/agreement-matrix.ts';
import { runConformance } from '../harness/runner.ts';
import { ALL_SUITES } from '../suites/index.ts';
import type { RunReport } from '../harness/model.ts';

const KEY = 'sk-test-matrix-0123456789';
interface RowResult {
  row: MatrixRow;
  codex: CodexOutcome;
  codexOk: boolean;
  report: RunReport;
  failedRequired: string[];
}
const results = new Map<string, RowResult>();
let binary: string;

function suiteFor(row: MatrixRow) {
  const caseId = CASE_FOR_TURN[row.turn];
  const suite = ALL_SUITES.find((s) => s.cases.some((c) => c.id === caseId))!;
  return { ...suite, cases: suite.cases.filter((c) => c.id === caseId) };
}

async function runRow(row: MatrixRow): Promise<RowResult> {
  const relay = await row.start();
  try {
    const codex = await runCodexExec({
      binary,
      baseUrl: relay.baseUrl,
      apiKey: KEY,
      model: 'gpt-5.5',
      prompt: CODEX_PROMPTS[row.turn],
      streamIdleTimeoutMs: MATRIX_IDLE_TIMEOUT_MS,
      timeoutMs: 30_000,
      ...(row.turn === 'custom_tool_call' ? { sandbox: 'workspace-write' as const } : {}),
    });
    const report = await runConformance({
      target: { baseUrl: relay.baseUrl, apiKey: KEY, model: 'gpt-5.5' },
      suites: [suiteFor(row)],
      limits: { deadlineMs: 15_000, idleTimeoutMs: MATRIX_IDLE_TIMEOUT_MS, failedCloseGraceMs: 500 },
    });
    const failedRequired = report.cases.flatMap((c) => c.checks.filter((k) => k.severity === 'required' && k.status === 'fail').map((k) => k.id));
    return { row, codex, codexOk: codexSucceeded(row.turn, codex), report, failedRequired };
  } finally {
    await relay.close();
  }
}

beforeAll(async () => {
  binary = (await ensureCodex()).binary;
  const limit = pLimit(3);
  await Promise.all(MATRIX.map((row) => limit(async () => results.set(row.behaviour, await runRow(row)))));
}, 600_000);

afterAll(() => {
  const outcome = (r: RowResult) =>
    r.codexOk ? 'completes' : r.codex.exitCode === 0 ? 'exit 0, output lost' : `fails: ${(r.codex.turnFailed ?? r.codex.errors.at(-1) ?? (r.codex.timedOut ? 'timed out' : '?')).slice(0, 70)}`;
  const lines = ['| behaviour | turn | Codex 0.169.0 | relaycheck | failing required checks | agree |', '|---|---|---|---|---|---|'];
  for (const row of MATRIX) {
    const r = results.get(row.behaviour);
    if (!r) continue;
    const agree = r.codexOk === (r.report.verdict.codex === 'compatible');
    lines.push(`| ${row.behaviour} | ${row.turn} | ${outcome(r).replace(/\|/g, '\\|')} | ${r.report.verdict.codex} | ${r.failedRequired.join(', ') || '—'} | ${agree ? 'yes' : '**NO**'} |`);
  }
  const agreeing = MATRIX.filter((row) => {
    const r = results.get(row.behaviour);
    return r && r.codexOk === (r.report.verdict.codex === 'compatible');
  }).length;
  console.log(`\nCodex agreement: ${agreeing}/${MATRIX.length} behaviours\n${lines.join('\n')}\n`);
});

describe('relaycheck agrees with the real Codex CLI', () => {
  it('covers at least 25 behaviours', () => {
    expect(MATRIX.length).toBeGreaterThanOrEqual(25);
    expect(new Set(MATRIX.map((r) => r.behaviour)).size).toBe(MATRIX.length);
  });

  it.each(MATRIX.map((row) => [row.behaviour, row] as const))('%s', (_name, row) => {
    const r = results.get(row.behaviour)!;
    const seen = `codex exit ${r.codex.exitCode} completed=${r.codex.turnCompleted} answer=${JSON.stringify(r.codex.agentMessages)} commands=${r.codex.commandExecutions.length} files=${r.codex.fileChanges.length} failed=${r.codex.turnFailed ?? ''}; relaycheck ${r.report.verdict.codex} [${r.failedRequired.join(', ')}]`;
    expect(r.report.verdict.codex === 'compatible', seen).toBe(r.codexOk);
    if (!r.codexOk) {
      // Codex failed or lost output: relaycheck must fail a required check, and the one naming this cause.
      expect(r.failedRequired.length + (r.report.cases[0]?.status === 'error' ? 1 : 0), seen).toBeGreaterThan(0);
      if (row.cause) expect(r.failedRequired, seen).toContain(row.cause);
    }
  });
});
