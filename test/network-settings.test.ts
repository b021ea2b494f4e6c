// Network settings a corporate user needs (issue 13 friction): HTTP(S)_PROXY / NO_PROXY honoured,
// the relay key going only to the relay's origin inside the proxy's tunnel; a private CA trusted
// with --ca-file or NODE_EXTRA_CA_CERTS; https:// on a plain HTTP port named as such.
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type RunningRelay } from '../harness/relays/catalogue.ts';
import { runMain } from './helpers/run-main.ts';

const KEY = 'sk-proxy-test-key-0123456789abcdef';

interface ForwardProxy {
  url: string;
  /** host:port of each CONNECT, and every header the proxy was sent. */
  tunnels: { target: string; headers: http.IncomingHttpHeaders }[];
  /** Requests sent to the proxy in the clear (absolute-form), which would expose the key to it. */
  plain: string[];
  close(): Promise<void>;
}

/** A forward proxy on loopback that tunnels CONNECT to loopback targets only and counts what it saw. */
async function forwardProxy(): Promise<ForwardProxy> {
  const tunnels: ForwardProxy['tunnels'] = [];
  const plain: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    plain.push(`${req.method} ${req.url}`);
    res.writeHead(405).end();
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    tunnels.push({ target: req.url ?? '', headers: req.headers });
    const [host, port] = (req.url ?? '').split(':');
    if (host !== '127.0.0.1') return void client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined).on('close', () => sockets.delete(socket));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    tunnels,
    plain,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** TLS in front of a plain relay: a real https:// relay on loopback, its certificate from `cert`. */
