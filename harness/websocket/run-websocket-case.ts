// Runs one case of the websocket suite the way Codex uses a socket: the upgrade with the recorded
// headers, then the frames before the case's own (a prewarm, a turn), each chained to the response
// that answered the one before by previous_response_id, then the case's frame, whose answer the
// checks judge. Only the judged exchange is reported.
import type { CaseResult, CheckResult } from '../report/model.ts';
import type { CaseContext } from '../checks/check.ts';
import type { StreamEvent } from '../exchange/exchange-end.ts';
import { isRecord } from '../checks/check.ts';
import { getCheck } from '../checks/registry.ts';
import type { ExchangeLimits, ExchangeResult } from '../exchange/exchange.ts';
import type { Fixture } from '../replay/fixture.ts';
import { instantiateRequest, type ReplayTarget } from '../replay/instantiate-request.ts';
import { caseResult, caseStatus, GuardedObserver } from '../run/run-case.ts';
import { routeEvents } from '../checks/event-routing.ts';
import { boundCase } from '../bounds/result-bounds.ts';
import type { CaseSpec } from '../run/suite.ts';
import { type WebSocketLimits, openWebSocket } from './websocket-session.ts';
import { reportedSeverity } from './websocket-severity.ts';
import { silentSocket } from '../checks/websocket-checks.ts';

export interface WebSocketCaseRun {
  target: ReplayTarget;
  limits: ExchangeLimits;
  /** The fixtures of spec.websocket.before, in order. */
  before: Fixture[];
  /** The user's provider uses WebSockets: the websocket checks are required. */
  websocketsRequired: boolean;
  /** Codex's stream retry limit this run models (what a refused upgrade costs). */
  streamMaxRetries?: number;
  /** The user's Codex talks to the relay through its built-in provider (`openai_base_url`). */
  builtInProvider: boolean;
}

/** Frames Codex sends for one request are ~100 KB; the relay's answers are events of a few KB. */
const MAX_FRAMES = 100_000;
const CONNECT_TIMEOUT_MS = 10_000;

export function websocketLimits(limits: ExchangeLimits): WebSocketLimits {
  return {
    connectTimeoutMs: Math.min(CONNECT_TIMEOUT_MS, limits.deadlineMs),
    maxFrameBytes: limits.maxEventLength,
    maxFrames: MAX_FRAMES,
    idleTimeoutMs: limits.idleTimeoutMs,
    deadlineMs: limits.deadlineMs,
    afterTerminalGraceMs: limits.afterTerminalGraceMs,
    transcriptEvents: limits.transcriptEvents,
    transcriptDataChars: limits.transcriptDataChars,
  };
}

