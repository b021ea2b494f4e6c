// `run --with-codex` in words, for every output: the real Codex's turns beside the verdict, and a
// disagreement first, as relaycheck's own bug. Codex's error text is the relay's: quoted with
// relayWords. Lines are plain text; each format escapes them its own way.
import { liveCodexDisagreements, type LiveCodexDisagreement } from '../codex/live-codex-agreement.ts';
import type { LiveCodex, LiveCodexTurn, LiveCodexTurnKind, RunReport } from './model.ts';
import { formatDuration, relayWords } from './plain-text.ts';

export const LIVE_TURN_NAME: Record<LiveCodexTurnKind, string> = {
  message: 'plain answer',
  function_call: 'exec_command',
  custom_tool_call: 'apply_patch',
};

const ERROR_SHOWN = 300;

/** One line: what the real Codex did through the relay, and whether relaycheck's verdict agrees. */
export function liveCodexSummary(live: LiveCodex): string {
  const succeeded = live.turns.filter((t) => t.succeeded).length;
  return `The real Codex ${live.version} through this relay: ${succeeded} of ${live.turns.length} turns succeeded; ${live.agrees ? "relaycheck's verdict agrees" : "relaycheck's verdict DISAGREES"}.`;
}

export function liveCodexTurnLine(t: LiveCodexTurn): string {
  const exit = t.exitCode === null ? 'killed' : `exit ${t.exitCode}`;
  const codex = `${t.succeeded ? 'succeeded' : 'failed'} (${exit}, ${formatDuration(t.durationMs)})${t.error !== undefined ? `: ${relayWords(t.error, ERROR_SHOWN)}` : ''}`;
  const relaycheck = t.relaycheck === 'not-evaluated' ? 'relaycheck ran no case for this turn' : `relaycheck says it ${t.relaycheck}`;
  return `${LIVE_TURN_NAME[t.turn]} turn: Codex ${codex}; ${relaycheck}`;
}

/** Empty when the two agree; else a headline, then each disagreement. */
export function liveCodexDisagreementLines(report: RunReport): string[] {
  const live = report.liveCodex;
  if (!live || live.agrees) return [];
  return [
    `relaycheck disagrees with the real Codex ${live.version} on this relay: that is a relaycheck bug, please report it with report.json attached.`,
    ...liveCodexDisagreements(report.verdict.codex, live.turns).map(disagreementLine),
  ];
}

function disagreementLine(d: LiveCodexDisagreement): string {
  if (d.on === 'verdict') {
    return d.failedTurns.length > 0
      ? `relaycheck says ${d.verdict}, but Codex failed the ${d.failedTurns.map((t) => LIVE_TURN_NAME[t]).join(', ')} turn${d.failedTurns.length === 1 ? '' : 's'}`
      : `relaycheck says ${d.verdict}, but Codex succeeded in every turn`;
  }
  const codex = d.codexSucceeded ? 'Codex succeeded' : `Codex failed${d.error !== undefined ? `: ${relayWords(d.error, ERROR_SHOWN)}` : ''}`;
  return `${LIVE_TURN_NAME[d.turn]} turn: relaycheck says it ${d.relaycheck}, but ${codex}`;
}
