// Hand-built HTTP/1.1 bytes for raw-socket relays, where the point is to break the framing.

export function rawHead(status: string, headers: Array<[string, string]> = []): string {
  return `HTTP/1.1 ${status}\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`;
}

/** One chunk of a chunked body. */
export function chunk(data: string | Buffer): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  return Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')]);
}

export const LAST_CHUNK = '0\r\n\r\n';

export const CHUNKED_SSE_HEAD = rawHead('200 OK', [
  ['Content-Type', 'text/event-stream'],
  ['Transfer-Encoding', 'chunked'],
]);

/** Deterministic bytes that are neither HTTP nor text (a fixed LCG, so every run sends the same). */
export function noise(length: number, seed = 7): Buffer {
  const out = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}
