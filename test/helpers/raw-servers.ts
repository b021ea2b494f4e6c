// Loopback servers that misbehave below the level msw handlers can express (raw sockets).
import net from 'node:net';
import http from 'node:http';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

async function listen(server: net.Server | http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

/** A TCP server that answers every connection with the given bytes (then optionally keeps it open). */
export async function rawTcpServer(reply: string | Buffer, { keepOpen = false } = {}): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', () => {
      socket.write(reply);
      if (!keepOpen) socket.end();
    });
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** An HTTP server driven by a handler that gets the raw response to misuse as it likes. */
export async function httpServer(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<RunningServer> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => handler(req, res));
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port with nothing listening on it: bind, learn the port, close. */
export async function closedPortUrl(): Promise<string> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}
