// Loopback listeners for relays below what msw handlers express (the hostile corpus, and every test
// that needs a server of its own): raw TCP, for answers no HTTP library would produce, and node:http,
// for misbehaviour above the framing. Both record every request head they get (so a test can prove
// what reached which origin) and close cleanly: sockets destroyed, timers stopped. The simulated
// relays' msw handlers are served by serve-handlers.ts, which binds through listenOnLoopback too.
import http from 'node:http';
import net from 'node:net';
import { Scope } from './hostile/scope.ts';

export interface SeenRequest {
  /** Which listener got it: the relay under test, or another origin it points to. */
  server: string;
  /** The request line and headers as received, bounded. */
  head: string;
}

export interface RunningRelay {
  /** The base_url to test, `/v1` included: relaycheck posts to `{baseUrl}/responses`. */
  baseUrl: string;
  /** Every request head received so far, by every listener of this behaviour. */
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

export interface AnswerContext {
  /** Ends with the connection (or the relay): timers and write loops belong here. */
  scope: Scope;
  /** `http://127.0.0.1:<port>` of this listener. */
  origin: string;
  /** Request headers, names lower-cased. */
  headers: Record<string, string>;
  /** The request body as text, its first MAX_KEPT_BODY_CHARS (node:http listeners; '' for raw TCP). */
  body: string;
}

const MAX_HEAD_BYTES = 256 * 1024;
const MAX_REQUEST_BYTES = 8 * 1024 * 1024;
const MAX_KEPT_BODY_CHARS = 1024 * 1024;

export type TcpAnswer = (socket: net.Socket, context: AnswerContext) => void;

/**
 * A TCP listener that reads one HTTP request (head and Content-Length body) and hands the raw socket
 * to `answer`; with `onConnect`, it answers before reading anything.
 */
export async function startTcpRelay(answer: TcpAnswer, options: { name?: string; onConnect?: boolean } = {}): Promise<RunningRelay> {
  const name = options.name ?? 'relay';
  const scope = new Scope();
  const requests: SeenRequest[] = [];
  const sockets = new Set<net.Socket>();
  let origin = '';
  const server = net.createServer((socket) => {
    sockets.add(socket);
    const connection = scope.child();
    socket.on('close', () => {
      sockets.delete(socket);
      connection.close();
    });
    socket.on('error', () => undefined);
    const fail = () => socket.destroy();
    if (options.onConnect) {
      guarded(() => answer(socket, { scope: connection, origin, headers: {}, body: '' }), fail);
      return;
    }
    readRequest(socket, (head) => {
      requests.push({ server: name, head });
      guarded(() => answer(socket, { scope: connection, origin, headers: parseHeaders(head), body: '' }), fail);
    });
  });
  const relay = await listening(server, requests, () => {
    scope.close();
    for (const socket of sockets) socket.destroy();
  });
  origin = new URL(relay.baseUrl).origin;
  return relay;
}

/** Collects the head and the Content-Length body, then calls back once; drains anything after. */
function readRequest(socket: net.Socket, onRequest: (head: string) => void): void {
  const parts: Buffer[] = [];
  let size = 0;
  const onData = (chunk: Buffer) => {
    parts.push(chunk);
    size += chunk.length;
    const buffer = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    const headEnd = buffer.indexOf('\r\n\r\n');
    if (headEnd === -1) {
      if (size > MAX_HEAD_BYTES) socket.destroy();
      return;
    }
    const head = buffer.subarray(0, headEnd).toString('latin1');
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    if (size < headEnd + 4 + Math.min(length, MAX_REQUEST_BYTES)) {
      parts.length = 0;
      parts.push(buffer);
      return;
    }
    socket.off('data', onData);
    socket.resume();
    onRequest(head);
  };
  socket.on('data', onData);
}

function parseHeaders(head: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

export type HttpAnswer = (req: http.IncomingMessage, res: http.ServerResponse, context: AnswerContext) => void;

/** A node:http listener; `answer` runs once the request body has been read. */
export async function startHttpRelay(answer: HttpAnswer, options: { name?: string } = {}): Promise<RunningRelay> {
  const name = options.name ?? 'relay';
  const scope = new Scope();
  const requests: SeenRequest[] = [];
  let origin = '';
  const server = http.createServer((req, res) => {
    requests.push({ server: name, head: headOf(req) });
    const connection = scope.child();
    res.on('close', () => connection.close());
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      if (body.length < MAX_KEPT_BODY_CHARS) body += chunk.slice(0, MAX_KEPT_BODY_CHARS - body.length);
    });
    req.on('end', () => guarded(() => answer(req, res, { scope: connection, origin, headers: flatten(req.headers), body }), () => res.destroy()));
  });
  const relay = await listening(server, requests, () => {
    scope.close();
    server.closeAllConnections();
  });
  origin = new URL(relay.baseUrl).origin;
  return relay;
}

function headOf(req: http.IncomingMessage): string {
  const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
  for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
  return lines.join('\r\n').slice(0, MAX_HEAD_BYTES);
}

function flatten(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) if (value !== undefined) flat[key] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

/** A behaviour that throws drops its connection instead of taking the test process down. */
function guarded(run: () => void, onThrow: () => void): void {
  try {
    run();
  } catch {
    onThrow();
  }
}

/** Several listeners as one relay: the first is the one tested, all count their requests. */
export function combine(relays: RunningRelay[]): RunningRelay {
  return {
    baseUrl: relays[0]!.baseUrl,
    get requests() {
      return relays.flatMap((r) => r.requests);
    },
    close: async () => {
      await Promise.all(relays.map((r) => r.close()));
    },
  };
}

/** Where a loopback listener binds: 127.0.0.1 and a port the OS picks, unless told otherwise. */
export interface LoopbackAddress {
  host?: string;
  port?: number;
}

/** Binds `server` on loopback; resolves with its `http://host:port` origin, or rejects (port taken). */
export async function listenOnLoopback(server: net.Server, { host = '127.0.0.1', port = 0 }: LoopbackAddress = {}): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as net.AddressInfo).port;
  return `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
}

/** A loopback port the OS just handed out, free again now (a process started next can bind it). */
export async function freeLoopbackPort(): Promise<number> {
  const server = net.createServer();
  const origin = await listenOnLoopback(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return Number(new URL(origin).port);
}

/** A base_url with nothing listening behind it. */
export async function closedPortUrl(): Promise<string> {
  return `http://127.0.0.1:${await freeLoopbackPort()}/v1`;
}

/** Listens on a free loopback port; closing drops every connection (`dropAll`), then stops listening. */
async function listening(server: net.Server, requests: SeenRequest[], dropAll: () => void): Promise<RunningRelay> {
  const origin = await listenOnLoopback(server);
  return {
    baseUrl: `${origin}/v1`,
    requests,
    close: async () => {
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
