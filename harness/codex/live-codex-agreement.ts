// Whether relaycheck's verdict and the real Codex's turns (run --with-codex) tell the same story,
// decided from data: each turn against the verdict of relaycheck's cases for that kind of turn (the
// cases the agreement matrix pairs with it), and the whole verdict against all the turns.
import type { CaseResult, CodexVerdict, LiveCodex, LiveCodexPrediction, LiveCodexTurn, LiveCodexTurnKind } from '../report/model.ts';
import { decideVerdict } from '../run/verdict.ts';
import { CASES_FOR_TURN, CATALOG_CASE, SHAPE_RUNS } from './agreement-matrix.ts';
import type { LiveCodexOutcome } from './live-codex.ts';

/** One way the two disagree: a turn relaycheck judged otherwise, or the verdict against every turn. */
export type LiveCodexDisagreement =
  | { on: 'turn'; turn: LiveCodexTurnKind; relaycheck: Exclude<LiveCodexPrediction, 'not-evaluated'>; codexSucceeded: boolean; error?: string }
  /** compatible while a turn failed, or incompatible while every turn succeeded. */
  | { on: 'verdict'; verdict: CodexVerdict; failedTurns: LiveCodexTurnKind[] };

// What the user's config adds to the live turns (run --with-codex passes it on), where the run has
// those cases: a request shape rides on every turn (Lite's lost tools show only on the tool turns),
// and the model catalog decides whether Codex has apply_patch at all.
const everyTurn = [SHAPE_RUNS['service-tier'].caseId, SHAPE_RUNS['openai-metadata'].caseId];
const CONFIG_CASES_FOR_TURN: Record<LiveCodexTurnKind, string[]> = {
  message: everyTurn,
  function_call: [...everyTurn, SHAPE_RUNS['responses-lite'].caseId],
  custom_tool_call: [...everyTurn, SHAPE_RUNS['responses-lite'].caseId, CATALOG_CASE],
};

export function predictTurn(turn: LiveCodexTurnKind, cases: readonly CaseResult[]): LiveCodexPrediction {
  const ids = [...CASES_FOR_TURN[turn], ...CONFIG_CASES_FOR_TURN[turn]];
  const verdict = decideVerdict(cases.filter((c) => ids.includes(c.id))).codex;
  return verdict === 'not-evaluated' ? verdict : verdict === 'compatible' ? 'succeeds' : 'fails';
}

export function liveCodexOf(version: string, outcomes: readonly LiveCodexOutcome[], cases: readonly CaseResult[], verdict: CodexVerdict): LiveCodex {
  const turns: LiveCodexTurn[] = outcomes.map((o) => ({ ...o, relaycheck: predictTurn(o.turn, cases) }));
  return { version, agrees: liveCodexDisagreements(verdict, turns).length === 0, turns };
}

export function liveCodexDisagreements(verdict: CodexVerdict, turns: readonly LiveCodexTurn[]): LiveCodexDisagreement[] {
  const found: LiveCodexDisagreement[] = [];
  for (const t of turns) {
    if (t.relaycheck === 'not-evaluated' || (t.relaycheck === 'succeeds') === t.succeeded) continue;
    found.push({ on: 'turn', turn: t.turn, relaycheck: t.relaycheck, codexSucceeded: t.succeeded, ...(t.error !== undefined && { error: t.error }) });
  }
  const failedTurns = turns.filter((t) => !t.succeeded).map((t) => t.turn);
  // A partial verdict says some of what Codex does breaks, maybe beyond these three turns: only the turns decide there.
  const verdictWrong = turns.length > 0 && ((verdict === 'compatible' && failedTurns.length > 0) || (verdict === 'incompatible' && failedTurns.length === 0));
  if (verdictWrong) found.push({ on: 'verdict', verdict, failedTurns });
  return found;
}
