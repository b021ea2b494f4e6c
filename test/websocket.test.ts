// Codex's WebSocket transport: the bounded client, the websocket suite's checks (a passing and a
// failing relay for each) and their severity. Real loopback servers only. The CLI that selects the
// suite is in websocket-cli.test.ts.
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { CheckId } from '../harness/checks/ids.ts';
import { getCheck } from '../harness/checks/registry.ts';
import { fallbackSentence, upgradeFallbackMs } from '../harness/checks/websocket-checks.ts';
import type { RunReport } from '../harness/report/model.ts';
import { startRelay } from '../harness/relays/catalogue.ts';
import { buildResponseEvents } from '../harness/relays/stream-builder.ts';
import { WEBSOCKET_RELAYS, startWebSocketRelay } from '../harness/relays/websocket-relays.ts';
import { runConformance } from '../harness/run/runner.ts';
import { type WebSocketLimits, openWebSocket } from '../harness/websocket/websocket-session.ts';
import { ALL_SUITES, selectSuites } from '../suites/index.ts';
import { websocketSuite } from '../suites/websocket.ts';
import { judgeCodexTurn } from '../harness/codex/codex-turn-result.ts';
import { startTcpRelay } from '../harness/relays/loopback-servers.ts';
import { nonEmpty } from './helpers/non-empty.ts';

