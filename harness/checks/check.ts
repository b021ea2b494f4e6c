// What a check is. A check watches one exchange as it streams (so a 1 GB stream is checked in
// bounded memory) and gives one outcome at the end. Checks never throw at the runner: a check that
// crashes becomes a failure naming the crash.
import type { Failure, RetriedAnswer, Severity } from '../report/model.ts';
import type { ExchangeEnd, StreamEvent } from '../exchange/exchange-end.ts';
import { capText } from '../bounds/bounded-text.ts';
import { RESULT_BOUNDS, boundFailure } from '../bounds/result-bounds.ts';
import type { CheckIdValue } from './ids.ts';

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
  /** The user's Codex never falls back from a socket that accepts and stays silent (its built-in provider aimed at a relay). */
  staysOnSilentSocket?: boolean;
  /** The catalog case: the model whose entry Codex looks up in the provider's model catalog. */
  catalogModel?: string;
}

export type Outcome =
  | { status: 'pass' | 'skip'; message: string }
  | { status: 'fail'; message: string; failures?: Failure[] };

export interface Observer {
  event?(event: StreamEvent): void;
  end(end: ExchangeEnd): Outcome;
}

/** What the exchange feeds events to: an observer, or the router in front of a case's observers. */
export type EventSink = Pick<Observer, 'event'>;

export interface Check {
  id: CheckIdValue;
  severity: Severity;
  title: string;
  /** The rule in one sentence: shown with every failure so it explains itself. */
  requirement: string;
  /**
   * The event types (`StreamEvent.type`) its observer's `event` looks at; absent: every event, typed
   * or not. The runner delivers no other event to it (harness/checks/event-routing.ts), so a list must name every
   * type the observer acts on: the example tables run the checks through the same routing.
   */
  observes?: readonly string[];
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

const TERMINAL_TYPES = new Set(['response.completed', 'response.failed', 'response.incomplete']);
const TERMINAL_LENGTHS = [...TERMINAL_TYPES].map((type) => type.length);
const SHORTEST_TERMINAL = Math.min(...TERMINAL_LENGTHS);
const LONGEST_TERMINAL = Math.max(...TERMINAL_LENGTHS);

/**
 * Whether an event type ends the stream. Asked for every event by several checks and the exchange:
 * the length test turns away the delta types (all longer) without hashing a freshly parsed string.
 */
export function isTerminalType(type: string | undefined): boolean {
  return type !== undefined && type.length >= SHORTEST_TERMINAL && type.length <= LONGEST_TERMINAL && TERMINAL_TYPES.has(type);
}
