// What a check is. A check watches one exchange as it streams (so a 1 GB stream is checked in
// bounded memory) and gives one outcome at the end. Checks never throw at the runner: a check that
// crashes becomes a failure naming the crash.
import type { ContentCoding } from '../codex/codex-profile.ts';
import type { Failure, RetriedAnswer, Severity, TransportError } from '../model.ts';
import type { ResponseHead } from '../http/http-client.ts';
import type { FramingIssue } from '../sse/sse-parser.ts';
import { capText } from '../bounded-text.ts';
import { RESULT_BOUNDS, boundFailure } from '../result-bounds.ts';
import type { CheckIdValue } from './ids.ts';

/** One dispatched SSE event, with its data parsed when it is JSON. */
export interface StreamEvent {
  index: number;
  /** Milliseconds since the request was sent. */
  atMs: number;
  event?: string;
  data: string;
  dataLines: number;
  /** The parsed data when it is a JSON document. */
  json?: unknown;
  /** `json.type` when it is a string: the only thing Codex dispatches on. */
  type?: string;
}

export type ReadEnding =
  | 'eof' // the relay closed the stream
  | 'after-terminal' // we stopped reading after the terminal event, as Codex does
  | 'idle' // no event for the idle timeout: Codex gives up here too
  | 'deadline' // the case deadline passed mid-stream
  | 'byte-limit' // the stream went over the byte bound
  | 'line-too-long' // one SSE line went over its bound
  | 'event-too-large' // one SSE event's data (or one WebSocket frame) went over its bound
  | 'frame-limit' // a WebSocket answer went over its frame count bound
  | 'transport-error' // the connection broke mid-stream
  | 'not-read'; // no body was read (no response, or not a stream)

/** Everything known about the exchange once reading stopped. */
export interface ExchangeEnd {
  head?: ResponseHead;
  error?: TransportError;
  ending: ReadEnding;
  durationMs: number;
  bytes: number;
  events: number;
  comments: number;
  /** Framing issues in arrival order (bounded). */
  framing: FramingIssue[];
  /** Start of the body when it was not read as a stream (error pages, JSON answers). */
  bodyText?: string;
  /** The first terminal event (response.completed / failed / incomplete), if one was parsed. */
  terminal?: StreamEvent;
  /** After a response.failed: ms until the relay closed the stream, null if it stayed open past the grace. */
  closedAfterFailedMs?: number | null;
  /** Longest silence between the response head / parsed events, and where it ended. */
  maxGapMs: number;
  /** When the first event and the last were parsed (ms since the request was sent). */
  firstEventAtMs?: number;
  lastEventAtMs?: number;
  /** The content coding the body was decoded from, when the modelled Codex decodes it. */
  decoded?: ContentCoding;
}

export type ExpectedReply = 'message' | 'function_call' | 'custom_tool_call';

export interface CaseContext {
  /** What Codex's request should get back, as the case defines it. */
  expectedReply: ExpectedReply;
  /** The body that was sent (parsed). */
  requestBody: Record<string, unknown>;
  /** Codex's stream_idle_timeout_ms for this target. */
  idleTimeoutMs: number;
  /** How long the runner waits for EOF after response.failed before calling the socket held open. */
  failedCloseGraceMs: number;
  /** With Codex's retries modelled: the answers before this one that Codex retried. Absent: retries off. */
  retried?: readonly RetriedAnswer[];
  /** Codex's stream retry limit for this run (WebSocket checks say what a refused upgrade costs); absent: Codex's default. */
  codexRetries?: { streamMaxRetries: number };
}

export type Outcome =
  | { status: 'pass' | 'skip'; message: string }
  | { status: 'fail'; message: string; failures?: Failure[] };

export interface Observer {
  event?(event: StreamEvent): void;
  end(end: ExchangeEnd): Outcome;
}

export interface Check {
  id: CheckIdValue;
  severity: Severity;
  title: string;
  /** The rule in one sentence: shown with every failure so it explains itself. */
  requirement: string;
  observe(context: CaseContext): Observer;
}


/** Collects failures up to a bound (each one bounded as it is stored) and builds the outcome. */
export class FailureList {
  readonly items: Failure[] = [];
  omitted = 0;

  add(failure: Failure): void {
    if (this.items.length < RESULT_BOUNDS.failuresPerCheck) this.items.push(boundFailure(failure));
    else this.omitted++;
  }

  get count(): number {
    return this.items.length + this.omitted;
  }

  outcome(passMessage: string, failMessage: (count: number) => string): Outcome {
    if (this.count === 0) return { status: 'pass', message: passMessage };
    const more = this.omitted > 0 ? ` (${this.omitted} more not listed)` : '';
    return { status: 'fail', message: failMessage(this.count) + more, failures: this.items };
  }
}

/** Stream checks have nothing to say about an exchange that produced no 200 stream. */
export function skipUnlessStreamed(end: ExchangeEnd): Outcome | undefined {
  if (!end.head) return { status: 'skip', message: 'no response from the relay' };
  // 101: a WebSocket, whose frames are the stream.
  if (end.head.status !== 200 && end.head.status !== 101) return { status: 'skip', message: `HTTP ${end.head.status}: no stream to check` };
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON value of a text, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Short JSON rendering for expected/actual values in failures. */
export function excerpt(value: unknown, max = 200): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return capText(text, max);
}

export const TERMINAL_TYPES = new Set(['response.completed', 'response.failed', 'response.incomplete']);
