// The only place relaycheck talks HTTP. Every call has a hard deadline, redirects are never followed
// (a redirect could carry the key to another origin; it is reported instead), and bodies are read
// through a byte bound.
import { Agent, request } from 'undici';
import type { TransportError } from '../model.ts';
import { classifyTransportError } from './classify-transport-error.ts';

export interface OutgoingRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface ResponseHead {
  status: number;
  headers: Record<string, string>;
  /** Milliseconds from sending to the response head. */
  headersMs: number;
}

export interface OpenResponse {
  head: ResponseHead;
  /** Raw body chunks, as they arrive. */
  chunks: AsyncIterable<Uint8Array>;
  /** Stops reading and releases the socket. */
  close(): void;
}

export type OpenResult = { ok: true; response: OpenResponse } | { ok: false; error: TransportError };

export interface TextResult {
  ok: true;
  head: ResponseHead;
  text: string;
  truncated: boolean;
}

export interface HttpClientOptions {
  connectTimeoutMs?: number;
  /** Response heads over this size are refused by the parser (a 1 MB header block is hostile). */
  maxHeaderBytes?: number;
}

export class HttpClient {
  private readonly agent: Agent;

  constructor(options: HttpClientOptions = {}) {
    this.agent = new Agent({
      connect: { timeout: options.connectTimeoutMs ?? 10_000 },
      maxHeaderSize: options.maxHeaderBytes ?? 64 * 1024,
      // Our own deadlines govern; undici's per-phase timers only back them up.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
  }

  /** Sends the request and returns once the response head arrived (or failed). */
  async open(req: OutgoingRequest, options: { signal: AbortSignal; deadlineMs: number }): Promise<OpenResult> {
    const started = performance.now();
    try {
      const res = await request(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        dispatcher: this.agent,
        signal: options.signal,
      });
      const head: ResponseHead = {
        status: res.statusCode,
        headers: flattenHeaders(res.headers),
        headersMs: Math.round(performance.now() - started),
      };
      const body = res.body;
      return {
        ok: true,
        response: {
          head,
          chunks: body as AsyncIterable<Uint8Array>,
          close: () => body.destroy(),
        },
      };
    } catch (error) {
      return { ok: false, error: classifyTransportError(error, { deadlineHit: options.signal.aborted, deadlineMs: options.deadlineMs }) };
    }
  }

  /** A small request whose body is read as text up to maxBytes: probes, error pages, model lists. */
  async fetchText(
    req: OutgoingRequest,
    options: { deadlineMs: number; maxBytes: number },
  ): Promise<TextResult | { ok: false; error: TransportError }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.deadlineMs);
    try {
      const opened = await this.open(req, { signal: controller.signal, deadlineMs: options.deadlineMs });
      if (!opened.ok) return opened;
      const { text, truncated } = await readText(opened.response, options.maxBytes);
      return { ok: true, head: opened.response.head, text, truncated };
    } catch (error) {
      return { ok: false, error: classifyTransportError(error, { deadlineHit: controller.signal.aborted, deadlineMs: options.deadlineMs }) };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.agent.destroy();
  }
}

/** Reads up to maxBytes of a body as UTF-8 and drops the rest of the connection. */
export async function readText(response: OpenResponse, maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  const parts: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  try {
    for await (const chunk of response.chunks) {
      const room = maxBytes - size;
      if (chunk.byteLength >= room) {
        parts.push(chunk.subarray(0, room));
        size += room;
        truncated = chunk.byteLength > room;
        break;
      }
      parts.push(chunk);
      size += chunk.byteLength;
    }
  } finally {
    response.close();
  }
  return { text: Buffer.concat(parts).toString('utf8'), truncated };
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
