// A relay that records every request Codex sends to /responses, then answers it like the reference
// relay (or forwards it to a real upstream relay and streams the answer back unchanged).
import type { IncomingMessage } from 'node:http';
import { http, type RequestHandler } from 'msw';
import { openAiErrorResponse } from '../relays/openai-error.ts';
import { referenceHandlers, type ResponsesFault } from '../relays/reference-relay.ts';
import { serveHandlers, type ServedHandlers } from '../relays/serve-handlers.ts';
import { websocketUpgrade } from '../relays/websocket-relay.ts';
import type { RecordedRequest } from '../replay/normalize-request.ts';

export interface CapturedRequest extends RecordedRequest {
  method: string;
  /** Path after the base URL's /v1, e.g. `/responses`. */
  path: string;
  /** websocket: one frame Codex sent, with the headers of the upgrade that opened its socket. */
  transport?: 'websocket';
}

export interface CaptureRelayOptions {
  port?: number;
  /** Forward to this base URL (…/v1) instead of answering like the reference relay. */
  upstream?: string;
  /** Models the built-in answers accept (default: any gpt-*). */
  models?: string[];
  /** A change to the built-in answers (e.g. a reasoning item in front of them). */
  answer?: ResponsesFault;
  /** Serve WebSocket upgrades like the reference relay, recording each frame (built-in answers only). */
  websocket?: boolean;
  onRequest(request: CapturedRequest): void;
}

export async function startCaptureRelay(options: CaptureRelayOptions): Promise<ServedHandlers> {
  const record: RequestHandler = http.post('*/v1/responses', async ({ request }) => {
    const text = await request.clone().text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    options.onRequest({ method: request.method, path: '/responses', headers: Object.fromEntries(request.headers), body });
    // Returning nothing hands the request on to the next handler.
  });
  const relayOptions = options.models ? { models: options.models } : {};
  const answer = options.upstream ? [forwardTo(options.upstream)] : referenceHandlers(relayOptions, options.answer);
  const upgrade = options.websocket
    ? websocketUpgrade(relayOptions, {}, {
        frame: (text, req) => {
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = text;
          }
          options.onRequest({ method: 'GET', path: '/responses', transport: 'websocket', headers: upgradeHeaders(req), body });
        },
      })
    : undefined;
  return serveHandlers([record, ...answer], { ...(options.port !== undefined && { port: options.port }), ...(upgrade && { upgrade }) });
}

function upgradeHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

/** Headers that describe the upstream's bytes on the wire, not the body the global fetch hands on. */
const HOP_HEADERS = ['content-encoding', 'content-length', 'transfer-encoding', 'connection'];

function forwardTo(upstream: string): RequestHandler {
  return http.post('*/v1/responses', async ({ request }) => {
    const headers = new Headers(request.headers);
    headers.delete('host');
    headers.delete('content-length');
    let answer: Response;
    try {
      // The recorder is a developer tool pointed at a relay the maintainer chose; the global fetch
      // streams the upstream answer back without buffering it.
      answer = await fetch(`${upstream.replace(/\/+$/, '')}/responses`, { method: 'POST', headers, body: await request.text(), redirect: 'manual', signal: request.signal });
    } catch (error) {
      return openAiErrorResponse(502, { message: `relaycheck record: the upstream ${upstream} did not answer (${(error as Error).message})`, type: 'server_error', code: 'upstream_unreachable' });
    }
    const back = new Headers(answer.headers);
    for (const name of HOP_HEADERS) back.delete(name);
    return new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers: back });
  });
}
