// The Codex driver against the real pinned binary and a loopback relay. Retries are 0, so each case
// is one request and well under a second once the binary is cached.
import http from 'node:http';
import net from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CODEX_VERSION } from '../harness/codex/codex-version.ts';
import { ensureCodex } from '../harness/codex/install-codex.ts';
import { parseCodexJsonl, runCodexExec } from '../harness/codex/run-codex-exec.ts';
import { startNetworkGuard } from '../harness/codex/network-guard.ts';
import { startHttpRelay } from '../harness/relays/loopback-servers.ts';

const KEY = 'sk-test-driver-0123456789';

interface Relay {
  baseUrl: string;
  requests: { url: string; authorization?: string; body: string }[];
  close: () => Promise<void>;
}

let relay: Relay | undefined;
let binary = '';

async function startRelay(answer: (res: http.ServerResponse) => void): Promise<Relay> {
  const requests: Relay['requests'] = [];
  const relay = await startHttpRelay((req, res, { body }) => {
    requests.push({ url: req.url ?? '', authorization: req.headers.authorization, body });
    answer(res);
  });
  return { baseUrl: relay.baseUrl, requests, close: relay.close };
}

// The smallest stream Codex 0.169.0 accepts (docs/codex-ground-truth.md).
const MINIMAL_STREAM =
  'data: {"type":"response.output_item.done","item":{"type":"message","role":"assistant","content":[{"type":"output_text","text":"hello from relay"}]}}\n\n' +
  'data: {"type":"response.completed","response":{"id":"r1"}}\n\n';

const run = (baseUrl: string) =>
  runCodexExec({ binary, baseUrl, apiKey: KEY, model: 'gpt-5.5', prompt: 'say hello', timeoutMs: 60_000, streamIdleTimeoutMs: 5_000 });

beforeAll(async () => {
  ({ binary } = await ensureCodex());
}, 300_000);

afterEach(async () => {
  await relay?.close();
  relay = undefined;
});

describe('runCodexExec against the real Codex CLI', () => {
  it(`installs Codex ${CODEX_VERSION} once and reuses the cache`, async () => {
    const again = await ensureCodex();
    expect(again).toEqual({ binary, version: CODEX_VERSION });
  });

  it('shows the agent message of a minimal accepted stream', async () => {
    relay = await startRelay((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(MINIMAL_STREAM);
    });
    const outcome = await run(relay.baseUrl);

    expect(outcome).toMatchObject({ exitCode: 0, timedOut: false, turnCompleted: true, agentMessages: ['hello from relay'] });
    expect(outcome.turnFailed).toBeUndefined();
    expect(relay.requests).toHaveLength(1);
    expect(relay.requests[0]).toMatchObject({ url: '/v1/responses', authorization: `Bearer ${KEY}` });
  });

  it('reports a 404 as a failed turn naming the status, after a single request', async () => {
    relay = await startRelay((res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('404 page not found');
    });
    const outcome = await run(relay.baseUrl);

    expect(outcome.exitCode).toBe(1);
    expect(outcome.turnCompleted).toBe(false);
    expect(outcome.agentMessages).toEqual([]);
    expect(outcome.turnFailed).toMatch(/404/);
    expect(relay.requests).toHaveLength(1);
  });

  it('never reports the key, even when the relay echoes it in an error body', async () => {
    relay = await startRelay((res) => {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end(`invalid key Bearer ${KEY}`);
    });
    const outcome = await run(relay.baseUrl);

    expect(outcome.turnFailed).toMatch(/401/);
    expect(JSON.stringify(outcome)).not.toContain(KEY);
    expect(outcome.turnFailed).toContain('[redacted]');
  });
});

describe('keeping Codex on loopback', () => {
  it('refuses a relay that is not on loopback before starting Codex', async () => {
    await expect(runCodexExec({ binary, baseUrl: 'https://relay.example.com/v1', apiKey: KEY, model: 'gpt-5.5', prompt: 'say hello' })).rejects.toThrow(/loopback relays only/);
  });

  it('sends everything Codex tries beyond loopback to the network guard, which refuses it, while the relay still gets its turn', async () => {
    relay = await startRelay((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(MINIMAL_STREAM);
    });
    const outcome = await run(relay.baseUrl);
    expect(outcome.agentMessages).toEqual(['hello from relay']);
    // Codex 0.169.0 reaches for github.com and chatgpt.com on every run; none of it may leave the machine.
    for (const attempt of outcome.refusedConnections) expect(attempt).toMatch(/^[a-z0-9.-]+:\d+$/);
    expect(outcome.refusedConnections.some((attempt) => attempt.startsWith('127.0.0.1'))).toBe(false);
  });

  it('the guard answers 403 to a CONNECT and records its target', async () => {
    const guard = await startNetworkGuard();
    try {
      const proxy = new URL(guard.env.HTTPS_PROXY!);
      const socket = net.connect(Number(proxy.port), proxy.hostname);
      socket.write('CONNECT api.example.com:443 HTTP/1.1\r\nhost: api.example.com:443\r\n\r\n');
      const answer = await new Promise<string>((resolve) => socket.once('data', (chunk: Buffer) => resolve(chunk.toString())));
      socket.destroy();
      expect(answer).toMatch(/^HTTP\/1\.1 403 /);
      expect(guard.refused).toEqual(['api.example.com:443']);
      expect(guard.env).toMatchObject({ NO_PROXY: '127.0.0.1,localhost,::1', https_proxy: guard.env.HTTPS_PROXY });
    } finally {
      await guard.close();
    }
  });
});

describe('parseCodexJsonl', () => {
  it('folds exec events into an outcome and counts lines that are not events', () => {
    const stdout = [
      '{"type":"thread.started","thread_id":"t1"}',
      '{"type":"turn.started"}',
      '{"type":"item.completed","item":{"id":"item_0","type":"error","message":"Model metadata for `x` not found."}}',
      '{"type":"item.started","item":{"id":"item_1","type":"command_execution","command":"echo hi","aggregated_output":"","exit_code":null,"status":"in_progress"}}',
      '{"type":"item.completed","item":{"id":"item_1","type":"command_execution","command":"echo hi","aggregated_output":"hi\\n","exit_code":0,"status":"completed"}}',
      '{"type":"item.completed","item":{"id":"item_2","type":"file_change","changes":[{"path":"/w/a.txt","kind":"add"}],"status":"completed"}}',
      '{"type":"item.completed","item":{"id":"item_3","type":"agent_message","text":"done"}}',
      'not json',
      '{"type":"error","message":"Reconnecting... 1/5 (boom)"}',
      '{"type":"turn.failed","error":{"message":"boom"}}',
    ].join('\n');

    expect(parseCodexJsonl(stdout)).toMatchObject({
      threadId: 't1',
      agentMessages: ['done'],
      commandExecutions: [{ command: 'echo hi', exitCode: 0, output: 'hi\n', status: 'completed' }],
      fileChanges: [{ status: 'completed', changes: [{ path: '/w/a.txt', kind: 'add' }] }],
      errors: ['Model metadata for `x` not found.', 'Reconnecting... 1/5 (boom)'],
      turnCompleted: false,
      turnFailed: 'boom',
      unparsedLines: 1,
    });
  });
});
