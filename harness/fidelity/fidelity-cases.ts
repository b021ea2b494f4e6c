// The requests `relaycheck fidelity` sends through the relay: Codex's recorded requests, the same
// fixtures the suites replay, each chosen for what it carries (tool kinds, a tool call asked for,
// history, a reasoning item sent back). One case streams paced, to see whether the relay buffers.

export interface FidelityCase {
  id: string;
  title: string;
  fixture: string;
  /** false: the request asks for a JSON answer (stream:false). */
  stream: boolean;
  /** The upstream pauses this long between its events, and the buffering check runs. */
  pacedMs?: number;
}

/** Long enough that a stream forwarded as it comes is visibly not one forwarded at its end. */
const PACE_MS = 60;

export const FIDELITY_CASES: readonly FidelityCase[] = [
  { id: 'plain-turn', title: 'Plain gpt-5.5 turn (freeform apply_patch, tool_search, web_search), paced stream', fixture: 'plain-turn-gpt-5.5', stream: true, pacedMs: PACE_MS },
  { id: 'plain-turn-json', title: 'Plain gpt-5.5 turn asked with stream:false', fixture: 'plain-turn-gpt-5.5', stream: false },
  { id: 'namespace-tools', title: 'Fallback request with a namespace tool (gpt-5.1-codex)', fixture: 'plain-turn-gpt-5.1-codex', stream: true },
  { id: 'full-tool-list', title: 'Function, custom, namespace and web_search tools together', fixture: 'full-tool-list-gpt-5.5', stream: true },
  { id: 'function-call', title: 'The upstream calls exec_command', fixture: 'tool-call-gpt-5.5', stream: true },
  { id: 'apply-patch', title: 'The upstream calls the freeform apply_patch tool', fixture: 'apply-patch-gpt-5.5', stream: true },
  { id: 'after-tool-call', title: 'Follow-up carrying function_call and function_call_output', fixture: 'after-tool-call-gpt-5.5', stream: true },
  { id: 'reasoning-round-trip', title: 'Follow-up sending a reasoning item with encrypted_content back', fixture: 'after-reasoning-gpt-5.5', stream: true },
  { id: 'multi-turn', title: 'Second user turn carrying the first turn and its answer', fixture: 'multi-turn-second-gpt-5.5', stream: true },
];