async function tlsFront(relay: RunningRelay, cert: { key: string; cert: string }): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const relayPort = Number(new URL(relay.baseUrl).port);
  const sockets = new Set<net.Socket>();
  const server = tls.createServer(cert, (socket) => {
    const upstream = net.connect(relayPort, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    for (const s of [socket, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined).on('close', () => sockets.delete(s));
    }
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `https://127.0.0.1:${(server.address() as net.AddressInfo).port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

let relay: RunningRelay;
let proxy: ForwardProxy;
let dir: string;
let caFile: string;
let httpsRelay: { baseUrl: string; close(): Promise<void> };

beforeAll(async () => {
  [relay, proxy, dir] = await Promise.all([startRelay('reference', { apiKey: KEY }), forwardProxy(), mkdtemp(path.join(tmpdir(), 'relaycheck-network-'))]);
  // A private CA, and the relay's certificate for 127.0.0.1 signed by it.
  const ca = await generate([{ name: 'commonName', value: 'relaycheck test CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true }],
  });
  const leaf = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ca: { key: ca.private, cert: ca.cert },
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }, { name: 'extKeyUsage', serverAuth: true }],
  });
  caFile = path.join(dir, 'ca.pem');
  await writeFile(caFile, ca.cert);
  httpsRelay = await tlsFront(relay, { key: leaf.private, cert: leaf.cert });
});
afterAll(async () => {
  await Promise.all([relay?.close(), proxy?.close(), httpsRelay?.close(), rm(dir, { recursive: true, force: true })]);
});

/** One core case, report.json on stdout; the environment is only what the test gives. */
async function run(baseUrl: string, env: Record<string, string>, flags: string[] = []) {
  const result = await runMain(['run', '--base-url', baseUrl, '--api-key-env', 'RELAY_KEY', '--case', 'turns.plain', '--no-retries', '--format', 'json', '--out', '-', ...flags], {
    inheritEnv: false,
    env: { RELAY_KEY: KEY, ...env },
  });
  return { ...result, report: result.stdout ? JSON.parse(result.stdout) : undefined };
}

const relayOrigin = (baseUrl: string) => new URL(baseUrl).host;

describe('a proxy from the environment', () => {
  it('carries every request through a CONNECT tunnel to the relay origin; the key only inside it', async () => {
    proxy.tunnels.length = 0;
    const { code, report } = await run(relay.baseUrl, { HTTP_PROXY: proxy.url });
    expect(code).toBe(0);
    expect(report.cases[0].status).toBe('pass');
    expect(proxy.tunnels.length).toBeGreaterThan(0);
    expect(new Set(proxy.tunnels.map((t) => t.target))).toEqual(new Set([relayOrigin(relay.baseUrl)]));
    expect(JSON.stringify(proxy.tunnels)).not.toContain(KEY);
    expect(JSON.stringify(proxy.tunnels)).not.toContain(KEY.slice(-12));
    expect(proxy.plain).toEqual([]);
  });

  it('is bypassed for a host in NO_PROXY', async () => {
    proxy.tunnels.length = 0;
    const { code } = await run(relay.baseUrl, { http_proxy: proxy.url, NO_PROXY: 'localhost,127.0.0.1' });
    expect(code).toBe(0);
    expect(proxy.tunnels).toEqual([]);
  });

  it.each([
    ['HTTPS_PROXY=not a url', { HTTPS_PROXY: 'not a url' }, 'relaycheck: HTTPS_PROXY is not a URL (expected e.g. http://proxy.example.com:3128)\n'],
    ['HTTP_PROXY=socks5://…', { HTTP_PROXY: 'socks5://127.0.0.1:1080' }, 'relaycheck: HTTP_PROXY must be an http:// or https:// proxy, got socks5:\n'],
  ])('%s exits 2 with one line', async (_name, env, line) => {
    const result = await run(relay.baseUrl, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(line);
  });
});

describe('a relay whose certificate a private CA signed', () => {
  it('is refused as untrusted without the CA', async () => {
    const { code, report } = await run(httpsRelay.baseUrl, {});
    expect(code).toBe(1);
    expect(report.cases[0].error).toMatchObject({ kind: 'tls' });
    expect(report.cases[0].error.message).not.toContain('plain HTTP');
    expect(report.cases[0].error.plainHttp).toBeUndefined();
  });

  it('is trusted with --ca-file, with NODE_EXTRA_CA_CERTS, and through an HTTPS_PROXY tunnel', async () => {
    expect((await run(httpsRelay.baseUrl, {}, ['--ca-file', caFile])).report.cases[0].status).toBe('pass');
    expect((await run(httpsRelay.baseUrl, { NODE_EXTRA_CA_CERTS: caFile })).report.cases[0].status).toBe('pass');
    proxy.tunnels.length = 0;
    const proxied = await run(httpsRelay.baseUrl, { HTTPS_PROXY: proxy.url }, ['--ca-file', caFile]);
    expect(proxied.code).toBe(0);
    expect(new Set(proxy.tunnels.map((t) => t.target))).toEqual(new Set([relayOrigin(httpsRelay.baseUrl)]));
  });

  it.each([
    ['a missing file', () => path.join(dir, 'missing.pem'), /^relaycheck: --ca-file .*missing\.pem: cannot read it \(ENOENT\)\n$/],
    ['a file with no certificate', () => path.join(dir, 'not-pem.txt'), /^relaycheck: --ca-file .*not-pem\.txt: no PEM certificate in it/],
  ])('--ca-file of %s exits 2 with one line', async (_name, file, line) => {
    await writeFile(path.join(dir, 'not-pem.txt'), 'hello');
    const result = await run(httpsRelay.baseUrl, {}, ['--ca-file', file()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(line);
  });
});

describe('https:// on a port that speaks plain HTTP', () => {
  it('says so, and to use http://', async () => {
    const { code, report } = await run(relay.baseUrl.replace('http://', 'https://'), {});
    expect(code).toBe(1);
    expect(report.cases[0].error).toMatchObject({ kind: 'tls', plainHttp: true });
    expect(report.cases[0].error.message).toMatch(/^the TLS handshake failed: this port speaks plain HTTP: use http:\/\/ \[ERR_SSL_WRONG_VERSION_NUMBER\]/);
  });
});

describe('doctor', () => {
  it('trusts the private CA with --ca-file and goes through the proxy', async () => {
    const doctor = (flags: string[], env: Record<string, string> = {}) =>
      runMain(['doctor', '--json', '--base-url', httpsRelay.baseUrl, '--api-key-env', 'RELAY_KEY', '--model', 'gpt-5.5', ...flags], { inheritEnv: false, env: { RELAY_KEY: KEY, CODEX_HOME: dir, ...env } });
    const untrusted = await doctor([]);
    expect(untrusted.code).toBe(1);
    expect(JSON.parse(untrusted.stdout).findings.map((f: { id: string }) => f.id)).toEqual(['transport.tls']);
    proxy.tunnels.length = 0;
    const trusted = await doctor(['--ca-file', caFile], { HTTPS_PROXY: proxy.url });
    expect(trusted.code, trusted.stdout).toBe(0);
    expect(proxy.tunnels.length).toBeGreaterThan(0);
  });
});