const KEY = 'sk-websocket-test-0123456789';
// Far above what a loaded machine adds between two frames; the silent relay declares a short one.
const LIMITS = { idleTimeoutMs: 10_000, deadlineMs: 20_000 };
const CLIENT: WebSocketLimits = { connectTimeoutMs: 2_000, maxFrameBytes: 64 * 1024, maxFrames: 50, idleTimeoutMs: 1_000, deadlineMs: 10_000, afterTerminalGraceMs: 50, transcriptEvents: 10, transcriptDataChars: 200 };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A ws server on loopback that answers each frame as `answer` says. */
async function rawSocketServer(answer: (send: (text: string) => void, frame: string) => void): Promise<string> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  server.on('connection', (ws) => ws.on('message', (data) => answer((text) => ws.send(text), data.toString())));
  cleanups.push(async () => {
    for (const ws of server.clients) ws.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/responses`;
}

const failedChecks = (report: RunReport) => [...new Set(report.cases.flatMap((c) => c.checks.filter((k) => k.status === 'fail').map((k) => k.id)))].sort();

describe('the websocket suite is opt-in', () => {
  it('is not in a default run, and is when named or when the provider uses WebSockets', () => {
    expect(selectSuites().map((s) => s.id)).toEqual(ALL_SUITES.map((s) => s.id));
    expect(selectSuites(undefined, ['websocket']).map((s) => s.id)).toEqual([...ALL_SUITES.map((s) => s.id), 'websocket']);
    expect(selectSuites(['websocket']).map((s) => s.id)).toEqual(['websocket']);
  });
});

describe('what a refused upgrade costs Codex (measured: 7 attempts, ~6.3 s with 5 retries; 2, ~0.1 s with 0)', () => {
  it('sums Codex backoff over its stream retries', () => {
    expect(upgradeFallbackMs(5)).toBe(6_200);
    expect(fallbackSentence(5)).toBe('Codex falls back to HTTPS after about 6.2 s on every session start');
    expect(fallbackSentence(0)).toBe('Codex falls back to HTTPS at once, with a warning, on every session start');
  });
});

describe('the WebSocket client', () => {
  it('feeds each JSON text frame to the observers as a stream event, so the HTTP stream checks judge frames', async () => {
    const events = buildResponseEvents({ model: 'gpt-5.5', output: [{ type: 'message', text: 'hi' }], seed: 's', createdAt: 1 });
    const url = await rawSocketServer((send) => {
      for (const event of events) {
        // response.completed without its id: what codex.completed-response-id exists for.
        if (event.type === 'response.completed') send(JSON.stringify({ ...event, response: { ...(event.response as object), id: undefined } }));
        else send(JSON.stringify(event));
      }
    });
    const opened = await openWebSocket(url, {}, CLIENT);
    if (!opened.ok) throw new Error('no socket');
    cleanups.push(async () => opened.session.close());
    const context = { expectedReply: 'message' as const, requestBody: {}, idleTimeoutMs: 1_000, failedCloseGraceMs: 100 };
    const completedId = getCheck(CheckId.completedResponseId).observe(context);
    const terminal = getCheck(CheckId.terminalEvent).observe(context);
    const { end, transcript } = await opened.session.send({ type: 'response.create' }, [completedId, terminal]);
    expect(end.head?.status).toBe(101);
    expect(end.events).toBe(events.length);
    expect(end.terminal?.type).toBe('response.completed');
    expect(terminal.end(end).status).toBe('pass');
    expect(completedId.end(end).status).toBe('fail');
    expect(transcript.events.length).toBe(Math.min(events.length, CLIENT.transcriptEvents));
  });

  it('stops at its frame-size bound, its frame-count bound and its idle timeout', async () => {
    const big = await rawSocketServer((send) => send('x'.repeat(CLIENT.maxFrameBytes + 1)));
    const many = await rawSocketServer((send) => {
      for (let i = 0; i < CLIENT.maxFrames + 10; i++) send('{"type":"keepalive"}');
    });
    const silent = await rawSocketServer(() => undefined);
    const endOf = async (url: string) => {
      const opened = await openWebSocket(url, {}, CLIENT);
      if (!opened.ok) throw new Error('no socket');
      cleanups.push(async () => opened.session.close());
      return (await opened.session.send({ type: 'response.create' }, [])).end;
    };
    expect(await endOf(big)).toMatchObject({ ending: 'event-too-large', error: { kind: 'too-large' } });
    expect(await endOf(many)).toMatchObject({ ending: 'frame-limit', events: CLIENT.maxFrames, error: { kind: 'too-large' } });
    expect(await endOf(silent)).toMatchObject({ ending: 'idle', events: 0 });
  });

  it('gives up on an upgrade that gets no answer after its connect timeout', async () => {
    // Accepts the connection and never answers the upgrade.
    const server = await startTcpRelay(() => undefined, { onConnect: true });
    cleanups.push(() => server.close());
    const opened = await openWebSocket(`${server.baseUrl}/responses`, {}, { ...CLIENT, connectTimeoutMs: 300 });
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.end.error).toMatchObject({ kind: 'timeout' });
  });

  it('returns a refused upgrade as its HTTP status and body', async () => {
    const relay = await startWebSocketRelay(WEBSOCKET_RELAYS.find((r) => r.name === 'websocket-426')!);
    cleanups.push(relay.close);
    const opened = await openWebSocket(`${relay.baseUrl}/responses`, {}, CLIENT);
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect([opened.head?.status, opened.bodyText]).toEqual([426, expect.stringContaining('use HTTPS')]);
  });
});

describe('the websocket suite against the simulated relays', () => {
  it('passes every check on the reference relay, whose WebSocket side serves Codex', async () => {
    const relay = await startRelay('reference', { apiKey: KEY });
    cleanups.push(relay.close);
    const report = await runConformance({ target: { baseUrl: relay.baseUrl, apiKey: KEY }, suites: [websocketSuite], websockets: true, concurrency: 4, limits: LIMITS });
    expect(report.cases.map((c) => [c.id, c.status])).toEqual(websocketSuite.cases.map((c) => [c.id, 'pass']));
    expect(report.verdict).toMatchObject({ codex: 'compatible', spec: 'conformant' });
  });

  for (const entry of nonEmpty(WEBSOCKET_RELAYS, 'websocket relays')) {
    it(`${entry.name} fails exactly ${entry.violates.join(', ') || 'nothing'}, verdict ${entry.expectedCodexVerdict}`, async () => {
      const relay = await startWebSocketRelay(entry, { apiKey: KEY });
      cleanups.push(relay.close);
      const report = await runConformance({ target: { baseUrl: relay.baseUrl, apiKey: KEY }, suites: [websocketSuite], websockets: true, concurrency: 7, limits: { ...LIMITS, ...(entry.idleTimeoutMs !== undefined && { idleTimeoutMs: entry.idleTimeoutMs }) } });
      expect(failedChecks(report)).toEqual([...entry.violates].sort());
      expect(report.verdict.codex).toBe(entry.expectedCodexVerdict);
    }, 30_000);
  }

  it('names the fallback delay in the verdict for a relay that 404s the upgrade, with the run\'s retries', async () => {
    const relay = await startWebSocketRelay(WEBSOCKET_RELAYS.find((r) => r.name === 'websocket-404')!);
    cleanups.push(relay.close);
    const run = (streamMaxRetries: number) =>
      runConformance({ target: { baseUrl: relay.baseUrl }, suites: [{ ...websocketSuite, cases: websocketSuite.cases.slice(0, 1) }], websockets: true, limits: LIMITS, retries: { settings: { requestMaxRetries: 4, streamMaxRetries }, wait: async () => undefined } });
    expect((await run(5)).verdict.reasons).toEqual(['websocket.handshake: websocket.upgrade: the upgrade got HTTP 404: Codex falls back to HTTPS after about 6.2 s on every session start']);
    expect((await run(0)).verdict.reasons[0]).toContain('falls back to HTTPS at once');
  });
  it('a relay that loses previous_response_id state is a warning while Codex has stream retries left, and required with none', async () => {
    const relay = await startWebSocketRelay(WEBSOCKET_RELAYS.find((r) => r.name === 'websocket-forgets-responses')!);
    cleanups.push(relay.close);
    const run = (streamMaxRetries: number) =>
      runConformance({ target: { baseUrl: relay.baseUrl }, suites: [websocketSuite], websockets: true, limits: LIMITS, retries: { settings: { requestMaxRetries: 4, streamMaxRetries }, wait: async () => undefined } });
    const kept = (report: RunReport) => report.cases.flatMap((c) => c.checks).filter((r) => r.id === CheckId.websocketPreviousResponseKept && r.status === 'fail');
    const severities = (report: RunReport) => { const failed = kept(report); expect(failed.length).toBeGreaterThan(0); return [...new Set(failed.map((r) => r.severity))]; };
    const withRetries = await run(5);
    expect(severities(withRetries)).toEqual(['recommended']);
    expect(withRetries.verdict.codex).toBe('compatible');
    const without = await run(0);
    expect(severities(without)).toEqual(['required']);
    expect(without.verdict.codex).toBe('partial');
  });
});

describe('severity follows the provider', () => {
  it('required when the provider uses WebSockets, recommended otherwise, and a run without the suite keeps its verdict', async () => {
    const relay = await startWebSocketRelay(WEBSOCKET_RELAYS.find((r) => r.name === 'websocket-404')!);
    cleanups.push(relay.close);
    const handshake = [{ ...websocketSuite, cases: websocketSuite.cases.filter((c) => c.id === 'websocket.handshake') }];
    const plain = [{ ...ALL_SUITES[0]!, cases: ALL_SUITES[0]!.cases.filter((c) => c.id === 'turns.plain') }];
    const severity = (report: RunReport) => report.cases.find((c) => c.suite === 'websocket')?.checks[0]?.severity;
    const used = await runConformance({ target: { baseUrl: relay.baseUrl }, suites: [...plain, ...handshake], websockets: true, limits: LIMITS });
    const notUsed = await runConformance({ target: { baseUrl: relay.baseUrl }, suites: [...plain, ...handshake], limits: LIMITS });
    const without = await runConformance({ target: { baseUrl: relay.baseUrl }, suites: plain, limits: LIMITS });
    expect([severity(used), used.verdict.codex]).toEqual(['required', 'partial']);
    expect([severity(notUsed), notUsed.verdict.codex, notUsed.verdict.spec]).toEqual(['recommended', 'compatible', 'deviations']);
    expect(without.verdict).toMatchObject({ codex: 'compatible', spec: 'conformant' });
  });
});

describe('judging a Codex turn over WebSockets', () => {
  const outcome = (errors: string[]) => ({ exitCode: 0, timedOut: false, durationMs: 1, agentMessages: ['hello'], reasoning: [], commandExecutions: [], fileChanges: [], turnCompleted: true, errors, eventTypes: [], unparsedLines: 0, stderrTail: '', refusedConnections: [] });
  it('calls a turn that completed after "Falling back from WebSockets to HTTPS transport" a fallback, not a plain completion', () => {
    const warning = 'Falling back from WebSockets to HTTPS transport. unexpected status 404 Not Found: no, url: ws://127.0.0.1:1/v1/responses';
    expect(judgeCodexTurn('message', { outcome: outcome([warning]), expectedAnswer: 'hello' })).toEqual({ kind: 'falls-back', message: warning });
    expect(judgeCodexTurn('message', { outcome: outcome([]), expectedAnswer: 'hello' })).toEqual({ kind: 'completes' });
  });
});
