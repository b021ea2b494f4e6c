import { afterEach, describe, expect, it } from 'vitest';
import { runConformance } from '../harness/run/runner.ts';
import { turnsSuite } from '../suites/turns.ts';
import type { Suite } from '../harness/run/suite.ts';
import { closedPortUrl, startHttpRelay, startTcpRelay, type RunningRelay } from '../harness/relays/loopback-servers.ts';

const oneCase: Suite = { ...turnsSuite, cases: [turnsSuite.cases[0]!] };
const servers: RunningRelay[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/**
 * By default, bounds far above anything a loaded machine needs: these servers end the exchange
 * themselves. The tests of the deadline and the idle timeout pass short ones.
 */
async function runAgainst(baseUrl: string, limits = { deadlineMs: 20_000, idleTimeoutMs: 10_000 }) {
  const report = await runConformance({ target: { baseUrl, apiKey: 'sk-transport-test-0123456789' }, suites: [oneCase], limits });
  return { report, only: report.cases[0]! };
}

describe('a relay that gives no usable answer ends in a classified case within the deadline', () => {
  it('classifies a refused connection as an error of kind "refused"', async () => {
    const { only, report } = await runAgainst(await closedPortUrl());
    expect(only.status).toBe('error');
    expect(only.error?.kind).toBe('refused');
    expect(report.verdict.codex).toBe('incompatible');
    expect(report.verdict.reasons.join(' ')).toContain('refused');
  });

  it('classifies a server that answers with bytes that are not HTTP as "not-http"', async () => {
    const server = await startTcpRelay((socket) => socket.end('\x00\x01garbage that is not http\r\n\r\n'));
    servers.push(server);
    const { only } = await runAgainst(server.baseUrl);
    expect(only.status).toBe('error');
    expect(only.error?.kind).toBe('not-http');
  });

  it('fails an HTML error page with the status and says it is an HTML page', async () => {
    const server = await startHttpRelay((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>');
    });
    servers.push(server);
    const { only } = await runAgainst(server.baseUrl);
    expect(only.status).toBe('fail');
    const statusCheck = only.checks.find((c) => c.id === 'http.status-ok')!;
    expect(statusCheck.status).toBe('fail');
    expect(statusCheck.message).toMatch(/server error \(502\).*HTML page/);
  });

  it('fails garbage bytes in a 200 body: no terminal event, and says the body is not a stream', async () => {
    const server = await startHttpRelay((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x42, 0x0a, 0xc3, 0x28]));
    });
    servers.push(server);
    const { only } = await runAgainst(server.baseUrl);
    expect(only.status).toBe('fail');
    expect(only.checks.find((c) => c.id === 'sse.terminal-event')?.status).toBe('fail');
  });

  it('stops a stream that never ends at the deadline and reports a timeout', async () => {
    const server = await startHttpRelay((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let n = 0;
      const timer = setInterval(() => res.write(`data: {"type":"response.in_progress","sequence_number":${n++}}\n\n`), 20);
      res.on('close', () => clearInterval(timer));
    });
    servers.push(server);
    // The stream never ends: without the deadline this test would run into its own timeout.
    const { only } = await runAgainst(server.baseUrl, { deadlineMs: 1_500, idleTimeoutMs: 10_000 });
    expect(only.status).toBe('error');
    expect(only.error?.kind).toBe('timeout');
  });

  it('fails a stream that stalls after the head with the idle-gap check, as Codex would time out', async () => {
    const server = await startHttpRelay((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': keep-alive\n\n');
      const timer = setInterval(() => res.write(': ping\n\n'), 200);
      res.on('close', () => clearInterval(timer));
    });
    servers.push(server);
    const { only } = await runAgainst(server.baseUrl, { deadlineMs: 5_000, idleTimeoutMs: 1_000 });
    expect(only.status).toBe('fail');
    const idle = only.checks.find((c) => c.id === 'stream.idle-gap')!;
    expect(idle.status).toBe('fail');
    expect(idle.message).toMatch(/comment keep-alive/);
  });
});

describe('redirects are judged the way Codex follows them', () => {
  const stream = (res: import('node:http').ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(
      'data: {"type":"response.output_item.done","output_index":0,"item":{"type":"message","role":"assistant","content":[{"type":"output_text","text":"hello"}]}}\n\n' +
        'data: {"type":"response.completed","response":{"id":"r1"}}\n\n',
    );
  };

  it('follows a same-origin 307 with the same request, as Codex does, and passes', async () => {
    const server = await startHttpRelay((req, res) => {
      if (req.url === '/v1/responses') res.writeHead(307, { location: '/v2/responses' }).end();
      else if (req.url === '/v2/responses' && req.method === 'POST' && req.headers.authorization) stream(res);
      else res.writeHead(404).end();
    });
    servers.push(server);
    const { only, report } = await runAgainst(server.baseUrl);
    expect(only.checks.find((c) => c.id === 'http.status-ok')?.message).toMatch(/after 1 same-origin redirect/);
    expect(report.verdict.codex).toBe('compatible');
  });

  it('does not follow a 302, and says Codex would re-send it as a GET without the body', async () => {
    const server = await startHttpRelay((req, res) => {
      if (req.url === '/v1/responses') res.writeHead(302, { location: '/v2/responses' }).end();
      else stream(res);
    });
    servers.push(server);
    const { only } = await runAgainst(server.baseUrl);
    expect(only.status).toBe('fail');
    expect(only.checks.find((c) => c.id === 'http.status-ok')?.message).toMatch(/as a GET without the request body/);
  });
});
