// The reference Chat Completions endpoint: what a relay serving other agents should answer. Its
// pipeline is request → validation (the spec's CreateChatCompletionRequest) → reply → chunks →
// SSE frames; a chat fault (chat-faults.ts) swaps in one transform at one stage, so every broken
// chat relay is this endpoint with exactly one thing wrong. A chat-only relay serves it alone.
import { createHash } from 'node:crypto';
import { http, HttpResponse, type RequestHandler } from 'msw';
import { validateChatRequest } from '../checks/schema-validation.ts';
import { isRecord } from '../checks/check.ts';
import { openAiErrorResponse } from './openai-error.ts';
import { type Rejection, chatReplyFor, parseRequestBody } from './reply-policy.ts';
import { type RelayOptions, unixNow } from './relay-options.ts';
import { specRejection } from './spec-rejection.ts';
import { sseBody } from './sse-body.ts';
import { type ChatChunk, type ChatCompletionSpec, buildChatChunks, buildChatCompletion, chatFrames } from './chat-stream-builder.ts';

/** One chat relay bug: a transform at one stage of the pipeline. */
export interface ChatFault {
  /** How a refused request is answered (default: OpenAI's error envelope). */
  refuse?(rejection: Rejection): Response;
  /** Refuses a request the reference would answer. */
  reject?(body: Record<string, unknown>): Rejection | undefined;
  chunks?(chunks: ChatChunk[]): ChatChunk[];
  frames?(frames: string[]): string[];
}

const refuseTheOpenAiWay = (rejection: Rejection) => openAiErrorResponse(rejection.status, rejection.error);

/**
 * The answer a request gets: its rejection, or the spec of the completion to send. Exported for
 * relaycheck's own upstream, which answers chat requests the same way.
 */
export function decideChatCompletion(bodyText: string, opts: RelayOptions = {}): { ok: true; body: Record<string, unknown>; spec: ChatCompletionSpec; stream: boolean } | Rejection {
  const parsed = parseRequestBody(bodyText, [], opts);
  if (!parsed.ok) return parsed;
  const body = parsed.value;
  const invalid = specRejection(validateChatRequest(body));
  if (invalid) return invalid;
  const seed = createHash('sha256').update(bodyText).digest('hex');
  const options = body.stream_options;
  const spec: ChatCompletionSpec = {
    id: `chatcmpl-${seed.slice(0, 24)}`,
    model: body.model as string,
    created: (opts.now ?? unixNow)(),
    reply: chatReplyFor(body.messages as unknown[], Array.isArray(body.tools) ? body.tools : []),
    callId: `call_${seed.slice(24, 48)}`,
    promptTokens: Math.ceil(bodyText.length / 4),
    includeUsage: isRecord(options) && options.include_usage === true,
  };
  return { ok: true, body, spec, stream: body.stream === true };
}

export function chatCompletionsHandler(opts: RelayOptions, fault: ChatFault = {}): RequestHandler {
  const refuse = fault.refuse ?? refuseTheOpenAiWay;
  return http.post('*/v1/chat/completions', async ({ request }) => {
    const bodyText = await request.text();
    const decision = decideChatCompletion(bodyText, opts);
    if (!decision.ok) return refuse(decision);
    const { body, spec, stream } = decision;
    const rejection = fault.reject?.(body);
    if (rejection) return refuse(rejection);
    if (!stream) return HttpResponse.json(buildChatCompletion(spec));
    const reference = buildChatChunks(spec);
    const frames = chatFrames(fault.chunks ? fault.chunks(reference) : reference);
    return new HttpResponse(sseBody(fault.frames ? fault.frames(frames) : frames, { betweenEventsMs: opts.latency?.betweenEventsMs }), {
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
    });
  });
}
