// Whether relaycheck's verdict and the real Codex's turns (run --with-codex) tell the same story,
// decided from data: each turn against the verdict of relaycheck's cases for that kind of turn (the
// cases the agreement matrix pairs with it), and the whole verdict against all the turns.
import type { CaseResult, CodexVerdict, LiveCodex, LiveCodexPrediction, LiveCodexTurn, LiveCodexTurnKind } from '../model.ts';
import { decideVerdict } from '../verdict.ts';
import { CASES_FOR_TURN } from './agreement-matrix.ts';
import type { LiveCodexOutcome } from './live-codex.ts';

/** One way the two disagree: a turn relaycheck judged otherwise, or the verdict against every turn. */
export type LiveCodexDisagreement =
  | { on: 'turn'; turn: LiveCodexTurnKind; relaycheck: Exclude<LiveCodexPrediction, 'not-evaluated'>; codexSucceeded: boolean; error?: string }
  /** compatible while a turn failed, or incompatible while every turn succeeded. */
  | { on: 'verdict'; verdict: CodexVerdict; failedTurns: LiveCodexTurnKind[] };

export function predictTurn(turn: LiveCodexTurnKind, cases: readonly CaseResult[]): LiveCodexPrediction {
  const verdict = decideVerdict(cases.filter((c) => CASES_FOR_TURN[turn].includes(c.id))).codex;
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
