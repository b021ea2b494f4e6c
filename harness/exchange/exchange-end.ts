// What one exchange with a relay produced, as the exchange (HTTP or WebSocket) hands it to the
// checks: each dispatched event, and everything known once reading stopped. The exchange owns
// these types; checks only read them.
import type { DecodableCoding } from '../http/content-decoding.ts';
import type { TransportError } from '../report/model.ts';
import type { ResponseHead } from '../http/http-client.ts';
import type { FramingIssue } from '../sse/sse-parser.ts';

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
  decoded?: DecodableCoding;
}
