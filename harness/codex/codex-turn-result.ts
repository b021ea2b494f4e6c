// Did the real Codex complete a turn, lose part of it, or fail? "Completes" means what a user would
// call success: exit 0 with turn.completed AND the expected answer shown, the command run with its
// output, the patch written to disk. Anything short of that with exit 0 is output lost silently.
import type { ExpectedReply } from '../checks/check.ts';
import type { CodexOutcome } from './run-codex-exec.ts';
import { PATCHED_FILE, TOOL_COMMAND_OUTPUT } from './turn-prompts.ts';

export type CodexTurnResult =
  | { kind: 'completes' }
  /** Exit 0 and turn.completed, but the user does not get what the relay sent. */
  | { kind: 'loses'; lost: string }
  | { kind: 'fails'; message: string }
  /** Completes, but only after giving up on the WebSocket transport ("Falling back from WebSockets to HTTPS transport"). */
  | { kind: 'falls-back'; message: string };

const FALLBACK_WARNING = /^Falling back from WebSockets to HTTPS transport/;

export interface TurnEvidence {
  outcome: CodexOutcome;
  /** The answer the relay's model gives to the turn's last request; absent (a real model): any answer shown. */
  expectedAnswer?: string;
  /** Content of the patched file after the run (custom_tool_call turns), if it exists. */
  patchedFile?: string;
}

export function judgeCodexTurn(turn: ExpectedReply, { outcome, expectedAnswer, patchedFile }: TurnEvidence): CodexTurnResult {
  if (outcome.timedOut) return { kind: 'fails', message: 'killed by the hard timeout' };
  if (outcome.exitCode !== 0 || !outcome.turnCompleted) {
    return { kind: 'fails', message: outcome.turnFailed ?? outcome.errors.at(-1) ?? `exit ${outcome.exitCode} without turn.failed` };
  }
  if (turn === 'function_call') {
    const ran = outcome.commandExecutions.some((c) => c.command.includes(`echo ${TOOL_COMMAND_OUTPUT}`) && c.output?.trim() === TOOL_COMMAND_OUTPUT);
    if (!ran) return { kind: 'loses', lost: 'the tool call: exec_command never ran' };
  }
  if (turn === 'custom_tool_call' && patchedFile !== PATCHED_FILE.content) {
    return { kind: 'loses', lost: `the patch: ${PATCHED_FILE.path} ${patchedFile === undefined ? 'was not written' : `holds ${JSON.stringify(patchedFile)}`}` };
  }
  const answer = outcome.agentMessages.join('\n').trim();
  if (expectedAnswer === undefined ? answer === '' : answer !== expectedAnswer) {
    return { kind: 'loses', lost: answer ? `the answer: showed ${JSON.stringify(answer.slice(0, 80))}, not ${JSON.stringify(expectedAnswer ?? '')}` : 'the answer: nothing shown' };
  }
  const fallback = outcome.errors.find((e) => FALLBACK_WARNING.test(e));
  return fallback ? { kind: 'falls-back', message: fallback } : { kind: 'completes' };
}
