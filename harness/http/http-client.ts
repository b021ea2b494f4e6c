// The only place relaycheck talks HTTP. Every call has a hard deadline and bodies are read through a
// byte bound. Redirects are followed only where Codex succeeds through them (same-origin 307/308, as
// reqwest re-sends method, body and credentials there); any other redirect is returned as the answer
// and explained, so the key never travels to another origin.
import { type Dispatcher, request } from 'undici';
import type { TransportError } from '../report/model.ts';
import { classifyTransportError } from './classify-transport-error.ts';
import { sameOrigin } from './same-origin.ts';
import { createDispatcher, type NetworkSettings } from './network-settings.ts';

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
  /** The URL that answered (differs from the request's after a followed redirect). */
  url: string;
  /** URLs of the same-origin 307/308 redirects followed to get here (as Codex follows them). */
  redirectedFrom?: string[];
}

/** reqwest's default redirect limit, which Codex uses. */
export const MAX_REDIRECTS = 10;

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
  /** Proxies and extra CAs; default: straight to the relay, Node's roots. */
  network?: NetworkSettings;
}

export class HttpClient {
  private readonly agent: Dispatcher;

  constructor(options: HttpClientOptions = {}) {
    this.agent = createDispatcher(options.network ?? {}, { connectTimeoutMs: options.connectTimeoutMs ?? 10_000, maxHeaderBytes: options.maxHeaderBytes ?? 64 * 1024 });
  }

  /** Sends the request and returns once the response head arrived (or failed). */
  async open(req: OutgoingRequest, options: { signal: AbortSignal; deadlineMs: number; followRedirects?: boolean }): Promise<OpenResult> {
    const started = performance.now();
    try {
      let url = req.url;
      const redirectedFrom: string[] = [];
      for (;;) {
        const res = await request(url, { method: req.method, headers: req.headers, body: req.body, dispatcher: this.agent, signal: options.signal });
        const headers = flattenHeaders(res.headers);
        const next = options.followRedirects && redirectedFrom.length < MAX_REDIRECTS ? sameOriginReplay(url, res.statusCode, headers.location) : undefined;
        if (next) {
          // dump() reads a redirect's (small) body within a bound and frees the socket without the
          // stray abort error a destroy() raises.
          await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
          redirectedFrom.push(url);
          url = next;
          continue;
        }
        return { ok: true, response: this.wrap(res, { status: res.statusCode, headers, url, headersMs: Math.round(performance.now() - started), ...(redirectedFrom.length ? { redirectedFrom } : {}) }) };
      }
    } catch (error) {
      return { ok: false, error: classifyTransportError(error, { deadlineHit: options.signal.aborted, deadlineMs: options.deadlineMs }) };
    }
  }

  private wrap(res: Dispatcher.ResponseData, head: ResponseHead): OpenResponse {
    const body = res.body;
    return { head, chunks: body as AsyncIterable<Uint8Array>, close: () => body.destroy() };
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

/** The next URL when Codex would re-send the same request there: a 307/308 to the same origin. */
function sameOriginReplay(from: string, status: number, location: string | undefined): string | undefined {
  if ((status !== 307 && status !== 308) || !location) return undefined;
  try {
    const next = new URL(location, from);
    return sameOrigin(next, from) ? next.href : undefined;
  } catch {
    return undefined;
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
