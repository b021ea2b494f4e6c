// Builds a Chat Completions answer for one reply, as plain objects, the way OpenAI streams it: a
// first chunk with the role (and, for a tool call, the call's index, id, type and name), the text
// or the arguments in pieces, a last choice chunk with finish_reason, then (when the request set
// stream_options.include_usage) a chunk with usage and no choices, every chunk before it carrying
// `usage: null`, and `data: [DONE]`. Deterministic: the same spec gives the same bytes.
import { DONE_DATA } from '../chat/chat-stream.ts';
import type { ChatReply } from './reply-policy.ts';

export type ChatChunk = Record<string, unknown> & { choices: Array<Record<string, unknown>> };

export interface ChatCompletionSpec {
  id: string;
  model: string;
  /** Unix seconds. */
  created: number;
  reply: ChatReply;
  /** The id of the reply's tool call. */
  callId: string;
  promptTokens: number;
  includeUsage: boolean;
  /** Characters per content or arguments piece (default 8). */
  deltaSize?: number;
}

const DEFAULT_DELTA_SIZE = 8;

const pieces = (text: string, size: number): string[] => Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

function usageOf(spec: ChatCompletionSpec) {
  const text = spec.reply.type === 'message' ? spec.reply.text : spec.reply.arguments;
  const completion = Math.max(1, Math.ceil(text.length / 4));
  return { prompt_tokens: spec.promptTokens, completion_tokens: completion, total_tokens: spec.promptTokens + completion, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } };
}

/** The chunks of a streamed answer, in order (without the closing [DONE]). */
export function buildChatChunks(spec: ChatCompletionSpec): ChatChunk[] {
  const size = spec.deltaSize ?? DEFAULT_DELTA_SIZE;
  const head = { id: spec.id, object: 'chat.completion.chunk', created: spec.created, model: spec.model };
  const chunk = (delta: Record<string, unknown>, finish: string | null): ChatChunk => ({
    ...head,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(spec.includeUsage && { usage: null }),
  });
  const chunks: ChatChunk[] = [];
  const { reply } = spec;
  if (reply.type === 'message') {
    chunks.push(chunk({ role: 'assistant', content: '', refusal: null }, null));
    for (const piece of pieces(reply.text, size)) chunks.push(chunk({ content: piece }, null));
    chunks.push(chunk({}, 'stop'));
  } else {
    chunks.push(chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: spec.callId, type: 'function', function: { name: reply.name, arguments: '' } }], refusal: null }, null));
    for (const piece of pieces(reply.arguments, size)) chunks.push(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }, null));
    chunks.push(chunk({}, 'tool_calls'));
  }
  if (spec.includeUsage) chunks.push({ ...head, choices: [], usage: usageOf(spec) });
  return chunks;
}

/** The non-streamed answer: a chat.completion object. */
export function buildChatCompletion(spec: ChatCompletionSpec): Record<string, unknown> {
  const { reply } = spec;
  const message =
    reply.type === 'message'
      ? { role: 'assistant', content: reply.text, refusal: null, annotations: [] }
      : { role: 'assistant', content: null, refusal: null, annotations: [], tool_calls: [{ id: spec.callId, type: 'function', function: { name: reply.name, arguments: reply.arguments } }] };
  return {
    id: spec.id,
    object: 'chat.completion',
    created: spec.created,
    model: spec.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: reply.type === 'message' ? 'stop' : 'tool_calls' }],
    usage: usageOf(spec),
  };
}

export const CHAT_DONE_FRAME = `data: ${DONE_DATA}\n\n`;

/** Each chunk as one `data:` event, then `data: [DONE]`. */
export function chatFrames(chunks: ChatChunk[]): string[] {
  return [...chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`), CHAT_DONE_FRAME];
}
