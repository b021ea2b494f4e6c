// The requests `relaycheck fidelity` sends through the relay: Codex's recorded requests, the same
// fixtures the suites replay, each chosen for what it carries (tool kinds, a tool call asked for,
// history, a reasoning item sent back). One case streams paced, to see whether the relay buffers.
// The chat side sends the Chat Completions requests an agent like OpenCode sends (harness/chat/).
import type { ChatRequestKind } from '../chat/agent-requests.ts';

/** The client API a case speaks to the relay: Codex's Responses, or an agent's Chat Completions. */
export const FIDELITY_SIDES = ['responses', 'chat'] as const;
export type FidelitySide = (typeof FIDELITY_SIDES)[number];

interface CaseCommon {
  id: string;
  title: string;
  /** The upstream pauses this long between its events, and the buffering check runs. */
  pacedMs?: number;
}

export type FidelityCase =
  | (CaseCommon & {
      side: 'responses';
      fixture: string;
      /** false: the request asks for a JSON answer (stream:false). */
      stream: boolean;
    })
  | (CaseCommon & {
      side: 'chat';
      chatRequest: ChatRequestKind;
      /**
       * The agent's whole tool turn: the upstream answers with a reasoning item before its tool
       * call; the case sends the tool-call request, then the follow-up carrying the calls the agent
       * got back and their results, and compares that follow-up (the first exchange sets it up).
       */
      toolTurn?: boolean;
      /** The upstream answers with a reasoning item and no message: the agent must still see the reasoning. */
      reasoningOnly?: boolean;
    });

/** Long enough that a stream forwarded as it comes is visibly not one forwarded at its end. */
const PACE_MS = 60;

export const FIDELITY_CASES: readonly FidelityCase[] = [
  { id: 'plain-turn', title: 'Plain gpt-5.5 turn (freeform apply_patch, tool_search, web_search), paced stream', side: 'responses', fixture: 'plain-turn-gpt-5.5', stream: true, pacedMs: PACE_MS },
  { id: 'plain-turn-json', title: 'Plain gpt-5.5 turn asked with stream:false', side: 'responses', fixture: 'plain-turn-gpt-5.5', stream: false },
  { id: 'namespace-tools', title: 'Fallback request with a namespace tool (gpt-5.1-codex)', side: 'responses', fixture: 'plain-turn-gpt-5.1-codex', stream: true },
  { id: 'full-tool-list', title: 'Function, custom, namespace and web_search tools together', side: 'responses', fixture: 'full-tool-list-gpt-5.5', stream: true },
  { id: 'function-call', title: 'The upstream calls exec_command', side: 'responses', fixture: 'tool-call-gpt-5.5', stream: true },
  { id: 'apply-patch', title: 'The upstream calls the freeform apply_patch tool', side: 'responses', fixture: 'apply-patch-gpt-5.5', stream: true },
  { id: 'after-tool-call', title: 'Follow-up carrying function_call and function_call_output', side: 'responses', fixture: 'after-tool-call-gpt-5.5', stream: true },
  { id: 'reasoning-round-trip', title: 'Follow-up sending a reasoning item with encrypted_content back', side: 'responses', fixture: 'after-reasoning-gpt-5.5', stream: true },
  { id: 'multi-turn', title: 'Second user turn carrying the first turn and its answer', side: 'responses', fixture: 'multi-turn-second-gpt-5.5', stream: true },
  { id: 'chat-plain', title: 'An agent’s chat request with function tools, paced stream', side: 'chat', chatRequest: 'plain', pacedMs: PACE_MS },
  { id: 'chat-tool-call', title: 'The upstream calls the agent’s bash tool (chat)', side: 'chat', chatRequest: 'tool-call' },
  { id: 'chat-after-tool-call', title: 'Chat follow-up carrying the assistant tool_calls and the tool result', side: 'chat', chatRequest: 'after-tool-call' },
  { id: 'chat-reasoning-only', title: 'The upstream answers with a reasoning item alone (no message): its summary must reach the agent', side: 'chat', chatRequest: 'plain', reasoningOnly: true },
  { id: 'chat-tool-turn', title: 'A whole chat tool turn: the reasoning before the call goes back with its result', side: 'chat', chatRequest: 'after-tool-call', toolTurn: true },
];