export async function runWebSocketCase(spec: CaseSpec, suiteId: string, fixture: Fixture, run: WebSocketCaseRun): Promise<CaseResult> {
  const started = performance.now();
  const ws = spec.websocket ?? {};
  const target = { ...run.target, model: spec.model ?? run.target.model };
  const frameOf = (f: Fixture) => {
    const request = instantiateRequest(f, target);
    return { url: request.url, headers: withoutContentType(request.headers), frame: JSON.parse(request.body!) as Record<string, unknown> };
  };
  const own = frameOf(fixture);
  if (ws.padToBytes) padFrame(own.frame, ws.padToBytes);
  const context: CaseContext = {
    expectedReply: spec.expectedReply,
    requestBody: own.frame,
    idleTimeoutMs: run.limits.idleTimeoutMs,
    failedCloseGraceMs: run.limits.failedCloseGraceMs,
    ...(run.streamMaxRetries !== undefined && { codexRetries: { streamMaxRetries: run.streamMaxRetries } }),
    // Measured: the built-in provider never leaves a silent socket (websocket-checks.ts, SILENT_SOCKET_HANGS).
    ...(run.builtInProvider && run.websocketsRequired && { staysOnSilentSocket: true }),
  };
  const observers = spec.checks.map((id) => new GuardedObserver(getCheck(id), context));
  const errorFrame = firstErrorFrame();
  const limits = websocketLimits(run.limits);
  const opened = await openWebSocket(own.url, own.headers, limits);
  let judged: ExchangeResult;
  if (!opened.ok || ws.upgradeOnly) {
    if (opened.ok) opened.session.close();
    const end = opened.ok ? { ending: 'not-read' as const, durationMs: opened.head.headersMs, bytes: 0, events: 0, comments: 0, framing: [], maxGapMs: 0, head: opened.head } : opened.end;
    const transcript = opened.ok ? { request: { method: 'GET', url: own.url, headers: own.headers, bodyBytes: 0 }, response: { status: 101, headers: opened.head.headers, headersMs: opened.head.headersMs }, events: [], eventsTotal: 0, bytesReceived: 0 } : opened.transcript;
    judged = { end, transcript };
  } else {
    try {
      // A frame before the case's that got no response leaves it chained to an id the relay never
      // gave (the fixture's fresh one), as Codex's would be.
      let previous: string | undefined;
      let chained = true;
      for (const before of run.before) {
        const { frame } = frameOf(before);
        if (chained) chain(frame, previous);
        const { end } = await opened.session.send(frame, []);
        previous = completedId(end.terminal?.json);
        chained &&= previous !== undefined;
      }
      if (!ws.unknownPrevious && chained) chain(own.frame, previous);
      judged = await opened.session.send(own.frame, [routeEvents(observers.map((observer) => observer.route())), errorFrame]);
    } finally {
      opened.session.close();
    }
  }
  const { end, transcript } = judged;
  transcript.request.headers = own.headers;
  const results: CheckResult[] = observers
    .map((observer) => observer.result(end))
    .map((r) => (errorFrame.seen && !isWebSocketCheck(r.id) ? { id: r.id, severity: r.severity, status: 'skip' as const, message: ANSWERED_WITH_ERROR } : r))
    .map((r) => ({ ...r, severity: reportedSeverity(r.id, r.severity, run) }));
  // A refused upgrade is judged by websocket.upgrade, not read as "/responses does not exist".
  const status = caseStatus(results, end, { refusalMeansUnsupported: false });
  // Codex sends this frame every turn and never leaves a socket that does not answer it: no turn completes.
  const silent = silentSocket(end);
  const hangs = context.staysOnSilentSocket === true && ws.everyTurn === true && silent;
  const result = caseResult(spec, suiteId, { results, end, transcript, status, started, core: hangs });
  if (silent) result.silentSocket = context.staysOnSilentSocket === true ? 'hangs' : 'falls-back';
  return boundCase(result);
}

/** On a socket Codex reads an error event as the end of that request (it shows it and reconnects):
 * the stream checks, written for a turn that streams, have nothing to judge then. */
const ANSWERED_WITH_ERROR = 'the relay answered the frame with an error event: the websocket checks judge it';

function isWebSocketCheck(id: string): boolean {
  return id.startsWith('websocket.');
}

function firstErrorFrame() {
  const seen = { seen: false, event(event: StreamEvent) {
    if (event.type === 'error') seen.seen = true;
  }, end: () => ({ status: 'skip' as const, message: '' }) };
  return seen;
}

/** Chains a frame to the response before it on the socket, as Codex does; the first frame has none. */
function chain(frame: Record<string, unknown>, previous: string | undefined): void {
  if (previous === undefined) delete frame.previous_response_id;
  else frame.previous_response_id = previous;
}

function completedId(json: unknown): string | undefined {
  return isRecord(json) && isRecord(json.response) && typeof json.response.id === 'string' ? json.response.id : undefined;
}

/** Grows a frame to `bytes` with a developer message in front, as a long conversation resent whole. */
export function padFrame(frame: Record<string, unknown>, bytes: number): void {
  const missing = bytes - Buffer.byteLength(JSON.stringify(frame));
  if (missing <= 0 || !Array.isArray(frame.input)) return;
  const line = 'relaycheck padding: a long conversation resent whole.\n';
  const text = line.repeat(Math.ceil(missing / line.length));
  frame.input = [{ type: 'message', role: 'developer', content: [{ type: 'input_text', text }] }, ...frame.input];
}

function withoutContentType(headers: Record<string, string>): Record<string, string> {
  const { 'content-type': _dropped, ...rest } = headers;
  return rest;
}
