// Relays that break Codex's remote compaction (harness/codex/compaction-path.ts): they serve every
// ordinary turn like the reference relay, and go wrong only on the compaction_trigger request or on
// the request after it, which carries the compaction item back. What Codex does with each is in
// docs/codex-ground-truth.md ("Compaction").
import { isRecord } from '../checks/check.ts';
import type { ResponsesFault } from './reference-relay.ts';
import type { ResponsesRequest } from './reply-policy.ts';
import { COMPACTION_ITEM, COMPACTION_TRIGGER } from './reply-policy.ts';

const inputOf = (request: ResponsesRequest): unknown[] => (Array.isArray(request.input) ? request.input : []);
const asksToCompact = (request: ResponsesRequest) => {
  const last = inputOf(request).at(-1);
  return isRecord(last) && last.type === COMPACTION_TRIGGER;
};

/** A relay whose model treats the trigger as any turn: it answers with text, no compaction item. */
export const compactionAnsweredWithText: ResponsesFault = {
  reply: (reply) => (reply.type === 'compaction' ? { type: 'message', text: 'Here is a summary of the conversation so far.' } : reply),
};

/** A relay (or its upstream) that has no remote compaction: 404 on the trigger request. */
export const compactionTriggerNotFound: ResponsesFault = {
  refuse: (request) =>
    asksToCompact(request) ? { status: 404, error: { message: 'Remote compaction is not supported by this relay.', type: 'invalid_request_error', code: 'not_found', param: 'input' } } : undefined,
};

/** A relay that validates input item types against an older list: 400 on the request carrying a compaction item. */
export const compactionItemRefused: ResponsesFault = {
  refuse: (request) =>
    inputOf(request).some((item) => isRecord(item) && item.type === COMPACTION_ITEM)
      ? { status: 400, error: { message: "Invalid value: 'compaction'. Supported values are: 'message', 'reasoning', 'function_call', 'function_call_output', 'custom_tool_call', 'custom_tool_call_output'.", type: 'invalid_request_error', code: 'invalid_value', param: 'input' } }
      : undefined,
};

/** A relay (or its upstream) that refuses an empty tools array: 400 on Codex's local compaction request, the only one sent with tools: []. */
export const localSummaryRefused: ResponsesFault = {
  refuse: (request) =>
    Array.isArray(request.tools) && request.tools.length === 0
      ? { status: 400, error: { message: "Invalid 'tools': empty array. Expected an array with minimum length 1, but got an empty array instead.", type: 'invalid_request_error', code: 'empty_array', param: 'tools' } }
      : undefined,
};
