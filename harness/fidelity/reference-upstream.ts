// The upstream `relaycheck fidelity` puts behind the relay under test: the reference relay's own
// handlers (answering like a model: a tool call when the request asks for one), served on loopback,
// with every request it receives recorded along with the bytes it sent back and when. Comparing those
// with what the client sent and got is the whole of fidelity. Recording is bounded in count and bytes.
import { http, getResponse, type RequestHandler } from 'msw';
import { reasoningOnlyReply, reasoningRoundTrip } from '../relays/reasoning-faults.ts';
import { referenceHandlers } from '../relays/reference-relay.ts';
import { DEFAULT_MODELS } from '../relays/relay-options.ts';
import { serveHandlers } from '../relays/serve-handlers.ts';
import { boundHeaders } from '../bounds/result-bounds.ts';

export interface UpstreamLimits {
  /** Requests recorded per case; later ones are only counted. */
  maxExchanges: number;
  /** Bytes kept of one request body and of one response body. */
  maxBodyBytes: number;
}

export const DEFAULT_UPSTREAM_LIMITS: UpstreamLimits = { maxExchanges: 16, maxBodyBytes: 8 * 1024 * 1024 };

export interface UpstreamExchange {
  method: string;
  /** Path and query as the relay asked for them. */
  path: string;
  headers: Record<string, string>;
  bodyText: string;
  bodyTruncated: boolean;
  /** performance.now() when the request arrived. */
  receivedAt: number;
  response: UpstreamResponse;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  truncated: boolean;
  /** performance.now() when the first and the last body chunk left (one SSE event per chunk). */
  firstChunkAt?: number;
  lastChunkAt?: number;
  /** performance.now() of each body chunk, the first MAX_CHUNK_TIMES of them. */
  chunkAt: number[];
  /** false while the body is still being written (or the relay left before its end). */
  ended: boolean;
}

export interface CasePlan {
  /** Pause between the upstream's stream events: what the buffering check measures against. */
  betweenEventsMs?: number;
  /**
   * Streams a reasoning item (encrypted_content, summary) before each Responses answer and refuses
   * a request carrying a blob it did not issue, as the Codex backend does with store:false.
   */
  reasoning?: boolean;
  /** Answers every Responses request with a reasoning item alone, no message (a model that only thought). */
  reasoningOnly?: boolean;
}

/** The upstream's one account: it issues and verifies its reasoning blobs with this key. */
const REASONING_KEY = 'relaycheck-fidelity-upstream';

export interface ReferenceUpstream {
  /** `http://127.0.0.1:PORT/v1`: what the relay is configured to forward to. */
  url: string;
  /** Forgets what was recorded and sets how the next requests are answered. */
  beginCase(plan?: CasePlan): void;
  /** Requests received since beginCase, and how many more were only counted. */
  recorded(): { exchanges: UpstreamExchange[]; uncounted: number };
  close(): Promise<void>;
}

export interface UpstreamOptions {
  port?: number;
  /** Model names served beside the usual ones (the asked model, its --model-map target). */
  extraModels?: string[];
  limits?: UpstreamLimits;
  /** The clock that stamps created_at (a byte pin fixes it). */
  now?: () => number;
}

export async function startReferenceUpstream(options: UpstreamOptions = {}): Promise<ReferenceUpstream> {
  const limits = options.limits ?? DEFAULT_UPSTREAM_LIMITS;
  const models = [...new Set([...DEFAULT_MODELS, ...(options.extraModels ?? [])])];
  let plan: CasePlan = {};
  let exchanges: UpstreamExchange[] = [];
  let uncounted = 0;
  const answerers = new Map<string, RequestHandler[]>();
  const answererFor = ({ betweenEventsMs = 0, reasoning = false, reasoningOnly = false }: CasePlan) => {
    const key = `${betweenEventsMs}:${reasoning}:${reasoningOnly}`;
    const keys = { issue: REASONING_KEY, verify: REASONING_KEY };
    const fault = reasoningOnly ? reasoningOnlyReply(keys) : reasoning ? reasoningRoundTrip(keys) : {};
    if (!answerers.has(key)) answerers.set(key, referenceHandlers({ models, latency: { betweenEventsMs }, ...(options.now && { now: options.now }) }, fault));
    return answerers.get(key)!;
  };

  const recorder = http.all('*', async ({ request }) => {
    const receivedAt = performance.now();
    const { text: bodyText, truncated: bodyTruncated } = boundText(await request.clone().text(), limits.maxBodyBytes);
    const answer = (await getResponse(answererFor(plan), request)) ?? Response.json({ error: { message: 'not found', type: 'invalid_request_error', code: 'unknown_url', param: null } }, { status: 404 });
    if (exchanges.length >= limits.maxExchanges) {
      uncounted++;
      return answer;
    }
    const url = new URL(request.url);
    const response: UpstreamResponse = { status: answer.status, headers: headersOf(answer.headers), text: '', truncated: false, chunkAt: [], ended: !answer.body };
    exchanges.push({ method: request.method, path: url.pathname + url.search, headers: headersOf(request.headers), bodyText, bodyTruncated, receivedAt, response });
    if (!answer.body) return answer;
    return new Response(answer.body.pipeThrough(recordChunks(response, limits.maxBodyBytes)), { status: answer.status, headers: answer.headers });
  });

  const served = await serveHandlers([recorder], { port: options.port ?? 0 });
  return {
    url: `${served.url}/v1`,
    beginCase(next = {}) {
      plan = next;
      exchanges = [];
      uncounted = 0;
    },
    recorded: () => ({ exchanges: [...exchanges], uncounted }),
    close: () => served.close(),
  };
}

/** Chunk times kept per answer: the paced cases stream a few dozen events. */
export const MAX_CHUNK_TIMES = 256;

/** Passes the body through unchanged, noting each chunk's time and keeping its text up to a bound. */
function recordChunks(response: UpstreamResponse, maxBytes: number): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  let kept = 0;
  return new TransformStream({
    transform(chunk, controller) {
      const now = performance.now();
      response.firstChunkAt ??= now;
      response.lastChunkAt = now;
      if (response.chunkAt.length < MAX_CHUNK_TIMES) response.chunkAt.push(now);
      if (kept + chunk.byteLength <= maxBytes) {
        response.text += decoder.decode(chunk, { stream: true });
        kept += chunk.byteLength;
      } else response.truncated = true;
      controller.enqueue(chunk);
    },
    flush() {
      response.text += decoder.decode();
      response.ended = true;
    },
  });
}

function boundText(text: string, maxBytes: number): { text: string; truncated: boolean } {
  if (Buffer.byteLength(text) <= maxBytes) return { text, truncated: false };
  return { text: Buffer.from(text).subarray(0, maxBytes).toString('utf8'), truncated: true };
}

function headersOf(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => (out[name] = value));
  return boundHeaders(out);
}
