// Serves msw request handlers on a real loopback port, so the harness's own HTTP client (undici)
// talks to a simulated relay exactly as it would to a remote one. msw resolves each request;
// this file only moves bytes between node:http and Fetch objects, streaming the response body
// chunk by chunk so pacing, stalls and unterminated streams reach the client as written.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { getResponse, type RequestHandler } from 'msw';
import { openAiErrorBody } from './openai-error.ts';
import type { UpgradeHandler } from './websocket-relay.ts';
import { listenOnLoopback } from './loopback-servers.ts';

export interface ServeOptions {
  host?: string;
  port?: number;
  /** Serves WebSocket upgrades on the same port; without it an upgrade is answered like any GET. */
  upgrade?: UpgradeHandler;
}

export interface ServedHandlers {
  /** `http://host:port`, without a trailing slash. */
  url: string;
  /** Stops listening and destroys open sockets, so a stalled stream cannot keep the process alive. */
  close(): Promise<void>;
}

/** Request bodies are buffered (Codex sends ~100 KB); this bound keeps a runaway client out. */
const MAX_REQUEST_BYTES = 32 * 1024 * 1024;

export async function serveHandlers(handlers: RequestHandler[], opts: ServeOptions = {}): Promise<ServedHandlers> {
  const host = opts.host ?? '127.0.0.1';
  // One controller per open request, aborted when its client leaves or the server closes: resolvers
  // waiting on a timer see it through request.signal, and the response body is cancelled.
  const open = new Set<AbortController>();
  const server = createServer((req, res) => {
    const gone = new AbortController();
    open.add(gone);
    res.on('close', () => {
      open.delete(gone);
      if (!res.writableFinished) gone.abort();
    });
    req.on('error', () => gone.abort());
    void answer(handlers, req, res, gone.signal);
  });
  const { upgrade } = opts;
  if (upgrade) server.on('upgrade', (req, socket, head) => upgrade.handle(req, socket, head));
  const url = await listenOnLoopback(server, { host, port: opts.port });
  let closed: Promise<void> | undefined;
  return {
    url,
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const gone of open) gone.abort();
        opts.upgrade?.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

async function answer(handlers: RequestHandler[], req: IncomingMessage, res: ServerResponse, gone: AbortSignal): Promise<void> {
  let response: Response;
  try {
    const request = await toFetchRequest(req, gone);
    response = (await getResponse(handlers, request)) ?? notFound(req);
  } catch (error) {
    if (gone.aborted) return;
    response = Response.json(openAiErrorBody({ message: `simulated relay crashed: ${String(error)}`, type: 'server_error', code: 'internal_error' }), { status: 500 });
  }
  if (gone.aborted) {
    await response.body?.cancel().catch(() => undefined);
    return;
  }
  await writeResponse(response, res, gone);
}

async function toFetchRequest(req: IncomingMessage, signal: AbortSignal): Promise<Request> {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const url = `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`;
  const method = req.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req);
  return new Request(url, { method, headers, body, signal });
}

async function readBody(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_REQUEST_BYTES) throw new Error(`request body over ${MAX_REQUEST_BYTES} bytes`);
    parts.push(chunk);
  }
  return new Uint8Array(Buffer.concat(parts));
}

function notFound(req: IncomingMessage): Response {
  const message = `Invalid URL (${req.method} ${req.url})`;
  return Response.json(openAiErrorBody({ message, code: 'unknown_url' }), { status: 404 });
}

async function writeResponse(response: Response, res: ServerResponse, gone: AbortSignal): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, response.statusText || undefined, headers);
  if (!response.body) {
    res.end();
    return;
  }
  // The head goes out now: a client must see a stream open even if its first event is late.
  res.flushHeaders();
  const reader = response.body.getReader();
  const cancel = () => void reader.cancel().catch(() => undefined);
  gone.addEventListener('abort', cancel, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || gone.aborted) break;
      if (!res.write(value)) await drained(res);
    }
    if (!gone.aborted) res.end();
  } catch {
    // The body errored or was cancelled because the client left: drop the connection.
    res.destroy();
  } finally {
    gone.removeEventListener('abort', cancel);
    reader.releaseLock();
  }
}

/** Waits for the socket to take more data, or to close (then the read loop sees `gone`). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
