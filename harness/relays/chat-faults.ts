// Chat Completions relay bugs seen in translators and gateways, each one transform of the
// reference chat endpoint (chat-completions.ts), so each breaks exactly its own chat.* rule.
import { HttpResponse } from 'msw';
import type { ChatFault } from './chat-completions.ts';
import { CHAT_DONE_FRAME, type ChatChunk } from './chat-stream-builder.ts';

type Delta = Record<string, unknown> & { tool_calls?: Array<Record<string, unknown>> };
const deltaOf = (choice: Record<string, unknown>) => choice.delta as Delta | undefined;

/** The chunks with `edit` applied to (a copy of) every tool_calls entry of every delta. */
function editToolDeltas(edit: (entry: Record<string, unknown>) => void): ChatFault {
  const edited = (entry: Record<string, unknown>) => {
    const copy = structuredClone(entry);
    edit(copy);
    return copy;
  };
  const editChoice = (choice: Record<string, unknown>) => {
    const delta = deltaOf(choice);
    return delta?.tool_calls ? { ...choice, delta: { ...delta, tool_calls: delta.tool_calls.map(edited) } } : choice;
  };
  return { chunks: (chunks) => chunks.map((chunk) => ({ ...chunk, choices: chunk.choices.map(editChoice) })) };
}

/** Ends the stream after the last chunk: no `data: [DONE]`. */
export const noDoneMarker: ChatFault = { frames: (frames) => frames.filter((frame) => frame !== CHAT_DONE_FRAME) };

/** tool_calls deltas without `index` (a translator that copies a non-streamed tool_calls array). */
export const toolCallsWithoutIndex = editToolDeltas((entry) => delete entry.index);

/** The call's first delta without its `id`. */
export const toolCallsWithoutId = editToolDeltas((entry) => delete entry.id);

/** The last arguments piece dropped: the joined arguments are cut-off JSON. */
export const argumentsCutOff: ChatFault = {
  chunks(chunks) {
    const isPiece = (chunk: ChatChunk) => chunk.choices.some((choice) => deltaOf(choice)?.tool_calls?.some((entry) => !('id' in entry)));
    const last = chunks.map(isPiece).lastIndexOf(true);
    return last < 0 ? chunks : chunks.filter((_, i) => i !== last);
  },
};

/** finish_reason "stop" after tool calls (a translator that maps every end to "stop"). */
export const finishReasonStop: ChatFault = {
  chunks: (chunks) => chunks.map((chunk) => ({ ...chunk, choices: chunk.choices.map((choice) => (choice.finish_reason === 'tool_calls' ? { ...choice, finish_reason: 'stop' } : choice)) })),
};

/** Ignores stream_options.include_usage: no usage chunk, no usage field. */
export const usageIgnored: ChatFault = {
  chunks: (chunks) => chunks.filter((chunk) => chunk.choices.length > 0).map(({ usage: _usage, ...chunk }) => chunk as ChatChunk),
};

/** Each chunk's choice carries `message` instead of `delta` (the non-streamed shape, streamed). */
export const messageInsteadOfDelta: ChatFault = {
  chunks: (chunks) => chunks.map((chunk) => ({ ...chunk, choices: chunk.choices.map(({ delta, ...choice }) => ({ ...choice, message: delta })) })),
};

/** Refuses requests that carry stream_options, as old Chat Completions backends did. */
export const rejectsStreamOptions: ChatFault = {
  reject: (body) =>
    body.stream_options === undefined ? undefined : { ok: false, status: 400, error: { message: 'Unrecognized request argument supplied: stream_options', code: null, param: null } },
};

/** Refuses with a bare text body instead of an error envelope. */
export const errorAsText: ChatFault = {
  refuse: (rejection) => new HttpResponse('Bad Request', { status: rejection.status, headers: { 'content-type': 'text/plain' } }),
};
