// The reference relay's WebSocket side: `GET /v1/responses` upgraded to a socket that takes
// `response.create` frames and answers each with the same events the HTTP stream carries, one JSON
// text frame per event. It keeps what Codex relies on per socket: the input and output of every
// response it answered, so a frame with `previous_response_id` and only the new items continues
// that conversation (store:false or not). A fault changes one thing: the upgrade's answer, silence,
// or forgetting the state.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { openAiErrorBody } from './openai-error.ts';
import { type RelayOptions, unixNow } from './relay-options.ts';
import { decideReply } from './reply-policy.ts';
import { type ReplyItem, buildResponseEvents } from './stream-builder.ts';

/** What a WebSocket relay does differently from the reference one. */
export interface WebSocketFault {
  /** Answers the upgrade with this HTTP status instead of 101 (404/405: no WebSocket; 426: "use HTTP"). */
  refuseUpgrade?: number;
  /** Accepts the socket and never sends a frame. */
  silent?: boolean;
  /** Answers every `previous_response_id` with previous_response_not_found, as a relay that keeps no state. */
  forgetsResponses?: boolean;
  /** Closes the socket (1009) on a frame over this many bytes, as proxies with a small frame limit do. */
  maxFrameBytes?: number;
  /** Announces this frame limit to Codex on the 101 (x-codex-websocket-max-message-bytes). */
  announcesMaxMessageBytes?: number;
}

/** Sees what crosses the socket, for the recorder: the upgrade request and every frame Codex sends. */
export interface WebSocketTap {
  upgrade?(req: IncomingMessage): void;
  frame?(text: string, upgrade: IncomingMessage): void;
}

export interface UpgradeHandler {
  handle(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Ends every open socket, so a silent one cannot keep the process alive. */
  close(): void;
}

/** Bound on one frame Codex sends (its turn requests are ~100 KB). */
export const RELAY_MAX_FRAME_BYTES = 32 * 1024 * 1024;
/** Past this many responses a socket forgets the oldest: memory stays bounded on a long session. */
const REMEMBERED_RESPONSES = 64;

export function websocketUpgrade(opts: RelayOptions = {}, fault: WebSocketFault = {}, tap: WebSocketTap = {}): UpgradeHandler {
  const server = new WebSocketServer({ noServer: true, maxPayload: fault.maxFrameBytes ?? RELAY_MAX_FRAME_BYTES });
  if (fault.announcesMaxMessageBytes !== undefined) server.on('headers', (headers) => headers.push(`x-codex-websocket-max-message-bytes: ${fault.announcesMaxMessageBytes}`));
  return {
    handle(req, socket, head) {
      tap.upgrade?.(req);
      if (!/\/v1\/responses(\?|$)/.test(req.url ?? '')) return refuse(socket, 404, 'Not Found', `Invalid URL (GET ${req.url})`);
      if (opts.apiKey !== undefined && req.headers.authorization !== `Bearer ${opts.apiKey}`) return refuse(socket, 401, 'Unauthorized', 'Incorrect API key provided.');
      if (fault.refuseUpgrade) return refuse(socket, fault.refuseUpgrade, statusText(fault.refuseUpgrade), 'WebSocket transport is not supported here; use HTTPS.');
      server.handleUpgrade(req, socket, head, (ws) => {
        // A frame over the limit is answered by closing with 1009 (ws does it); nothing more to do.
        ws.on('error', () => undefined);
        if (tap.frame) ws.on('message', (data, isBinary) => tap.frame!(isBinary ? `<binary ${(data as Buffer).length} bytes>` : data.toString(), req));
        if (!fault.silent) serveSocket(ws, opts, fault);
      });
    },
    close() {
      for (const ws of server.clients) ws.terminate();
      server.close();
    },
  };
}

function serveSocket(ws: WebSocket, opts: RelayOptions, fault: WebSocketFault): void {
  // response id → the whole conversation up to and including that response's output.
  const conversations = new Map<string, unknown[]>();
  ws.on('message', (data, isBinary) => {
    const frame = parseFrame(isBinary ? '' : data.toString());
    if (!frame) return sendError(ws, 400, 'invalid_request_error', 'Expected a JSON text frame with type "response.create".', null);
    const { type: _type, previous_response_id: previous, generate, ...body } = frame;
    const newInput = Array.isArray(body.input) ? body.input : [];
    let input = newInput;
    if (typeof previous === 'string') {
      const before = fault.forgetsResponses ? undefined : conversations.get(previous);
      if (!before) return sendError(ws, 400, 'invalid_request_error', `Previous response with id '${previous}' not found.`, 'previous_response_not_found', 'previous_response_id');
      input = [...before, ...newInput];
    }
    const bodyText = JSON.stringify({ ...body, input });
    const decision = decideReply(bodyText, opts);
    if (!decision.ok) return sendError(ws, decision.status, 'invalid_request_error', decision.error.message, decision.error.code, decision.error.param ?? null);
    // A prewarm (generate:false) sets up the conversation and answers with an empty response.
    const output: ReplyItem[] = generate === false ? [] : [decision.value.reply];
    const seed = createHash('sha256').update(bodyText).digest('hex').slice(0, 16);
    const events = buildResponseEvents({ model: decision.value.request.model, output, seed, createdAt: (opts.now ?? unixNow)(), request: decision.value.request, inputTokens: Math.ceil(bodyText.length / 4) });
    const response = events.at(-1)!.response as { id: string; output: unknown[] };
    remember(conversations, response.id, [...input, ...response.output]);
    for (const event of events) ws.send(JSON.stringify(event));
  });
}

function parseFrame(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { type?: unknown }).type === 'response.create') return value as Record<string, unknown>;
  } catch {
    // Not JSON: answered as a bad frame.
  }
  return undefined;
}

function remember(conversations: Map<string, unknown[]>, id: string, items: unknown[]): void {
  conversations.set(id, items);
  if (conversations.size > REMEMBERED_RESPONSES) conversations.delete(conversations.keys().next().value!);
}

/** The error event OpenAI sends on a socket: the HTTP status and the usual envelope. */
function sendError(ws: WebSocket, status: number, type: string, message: string, code: string | null, param: string | null = null): void {
  ws.send(JSON.stringify({ type: 'error', status, ...openAiErrorBody({ message, type, code, param }) }));
}

function refuse(socket: Duplex, status: number, reason: string, message: string): void {
  const body = JSON.stringify(openAiErrorBody({ message, code: null }));
  socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

function statusText(status: number): string {
  return { 404: 'Not Found', 405: 'Method Not Allowed', 426: 'Upgrade Required' }[status] ?? 'Error';
}
