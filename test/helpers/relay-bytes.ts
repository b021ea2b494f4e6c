// What a simulated relay sends, as pinnable text: one exchange is the status line, the response
// headers that do not change per connection, a blank line and the body byte for byte. Bytes that a
// text file would hide are spelled out (⟨CR⟩ before a line feed, ⟨bare CR⟩, ⟨BOM⟩), a compressed
// body is shown decoded under the sha256 of what crossed the wire, and a WebSocket answer is one
// `<<` line per frame. Read over node:http and ws, which decode nothing.
import { createHash } from 'node:crypto';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import type { ContentCoding } from '../../harness/codex/codex-profile.ts';
import { FIXTURES_DIR } from '../../harness/replay/fixture.ts';
import { decodeBody } from '../../harness/http/content-decoding.ts';

/** A request as a suite sends it; fixtures keep their {{placeholders}}, so the bytes are reproducible. */
export interface PinRequest {
  label: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** The recorded Codex request of `fixture`, as sent to `{base_url}{path}`. */
export function fixtureRequest(fixture: string, edit?: (body: Record<string, unknown>) => void): PinRequest {
  const { request } = JSON.parse(readFileSync(`${FIXTURES_DIR}/${fixture}.json`, 'utf8')) as { request: { path: string; headers: Record<string, string>; body: Record<string, unknown> } };
  edit?.(request.body);
  return { label: fixture, method: 'POST', path: request.path, headers: { ...request.headers, 'content-type': 'application/json' }, body: JSON.stringify(request.body) };
}

/** Headers the server writes per connection or per moment: left out so a pin is the relay's, not the clock's. */
const PER_CONNECTION = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);
/** Every bound here is far above what a simulated relay sends for one request. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const MAX_FRAMES = 1_000;
/** The frame that ends the answer to one response.create. */
const TERMINAL_FRAME = /^\{"type":"(response\.(completed|failed|incomplete)|error)"/;

/**
 * One exchange as text. `stopAfter`: the relay holds the stream open after this many SSE blocks.
 * `echoOf`: the request body whose tools the answer echoes, once it is in (a forwarding relay's
 * upstream got its own).
 */
export async function httpExchange(baseUrl: string, request: PinRequest, stopAfter?: number, echoOf: () => string | undefined = () => request.body): Promise<string> {
  const url = new URL(`${baseUrl}${request.path}`);
  const { status, headers, body, open } = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer; open: boolean }>((resolve, reject) => {
    const req = http.request(url, { method: request.method, headers: request.headers }, (res) => {
      const parts: Buffer[] = [];
      let size = 0;
      let blocks = 0;
      const finish = (open: boolean) => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts), open });
      res.on('data', (chunk: Buffer) => {
        parts.push(chunk);
        size += chunk.length;
        blocks += chunk.toString('latin1').split('\n\n').length - 1;
        if (size > MAX_BODY_BYTES) req.destroy(new Error(`body over ${MAX_BODY_BYTES} bytes`));
        else if (stopAfter !== undefined && blocks >= stopAfter) {
          finish(true);
          req.destroy();
        }
      });
      res.on('end', () => finish(false));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(request.body);
  });
  const coding = headers['content-encoding'] as ContentCoding | undefined;
  const text = coding ? `⟨${coding}, ${body.length} bytes, sha256 ${createHash('sha256').update(body).digest('hex')}, decoded:⟩\n${await decoded(body, coding)}` : body.toString('utf8');
  return [`### ${request.method} ${request.path} (${request.label})`, `HTTP ${status}`, ...headLines(headers), '', spell(echoed(text, echoOf())) + (open ? '\n⟨still open: the client left⟩' : '')].join('\n');
}

/**
 * The upgrade of GET {base_url}/responses with `headers`, then `frames` sent each after the answer to
 * the one before, chained to its response id. `stopAfter` 0: the relay answers no frame, so the
 * client sends one and leaves.
 */
export async function websocketExchange(baseUrl: string, headers: Record<string, string>, frames: Array<(previousId: string | undefined) => string>, stopAfter?: number): Promise<string> {
  const lines = ['### GET /responses (WebSocket upgrade)'];
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/responses`, { headers, maxPayload: MAX_BODY_BYTES });
  const opened = await new Promise<boolean>((resolve, reject) => {
    ws.once('open', () => resolve(true));
    ws.once('unexpected-response', (_req, res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('end', () => {
        lines.push(`HTTP ${res.statusCode}`, ...headLines(res.headers), '', spell(Buffer.concat(parts).toString('utf8')));
        resolve(false);
      });
    });
    ws.once('error', reject);
  });
  if (!opened) return lines.join('\n');
  lines.push('HTTP 101');
  const received: string[] = [];
  const closed = new Promise<string>((resolve) => ws.once('close', (code) => resolve(`⟨closed ${code}⟩`)));
  ws.on('message', (data) => (received.length < MAX_FRAMES ? received.push(data.toString()) : ws.terminate()));
  let previousId: string | undefined;
  for (const frame of frames) {
    const before = received.length;
    const answered = new Promise<undefined>((resolve) => {
      const onMessage = (data: WebSocket.RawData) => {
        if (!TERMINAL_FRAME.test(data.toString())) return;
        ws.off('message', onMessage);
        resolve(undefined);
      };
      ws.on('message', onMessage);
    });
    const text = frame(previousId);
    ws.send(text);
    lines.push(`>> ${text.slice(0, 60)}…`);
    if (stopAfter !== undefined) break;
    const ended = await Promise.race([closed, answered]);
    lines.push(...received.slice(before).map((frameText) => `<< ${spell(echoed(frameText, text))}`));
    if (ended) {
      lines.push(ended);
      return lines.join('\n');
    }
    previousId = /"id":"(resp_[^"]+)"/.exec(received.at(-1) ?? '')?.[1];
  }
  ws.terminate();
  if (stopAfter !== undefined) lines.push('⟨still open: the client left⟩');
  return lines.join('\n');
}

/**
 * A Response object echoes the request's tools (Codex sends ~30 KB of them) in every event that
 * carries it: written as a marker, so the pin reads as what the relay decides. Lossless: the tools
 * are the request's, byte for byte, or the marker is not written.
 */
function echoed(text: string, requestBody: string | undefined): string {
  const tools = requestBody && (JSON.parse(requestBody) as { tools?: unknown }).tools;
  return Array.isArray(tools) && tools.length > 0 ? text.replaceAll(`"tools":${JSON.stringify(tools)}`, '"tools":⟨the request\'s tools⟩') : text;
}

function headLines(headers: http.IncomingHttpHeaders): string[] {
  return Object.entries(headers)
    .filter(([name]) => !PER_CONNECTION.has(name))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : value}`);
}

async function decoded(body: Buffer, coding: ContentCoding): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const part of decodeBody((async function* () { yield new Uint8Array(body); })(), coding, MAX_BODY_BYTES)) parts.push(part);
  return Buffer.concat(parts).toString('utf8');
}

/** Bytes a text file would hide, spelled out; a reasoning blob (keyed per served relay) masked. */
function spell(text: string): string {
  return text
    .replaceAll('\uFEFF', '⟨BOM⟩')
    // A line feed after a bare CR is added, so the lines stay lines; after ⟨CR⟩ it is the relay's.
    .replace(/\r(?!\n)/g, '⟨bare CR⟩\n')
    .replaceAll('\r', '⟨CR⟩')
    .replace(/gAAAAAB[A-Za-z0-9_-]{43}/g, 'gAAAAAB⟨hmac of the served relay\'s random key⟩');
}
