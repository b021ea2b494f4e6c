// Keeps the real Codex CLI on loopback. Codex 0.169.0 reaches out on its own (measured: github.com,
// api.github.com, chatgpt.com, ab.chatgpt.com on every `codex exec`); pointed at this guard as its
// HTTP(S) proxy, it asks the guard instead of resolving or connecting anywhere, and the guard refuses
// every request and notes where it was going. Loopback (the relay under test) bypasses the proxy.
import net from 'node:net';

export interface NetworkGuard {
  /** Environment for the Codex process: every proxy variable Codex (reqwest) or its tools read. */
  env: Record<string, string>;
  /** `host:port` (or the request line) of every attempt refused so far, in order. */
  refused: string[];
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1,localhost,::1';
const MAX_RECORDED = 100;

/** `allowHosts`: hosts Codex may reach directly besides loopback (the user's own relay, `run --with-codex`). */
export async function startNetworkGuard(allowHosts: readonly string[] = []): Promise<NetworkGuard> {
  const refused: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', (chunk: Buffer) => {
      // `CONNECT host:443 HTTP/1.1` for https, `GET http://host/path HTTP/1.1` for plain http.
      const requestLine = chunk.toString('latin1').split('\r\n', 1)[0] ?? '';
      const target = /^CONNECT (\S+)/.exec(requestLine)?.[1] ?? requestLine.slice(0, 200);
      if (refused.length < MAX_RECORDED) refused.push(target);
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  const env: Record<string, string> = {};
  for (const name of ['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY']) env[name] = env[name.toLowerCase()] = url;
  env.NO_PROXY = env.no_proxy = [LOOPBACK, ...allowHosts].join(',');
  return {
    env,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Codex has exited by now; a connection it left half-open must not hold the guard up.
        for (const socket of sockets) socket.destroy();
      }),
  };
}
