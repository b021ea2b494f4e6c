// A relay in front of an upstream, for testing `relaycheck fidelity` against: it forwards each
// request to the upstream (with its own upstream credential, as a relay with its own account does)
// and streams the answer back chunk by chunk. A Behaviour makes it unfaithful in one way: it rewrites
// the request, calls the upstream more than once, rewrites the events, or buffers the answer.
import { Duplex, Readable } from 'node:stream';
import { constants as zlib, createGzip } from 'node:zlib';
import { http, type RequestHandler } from 'msw';
import { request as undiciRequest } from 'undici';
import { type ServedHandlers, serveHandlers } from '../relays/serve-handlers.ts';

export interface RelayBehaviour {
  /** Rewrites the parsed request body before it is forwarded. */
  body?(body: Record<string, unknown>): void;
  /** Rewrites the headers forwarded upstream (after the relay set its own). */
  headers?(forwarded: Record<string, string>, fromClient: Headers): void;
  /** Upstream requests per client request; the last answer is passed on (default 1). */
  calls?: number;
  /** Rewrites each SSE event's parsed data; returning undefined drops the event. */
  event?(data: Record<string, unknown>): Record<string, unknown> | undefined;
  /** Reads the upstream's whole answer before sending any of it. */
  buffer?: boolean;
  /** Gzips every answer for clients that accept it, flushing each chunk (so streams stay streams). */
  gzip?: boolean;
}

/** The credential the simulated relay holds for its upstream account: not the client's. */
export const RELAY_UPSTREAM_KEY = 'relay-own-upstream-credential';

/** Client headers a forwarder does not pass on as they are (hop-by-hop, or set per connection). */
const NOT_FORWARDED = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'authorization', 'accept-encoding', 'keep-alive']);
const MAX_BODY_BYTES = 32 * 1024 * 1024;

export function forwardingHandlers(upstreamUrl: string, behaviour: RelayBehaviour = {}): RequestHandler[] {
  const upstream = upstreamUrl.replace(/\/+$/, '');
  return [
    http.all('*/v1/*', async ({ request }) => {
      const path = new URL(request.url).pathname.replace(/^.*?\/v1/, '');
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => {
        if (!NOT_FORWARDED.has(name)) headers[name] = value;
      });
      headers.authorization = `Bearer ${RELAY_UPSTREAM_KEY}`;
      behaviour.headers?.(headers, request.headers);
      let body: string | undefined;
      if (request.method === 'POST') {
        body = await request.text();
        if (behaviour.body) {
          const parsed = JSON.parse(body) as Record<string, unknown>;
          behaviour.body(parsed);
          body = JSON.stringify(parsed);
        }
      }
      let answer = await undiciRequest(`${upstream}${path}`, { method: request.method as 'GET' | 'POST', headers, body });
      for (let call = 1; call < (behaviour.calls ?? 1); call++) {
        await answer.body.dump({ limit: MAX_BODY_BYTES });
        answer = await undiciRequest(`${upstream}${path}`, { method: request.method as 'GET' | 'POST', headers, body });
      }
      const responseHeaders = new Headers();
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined && !['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(name)) responseHeaders.set(name, String(value));
      }
      if (behaviour.buffer) {
        const whole = Buffer.from(await answer.body.arrayBuffer());
        return new Response(whole, { status: answer.statusCode, headers: responseHeaders });
      }
      let stream = Readable.toWeb(answer.body) as ReadableStream<Uint8Array>;
      if (behaviour.event) stream = stream.pipeThrough(rewriteEvents(behaviour.event));
      if (behaviour.gzip && /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '')) {
        responseHeaders.set('content-encoding', 'gzip');
        stream = stream.pipeThrough(Duplex.toWeb(createGzip({ flush: zlib.Z_SYNC_FLUSH })) as TransformStream<Uint8Array, Uint8Array>);
      }
      return new Response(stream, { status: answer.statusCode, headers: responseHeaders });
    }),
  ];
}

/** Applies `rewrite` to each `data:` line's JSON; the upstream writes one event per chunk, lines whole. */
function rewriteEvents(rewrite: NonNullable<RelayBehaviour['event']>): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let pending = '';
  const emit = (block: string, controller: TransformStreamDefaultController<Uint8Array>) => {
    const data = /^data: (.*)$/m.exec(block)?.[1];
    // Only JSON events are rewritten; the chat stream's `data: [DONE]` passes as it is.
    if (data === undefined || !data.startsWith('{')) return controller.enqueue(encoder.encode(`${block}\n\n`));
    const next = rewrite(JSON.parse(data) as Record<string, unknown>);
    if (next) controller.enqueue(encoder.encode(`${block.replace(/^data: .*$/m, () => `data: ${JSON.stringify(next)}`)}\n\n`));
  };
  return new TransformStream({
    transform(chunk, controller) {
      pending += decoder.decode(chunk, { stream: true });
      const blocks = pending.split('\n\n');
      pending = blocks.pop()!;
      for (const block of blocks) emit(block, controller);
    },
    flush(controller) {
      if (pending) controller.enqueue(encoder.encode(pending));
    },
  });
}

export function startForwardingRelay(upstreamUrl: string, behaviour: RelayBehaviour = {}, port = 0): Promise<ServedHandlers> {
  return serveHandlers(forwardingHandlers(upstreamUrl, behaviour), { port });
}
