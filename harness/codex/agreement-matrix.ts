// The agreement matrix: relay behaviours on which the real Codex CLI and relaycheck must agree.
// Each row names a simulated relay (the catalogue's, or a hostile one), the kind of turn Codex is
// asked to take, and — where the behaviour breaks Codex — the required check relaycheck must fail
// to name the cause. What Codex does is never declared here: the binary is run and decides.
import type { ExpectedReply } from '../checks/check.ts';
import { RELAYS, startRelay } from '../relays/catalogue.ts';
import { HOSTILE_BEHAVIOURS } from '../relays/hostile/catalogue.ts';
import type { CodexOutcome } from './run-codex-exec.ts';

export interface MatrixRow {
  behaviour: string;
  turn: ExpectedReply;
  start(): Promise<{ baseUrl: string; close(): Promise<void> }>;
  /** The required check relaycheck must fail when Codex fails or loses output here. */
  cause?: string;
}

/** What Codex is asked, per kind of turn; the simulated relays answer these like a model would. */
export const CODEX_PROMPTS: Record<ExpectedReply, string> = {
  message: 'say hello',
  function_call: 'Run `echo hi-from-tool` with the exec_command tool and tell me what it printed.',
  custom_tool_call: 'Use apply_patch to create hello.txt containing the word hello.',
};

/** The suite case that replays the same kind of turn. */
export const CASE_FOR_TURN: Record<ExpectedReply, string> = {
  message: 'turns.plain',
  function_call: 'tools.function-call',
  custom_tool_call: 'tools.apply-patch',
};

/** Codex succeeded at the turn: it completed and showed the answer, ran the command, wrote the patch. */
export function codexSucceeded(turn: ExpectedReply, outcome: CodexOutcome): boolean {
  if (outcome.exitCode !== 0 || !outcome.turnCompleted) return false;
  if (turn === 'function_call') return outcome.commandExecutions.some((c) => c.command.includes('hi-from-tool'));
  if (turn === 'custom_tool_call') return outcome.fileChanges.length > 0;
  return outcome.agentMessages.join('').trim().length > 0;
}

const catalogueRow = (name: string, turn: ExpectedReply): MatrixRow => {
  const relay = RELAYS.find((r) => r.name === name);
  if (!relay) throw new Error(`no simulated relay ${name}`);
  const row: MatrixRow = { behaviour: turn === 'message' ? name : `${name} (${turn})`, turn, start: () => startRelay(name) };
  if (relay.violates[0]) row.cause = relay.violates[0];
  return row;
};

/** Hostile relays whose stream Codex reads to an end (not those that never send a response head:
 * Codex then waits without limit, which only the test's timeout would end). */
const HOSTILE_ROWS = [
  'events-after-terminal',
  'duplicated-terminal',
  'terminal-pretty-printed',
  'stream-served-as-html',
  'reset-after-terminal',
  'invalid-utf8-after-terminal',
  'bom-before-stream',
  'invalid-utf8-in-text',
  'gzip-encoded-valid-stream',
  'json-instead-of-stream',
  'html-page-with-200',
  'empty-200',
  'html-error-page-502',
  'terminal-without-blank-line',
  'terminal-merged-into-previous-event',
  'stall-after-headers',
  'comment-keepalives-only',
  'failed-then-held-open',
];

const hostileRow = (name: string): MatrixRow => {
  const behaviour = HOSTILE_BEHAVIOURS.find((b) => b.name === name);
  if (!behaviour) throw new Error(`no hostile behaviour ${name}`);
  const row: MatrixRow = { behaviour: name, turn: 'message', start: () => behaviour.start() };
  if (behaviour.expect.status === 'fail' && behaviour.expect.check) row.cause = behaviour.expect.check;
  return row;
};

export const MATRIX: MatrixRow[] = [
  catalogueRow('reference', 'message'),
  catalogueRow('reference', 'function_call'),
  catalogueRow('reference', 'custom_tool_call'),
  ...RELAYS.filter((r) => r.name !== 'reference').map((r) => catalogueRow(r.name, r.showsOn.includes('message') ? 'message' : r.showsOn[0]!)),
  ...HOSTILE_ROWS.map(hostileRow),
];

/** Idle timeout used on both sides, so a stall costs seconds, not Codex's default five minutes. */
export const MATRIX_IDLE_TIMEOUT_MS = 2_000;
