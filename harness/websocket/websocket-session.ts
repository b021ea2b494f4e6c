// Codex's WebSocket transport, from the client side: `GET {base}/responses` upgraded with Codex's
// headers, then one `response.create` frame per request, each answered by the same events the HTTP
// stream carries, one JSON text frame each. Every event goes to the same observers (checks) the HTTP
// path feeds, with the same ExchangeEnd, so one set of stream checks judges both transports.
// Bounded like the HTTP exchange: connect timeout, frame size, frames per request, idle, deadline.
// ws is imported when a socket is opened: it costs ≈ 15 MiB of a process's RSS, and most runs open none.
import type WebSocket from 'ws';
import type { IncomingMessage } from 'node:http';
import type { Transcript } from '../report/model.ts';
import type { ResponseHead } from '../http/http-client.ts';
import { classifyTransportError } from '../http/classify-transport-error.ts';
import { textPrefix } from '../bounds/bounded-text.ts';
import { boundHeaders } from '../bounds/result-bounds.ts';
import { type EventSink, isTerminalType, isRecord } from '../checks/check.ts';
import type { ExchangeEnd, ReadEnding, StreamEvent } from '../exchange/exchange-end.ts';
import { type ExchangeResult, toTranscriptEvent } from '../exchange/exchange.ts';

export interface WebSocketLimits {
  /** Bound on the TCP connect and the upgrade handshake. */
  connectTimeoutMs: number;
  /** Bound on one frame the relay sends (ws closes the socket with 1009 above it). */
  maxFrameBytes: number;
  /** Bound on the frames of one request's answer. */
  maxFrames: number;
  /** Silence after which Codex gives up on the socket (its stream_idle_timeout_ms). */
  idleTimeoutMs: number;
  /** Hard bound on one request's answer. */
  deadlineMs: number;
  /** After response.completed: how long to keep reading for stray frames. */
  afterTerminalGraceMs: number;
  transcriptEvents: number;
  transcriptDataChars: number;
}

/** The upgrade's answer: a socket (101), or the HTTP answer that refused it, or no answer. */
export type UpgradeOutcome =
  | { ok: true; head: ResponseHead; session: WebSocketSession }
  | { ok: false; head?: ResponseHead; bodyText?: string; end: ExchangeEnd; transcript: Transcript };

/** A refusal's body is read only this far: it is an error page, not a stream. */
const REFUSAL_BODY_BYTES = 4 * 1024;

/** Codex's URL for the socket: the provider's base_url with a ws scheme. */
export function websocketUrl(httpUrl: string): string {
  return httpUrl.replace(/^http(s?):/i, 'ws$1:');
}

export async function openWebSocket(url: string, headers: Record<string, string>, limits: WebSocketLimits): Promise<UpgradeOutcome> {
  const { default: WebSocketClient } = await import('ws');
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const transcript: Transcript = { request: { method: 'GET', url, headers: { ...headers }, bodyBytes: 0 }, events: [], eventsTotal: 0, bytesReceived: 0 };
  const refused = (end: ExchangeEnd, head?: ResponseHead, bodyText?: string): UpgradeOutcome => {
    end.durationMs = elapsed();
    if (head) transcript.response = { status: head.status, headers: boundHeaders(head.headers), headersMs: head.headersMs };
    if (bodyText) transcript.bodyPreview = textPrefix(bodyText, REFUSAL_BODY_BYTES);
    return { ok: false, ...(head && { head }), ...(bodyText !== undefined && { bodyText }), end, transcript };
  };
  const socket = new WebSocketClient(websocketUrl(url), {
    headers,
    handshakeTimeout: limits.connectTimeoutMs,
    maxPayload: limits.maxFrameBytes,
    followRedirects: false,
    perMessageDeflate: true,
  });
  return new Promise<UpgradeOutcome>((resolve) => {
    socket.once('upgrade', (res: IncomingMessage) => {
      const head = headOf(res, url, elapsed());
      socket.once('open', () => {
        socket.removeAllListeners('error');
        resolve({ ok: true, head, session: new WebSocketSession(socket, url, head, limits) });
      });
    });
    socket.once('unexpected-response', (_req, res: IncomingMessage) => {
      const head = headOf(res, url, elapsed());
      void readBounded(res, REFUSAL_BODY_BYTES).then((bodyText) => {
        socket.terminate();
        resolve(refused({ ending: 'not-read', durationMs: 0, bytes: Buffer.byteLength(bodyText), events: 0, comments: 0, framing: [], maxGapMs: 0, head, bodyText }, head, bodyText));
      });
    });
    socket.once('error', (error: Error) => {
      const timedOut = /handshake has timed out/i.test(error.message);
      const transportError = timedOut ? { kind: 'timeout' as const, message: `the WebSocket upgrade got no answer within ${limits.connectTimeoutMs} ms` } : classifyTransportError(error);
      resolve(refused({ ending: 'transport-error', durationMs: 0, bytes: 0, events: 0, comments: 0, framing: [], maxGapMs: 0, error: transportError }));
    });
  });
}

/** An open socket: requests go one at a time, as Codex sends them. */
export class WebSocketSession {
  private lastSentBytes = 0;

  constructor(
    private readonly socket: WebSocket,
    private readonly url: string,
    private readonly head: ResponseHead,
    private readonly limits: WebSocketLimits,
  ) {
    // Between two requests nobody listens; an error then shows on the next send as a closed socket.
    socket.on('error', () => undefined);
  }

