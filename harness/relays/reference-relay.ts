// The healthy relay: POST /v1/responses streams a spec-complete Responses turn, plus the Chat
// Completions and model-list endpoints real relays also serve. Its /responses pipeline is
// request → reply → events → SSE frames → paced body; a fault (faults/*.ts) swaps in one transform
// at one stage, so every broken relay is this relay with exactly one thing wrong.
import { createHash } from 'node:crypto';
import { http, HttpResponse, type RequestHandler } from 'msw';
import { type ChatFault, chatCompletionsHandler } from './chat-completions.ts';
import { type CatalogFault, modelCatalogHandler } from './model-catalog-relay.ts';
import { type OpenAiErrorFields, openAiErrorResponse } from './openai-error.ts';
import { type RelayOptions, DEFAULT_MODELS, gateHandlers, unixNow } from './relay-options.ts';
import { type ResponsesRequest, decideReply } from './reply-policy.ts';
import { type WireFrame, sseBody } from './sse-body.ts';
import { type ReplyItem, type ResponseStreamEvent, buildResponseEvents, sseFrames } from './stream-builder.ts';

/** How a turn goes out on the wire. */
export interface StreamPlan {
  events: ResponseStreamEvent[];
  /** false: the last event lacks the blank line that ends it. */
  terminateLastEvent: boolean;
  /** After the last event, keep the connection open this long (until the client leaves); 0 ends it. */
  holdOpenMs: number;
  contentType: string;
  /** true: the completed Response goes out as one JSON body, as if stream:true had been ignored. */
  json: boolean;
}

/** An answer that refuses the request instead of streaming one. */
export interface Refusal {
  status: number;
  error: OpenAiErrorFields;
  headers?: Record<string, string>;
}

/** One relay bug: a transform at one stage of the pipeline. */
export interface ResponsesFault {
  /** Refuses a request the reference relay would answer. */
  refuse?(request: ResponsesRequest): Refusal | undefined;
  reply?(reply: ReplyItem): ReplyItem;
  stream?(plan: StreamPlan): StreamPlan;
  /** The serialized SSE events as they go on the wire: bytes, line endings, pauses. */
  frames?(frames: string[]): Iterable<WireFrame>;
  /** A content coding put on the body, chosen from the request's accept-encoding. */
  encode?(acceptEncoding: string | null): BodyEncoding | undefined;
  /** The response headers of an answered turn, given the reference relay's. */
  headers?(headers: Record<string, string>, request: ResponsesRequest): Record<string, string>;
}

export interface BodyEncoding {
  contentEncoding: string;
  body(sse: ReadableStream<Uint8Array>): ReadableStream<Uint8Array>;
}

const SSE_CONTENT_TYPE = 'text/event-stream; charset=utf-8';

export function referenceHandlers(opts: RelayOptions = {}, fault: ResponsesFault | FaultPerRequest = {}, chatFault: ChatFault = {}, catalogFault?: CatalogFault): RequestHandler[] {
  return [...gateHandlers(opts), responsesHandler(opts, fault), chatCompletionsHandler(opts, chatFault), modelsHandler(opts), modelCatalogHandler(opts, catalogFault)];
}

/** Picks the fault for one request from its body: relays whose fault comes and goes. */
export type FaultPerRequest = (bodyText: string) => ResponsesFault;

export function responsesHandler(opts: RelayOptions, faultOrPick: ResponsesFault | FaultPerRequest = {}): RequestHandler {
  return http.post('*/v1/responses', async ({ request }) => {
    const bodyText = await request.text();
    const fault = typeof faultOrPick === 'function' ? faultOrPick(bodyText) : faultOrPick;
    const decision = decideReply(bodyText, opts);
    if (!decision.ok) return openAiErrorResponse(decision.status, decision.error);
    const { request: body, reply } = decision.value;
    const refusal = fault.refuse?.(body);
    if (refusal) return openAiErrorResponse(refusal.status, refusal.error, refusal.headers);
    // Seeded by the body: the same request always gets the same bytes back.
    const seed = createHash('sha256').update(bodyText).digest('hex').slice(0, 16);
    const events = buildResponseEvents({
      model: body.model,
      output: [fault.reply ? fault.reply(reply) : reply],
      seed,
      createdAt: (opts.now ?? unixNow)(),
      request: body,
      inputTokens: Math.ceil(bodyText.length / 4),
    });
    const reference = { 'x-request-id': `req_${seed}`, 'openai-model': body.model };
    const headers = fault.headers ? fault.headers(reference, body) : reference;
    if (body.stream !== true) return HttpResponse.json(events.at(-1)!.response as Record<string, unknown>, { headers });

    const referencePlan: StreamPlan = { events, terminateLastEvent: true, holdOpenMs: 0, contentType: SSE_CONTENT_TYPE, json: false };
    const plan = fault.stream ? fault.stream(referencePlan) : referencePlan;
    if (plan.json) return HttpResponse.json(plan.events.at(-1)!.response as Record<string, unknown>, { headers });
    const frames = sseFrames(plan.events, { terminateLast: plan.terminateLastEvent });
    const sse = sseBody(fault.frames ? fault.frames(frames) : frames, {
      betweenEventsMs: opts.latency?.betweenEventsMs,
      holdOpenMs: plan.holdOpenMs,
    });
    const streamHeaders = { ...headers, 'content-type': plan.contentType, 'cache-control': 'no-cache' };
    const encoding = fault.encode?.(request.headers.get('accept-encoding'));
    if (!encoding) return new HttpResponse(sse, { headers: streamHeaders });
    return new HttpResponse(encoding.body(sse), { headers: { ...streamHeaders, 'content-encoding': encoding.contentEncoding, vary: 'accept-encoding' } });
  });
}

export function modelsHandler(opts: RelayOptions): RequestHandler {
  return http.get('*/v1/models', () =>
    HttpResponse.json({
      object: 'list',
      data: (opts.models ?? DEFAULT_MODELS).map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'relaycheck' })),
    }),
  );
}
