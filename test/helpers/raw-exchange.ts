// What a hostile relay sends, as pinnable text: its bytes as they cross the socket, read over raw TCP
// (no HTTP parser, since many of these answers are not HTTP), with bounds on time and size. The whole
// answer, up to the byte bound, goes into a sha256; the text shows its first and last bytes with every
// byte a text file would hide spelled out. What changes per run (the port, the Date header) is masked
// before hashing, so the same relay gives the same pin on every run.
import { createHash } from 'node:crypto';
import net from 'node:net';
import type { PinRequest } from './relay-bytes.ts';

export interface RawReadBounds {
  /** Stop once this many bytes of the answer's body (after the first blank line) have come; default: the byte bound. */
  bodyBytes?: number;
  /** Stop after this many bytes in all. */
  maxBytes: number;
  /** Stop once the relay has sent nothing for this long (it holds the connection open). */
  quietMs: number;
}

const SHOWN_HEAD = 2048;
const SHOWN_TAIL = 512;
const HEAD_END = Buffer.from('\r\n\r\n');
// A Date header's value is always 29 characters (IMF-fixdate); ports are masked the same way.
const DATE = /\r\nDate: [^\r]{29}\r\n/i;
const PORT = /127\.0\.0\.1:\d+/g;

/** Sends `request` to `baseUrl` as raw HTTP/1.1 and pins what comes back. */
export async function rawExchange(baseUrl: string, request: PinRequest, bounds: RawReadBounds): Promise<string> {
  const url = new URL(`${baseUrl}${request.path}`);
  const body = request.body ?? '';
  const head = [`${request.method} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`, ...Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`), `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close'];
  const { bytes, ending } = await read(url, `${head.join('\r\n')}\r\n\r\n${body}`, bounds);
  const text = mask(bytes.toString('latin1'));
  const digest = createHash('sha256').update(text, 'latin1').digest('hex');
  const shown = text.length <= SHOWN_HEAD + SHOWN_TAIL
    ? spell(text)
    : `${spell(text.slice(0, SHOWN_HEAD))}\n⟨… ${text.length - SHOWN_HEAD - SHOWN_TAIL} bytes not shown …⟩\n${spell(text.slice(-SHOWN_TAIL))}`;
  return [`### ${request.method} ${request.path} (${request.label}), raw TCP`, `⟨${bytes.length} bytes, ${ending}; sha256 ${digest} (port and Date masked)⟩`, shown].join('\n');
}

function read(url: URL, request: string, bounds: RawReadBounds): Promise<{ bytes: Buffer; ending: string }> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let size = 0;
    let bodyStart = -1;
    let quiet: NodeJS.Timeout | undefined;
    const socket = net.connect({ host: url.hostname, port: Number(url.port) });
    const done = (ending: string) => {
      clearTimeout(quiet);
      socket.destroy();
      resolve({ bytes: Buffer.concat(parts).subarray(0, limit()), ending });
    };
    // The byte bound, and the body bound once the head has ended.
    const limit = () => Math.min(bounds.maxBytes, bodyStart === -1 || bounds.bodyBytes === undefined ? Infinity : bodyStart + bounds.bodyBytes);
    const idle = () => {
      clearTimeout(quiet);
      // After a pause of the whole process the timer runs before the poll that reads what came
      // meanwhile: look once more after that poll (setImmediate) before calling the relay silent.
      quiet = setTimeout(() => {
        const seen = size;
        setImmediate(() => (size === seen ? done(`then nothing for ${bounds.quietMs} ms: the client left`) : undefined));
      }, bounds.quietMs);
    };
    socket.on('connect', () => {
      socket.write(request);
      idle();
    });
    socket.on('data', (chunk: Buffer) => {
      if (bodyStart === -1) {
        // Where the first blank line ends, looked for in this chunk and the 3 bytes before it.
        const before = Buffer.concat(parts.slice(-HEAD_END.length)).subarray(-(HEAD_END.length - 1));
        const at = Buffer.concat([before, chunk]).indexOf(HEAD_END);
        if (at !== -1) bodyStart = size - before.length + at + HEAD_END.length;
      }
      parts.push(chunk);
      size += chunk.length;
      if (size >= limit()) done('then the client left at its byte bound');
      else idle();
    });
    socket.on('end', () => done('then the relay closed'));
    // A reset is a reset whether it comes while writing the request (EPIPE) or reading (ECONNRESET).
    socket.on('error', () => done('then the connection was reset'));
  });
}

function mask(text: string): string {
  return text.replace(DATE, '\r\nDate: Thu, 01 Jan 1970 00:00:00 GMT\r\n').replace(PORT, (host) => `127.0.0.1:${'0'.repeat(host.length - '127.0.0.1:'.length)}`);
}

/** Printable ASCII and line feeds as they are, ⟨CR⟩ before a line feed, every other byte as ⟨hex⟩. */
function spell(latin1: string): string {
  return latin1.replace(/\r\n|[^\x20-\x7e\n]/g, (c) => (c === '\r\n' ? '⟨CR⟩\n' : `⟨${c.charCodeAt(0).toString(16).padStart(2, '0')}⟩`));
}