  /** Sends one frame and reads its answer until the terminal event, an error event, the socket's close, or a bound. */
  send(frame: Record<string, unknown>, observers: EventSink[]): Promise<ExchangeResult> {
    const { limits, socket } = this;
    const text = JSON.stringify(frame);
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const transcript: Transcript = {
      request: { method: 'GET', url: this.url, headers: {}, bodyBytes: Buffer.byteLength(text) },
      response: { status: this.head.status, headers: boundHeaders(this.head.headers), headersMs: 0 },
      events: [],
      eventsTotal: 0,
      bytesReceived: 0,
    };
    const end: ExchangeEnd = { head: { ...this.head, headersMs: 0 }, ending: 'not-read', durationMs: 0, bytes: 0, events: 0, comments: 0, framing: [], maxGapMs: 0 };
    let lastEventAt = 0;
    return new Promise<ExchangeResult>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (ending: ReadEnding, error?: ExchangeEnd['error']) => {
        if (end.ending !== 'not-read') return;
        clearTimeout(timer);
        clearTimeout(deadline);
        socket.off('message', onMessage);
        socket.off('close', onClose);
        socket.off('error', onError);
        end.ending = ending;
        if (error) end.error = error;
        end.durationMs = elapsed();
        if (!end.terminal) end.maxGapMs = Math.max(end.maxGapMs, elapsed() - lastEventAt);
        transcript.eventsTotal = end.events;
        transcript.bytesReceived = end.bytes;
        resolve({ end, transcript });
      };
      const watchIdle = () => {
        clearTimeout(timer);
        timer = setTimeout(() => finish('idle'), limits.idleTimeoutMs);
      };
      const deadline = setTimeout(() => finish('deadline', classifyTransportError(undefined, { deadlineHit: true, deadlineMs: limits.deadlineMs })), limits.deadlineMs);
      const onMessage = (data: WebSocket.RawData, isBinary: boolean) => {
        const bytes = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : (data as Buffer).byteLength;
        end.bytes += bytes;
        const atMs = elapsed();
        const payload = isBinary ? '' : data.toString();
        const event: StreamEvent = { index: end.events, atMs, data: payload, dataLines: 1 };
        try {
          event.json = JSON.parse(payload);
          if (isRecord(event.json) && typeof event.json.type === 'string') event.type = event.json.type;
        } catch {
          // Not JSON (or a binary frame): Codex cannot read it; the checks report it.
        }
        end.events++;
        end.firstEventAtMs ??= atMs;
        end.lastEventAtMs = atMs;
        end.maxGapMs = Math.max(end.maxGapMs, atMs - lastEventAt);
        lastEventAt = atMs;
        if (transcript.events.length < limits.transcriptEvents) transcript.events.push(toTranscriptEvent(event, limits.transcriptDataChars));
        for (const observer of observers) observer.event?.(event);
        if (end.events >= limits.maxFrames) return finish('frame-limit', { kind: 'too-large', message: `the answer went over ${limits.maxFrames} frames before its terminal event; reading stopped there` });
        // An error event ends the request on a socket: Codex reads no further for it.
        if (event.type === 'error') return finish('after-terminal');
        if (!end.terminal && isTerminalType(event.type)) {
          end.terminal = event;
          clearTimeout(timer);
          timer = setTimeout(() => finish('after-terminal'), limits.afterTerminalGraceMs);
          return;
        }
        if (!end.terminal) watchIdle();
      };
      const onClose = (code: number, reason: Buffer) => {
        // Our own frame bound ends the exchange in onError first: a 1009 here is the relay's refusal of our frame.
        if (code === 1009) return finish('eof', { kind: 'too-large', message: `the relay closed the socket with 1009 (message too big): it refused a ${this.lastSentBytes}-byte frame` });
        if (end.terminal) return finish('after-terminal');
        finish('eof', { kind: 'reset', message: `the relay closed the socket before the terminal event (code ${code}${reason.length ? `, ${textPrefix(reason.toString(), 200)}` : ''})` });
      };
      const onError = (error: Error) => {
        if (/max payload|Max payload/i.test(error.message)) return finish('event-too-large', { kind: 'too-large', message: `a frame went over the ${limits.maxFrameBytes}-byte bound; reading stopped there` });
        finish('transport-error', classifyTransportError(error));
      };
      socket.on('message', onMessage);
      socket.on('close', onClose);
      socket.on('error', onError);
      if (socket.readyState !== socket.OPEN) return finish('eof', { kind: 'reset', message: 'the socket was already closed' });
      watchIdle();
      this.lastSentBytes = Buffer.byteLength(text);
      socket.send(text, (error) => {
        if (error) finish('transport-error', classifyTransportError(error));
      });
    });
  }

  close(): void {
    this.socket.terminate();
  }
}

function headOf(res: IncomingMessage, url: string, headersMs: number): ResponseHead {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return { status: res.statusCode ?? 0, headers, headersMs, url };
}

async function readBounded(res: IncomingMessage, maxBytes: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      parts.push(chunk.subarray(0, maxBytes - size));
      size += chunk.length;
      if (size >= maxBytes) break;
    }
  } catch {
    // A refusal cut short still says what it said.
  }
  res.destroy();
  return Buffer.concat(parts).toString('utf8');
}
