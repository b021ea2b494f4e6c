// One request/response exchange with a relay: sends, reads the SSE stream incrementally, feeds each
// event to the observers as it arrives, and stops the way Codex would (after the terminal event, on
// idle timeout) or at our own bounds (deadline, bytes, line length). A body in a coding the modelled
// Codex decodes is decoded as it arrives (http/content-decoding.ts), so every timing is of decoded
// events. Memory stays bounded whatever the relay sends: events are not kept, only a short transcript.
import type { Transcript, TranscriptEvent } from '../report/model.ts';
import type { HttpClient, OutgoingRequest } from '../http/http-client.ts';
import { readText } from '../http/http-client.ts';
import { classifyTransportError } from '../http/classify-transport-error.ts';
import { capText, textPrefix } from '../bounds/bounded-text.ts';
import { boundHeaders, boundUrl } from '../bounds/result-bounds.ts';
import { type DecodableCoding, DecodedTooLargeError, codingToDecode, decodeBody } from '../http/content-decoding.ts';
import { createSseParser, type FramingIssue } from '../sse/sse-parser.ts';
import { ArrivalSampler } from './event-arrivals.ts';
import { type EventSink, isTerminalType, isRecord } from '../checks/check.ts';
import type { ExchangeEnd, ReadEnding, StreamEvent } from './exchange-end.ts';

export interface ExchangeLimits {
  /** Hard bound on the whole exchange. */
  deadlineMs: number;
  /** Silence (no parsed event) after which Codex gives up; we stop there too. */
  idleTimeoutMs: number;
  /** Bound on the body as read: decoded bytes when it is decoded. */
  maxBytes: number;
  maxLineLength: number;
  /** Bound on one event's joined data: Codex has none, but one event is parsed and checked whole. */
  maxEventLength: number;
  /** After response.completed/incomplete: how long to keep reading for stray events. */
  afterTerminalGraceMs: number;
  /** After response.failed: how long the relay has to close the stream. */
  failedCloseGraceMs: number;
  transcriptEvents: number;
  transcriptDataChars: number;
}

export const DEFAULT_LIMITS: ExchangeLimits = {
  deadlineMs: 120_000,
  idleTimeoutMs: 300_000,
  maxBytes: 64 * 1024 * 1024,
  maxLineLength: 8 * 1024 * 1024,
  // As much as one line may hold: an event of many lines gets no more room than an event of one.
  maxEventLength: 8 * 1024 * 1024,
  afterTerminalGraceMs: 300,
  failedCloseGraceMs: 2_000,
  transcriptEvents: 40,
  transcriptDataChars: 2_000,
};

const BODY_PREVIEW_BYTES = 4 * 1024;
/** Event names and types are the relay's words too: a transcript keeps this much of each. */
const TRANSCRIPT_NAME_CHARS = 200;
const ERROR_BODY_BYTES = 64 * 1024;
const MAX_FRAMING_ISSUES = 200;
/** Longest stretch of parsing without letting timers (idle, deadline, progress) run. */
const YIELD_EVERY_MS = 50;

export interface ExchangeResult {
  end: ExchangeEnd;
  transcript: Transcript;
}

export async function performExchange(
  client: HttpClient,
  request: OutgoingRequest,
  limits: ExchangeLimits,
  observers: EventSink[],
  /** The codings the modelled Codex decodes (its profile); others are read as raw bytes. */
  decodes: readonly DecodableCoding[] = [],
): Promise<ExchangeResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const transcript: Transcript = {
    request: { method: request.method, url: request.url, headers: { ...request.headers }, bodyBytes: Buffer.byteLength(request.body ?? '') },
    events: [],
    eventsTotal: 0,
    bytesReceived: 0,
  };
  const end: ExchangeEnd = { ending: 'not-read', durationMs: 0, bytes: 0, events: 0, comments: 0, framing: [], maxGapMs: 0 };
  const arrivals = new ArrivalSampler();

  const controller = new AbortController();
  let stopReason: ReadEnding | undefined;
  let close: (() => void) | undefined;
  const stop = (reason: ReadEnding) => {
    if (stopReason) return;
    stopReason = reason;
    close?.();
  };
  // One timer at a time watches the stream: idle before the terminal event, a grace after it.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const clearTimer = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  const arm = (ms: number, reason: ReadEnding, onFire?: () => void) => {
    clearTimer();
    timer = setTimeout(() => {
      onFire?.();
      stop(reason);
    }, ms);
  };
  const deadline = setTimeout(() => {
    stop('deadline');
    controller.abort();
  }, limits.deadlineMs);

  try {
    const opened = await client.open(request, { signal: controller.signal, deadlineMs: limits.deadlineMs, followRedirects: true });
    if (!opened.ok) {
      end.error = opened.error;
      return finish();
    }
    const response = opened.response;
    close = response.close;
    end.head = response.head;
    transcript.response = { status: response.head.status, headers: boundHeaders(response.head.headers), headersMs: response.head.headersMs };
    if (response.head.redirectedFrom) transcript.response.url = boundUrl(response.head.url);
    if (stopReason) response.close();
    const coding = codingToDecode(response.head.headers['content-encoding'], decodes);
    if (coding) end.decoded = coding;
    const body = coding ? { ...response, chunks: decodeBody(response.chunks, coding, limits.maxBytes) } : response;

    if (response.head.status !== 200) {
      const { text } = await readText(body, ERROR_BODY_BYTES);
      end.bodyText = text;
      end.bytes = Buffer.byteLength(text);
      transcript.bodyPreview = textPrefix(text, BODY_PREVIEW_BYTES);
      return finish();
    }

    await readStream(body.chunks, response.head.headersMs);
  } catch (error) {
    if (!stopReason) {
      end.error = classifyTransportError(error);
      end.ending = 'transport-error';
    }
  } finally {
    clearTimeout(deadline);
    clearTimer();
  }
  return finish();

  function finish(): ExchangeResult {
    clearTimeout(deadline);
    clearTimer();
    end.durationMs = elapsed();
    if (stopReason === 'deadline' && !end.terminal) {
      end.error ??= classifyTransportError(undefined, { deadlineHit: true, deadlineMs: limits.deadlineMs });
    }
    // Our own size bounds cut the answer: say so, or the report reads as if the relay had ended it.
    if (stopReason === 'byte-limit' && !end.terminal) {
      end.error ??= { kind: 'too-large', message: `the stream went over the ${limits.maxBytes}-byte bound before its terminal event; reading stopped there` };
    }
    if (stopReason === 'line-too-long' && !end.terminal) {
      end.error ??= { kind: 'too-large', message: `an SSE line went over the ${limits.maxLineLength}-character bound; reading stopped there` };
    }
    if (stopReason === 'event-too-large' && !end.terminal) {
      end.error ??= { kind: 'too-large', message: `one SSE event's data went over the ${limits.maxEventLength}-character bound; reading stopped there` };
    }
    transcript.eventsTotal = end.events;
    transcript.bytesReceived = end.bytes;
    const times = arrivals.result({ endMs: end.durationMs, idleTimeoutMs: limits.idleTimeoutMs, idleEnded: end.ending === 'idle' });
    if (times) transcript.arrivals = times;
    return { end, transcript };
  }

  // --- stream reading ------------------------------------------------------------------------
  async function readStream(chunks: AsyncIterable<Uint8Array>, headersMs: number): Promise<void> {
    let lastEventAt = headersMs;
    let failedAt: number | undefined;
    let preview = '';
    let lastYield = performance.now();
    // An event arrived with the chunk that completed it: one clock reading per chunk, not per event
    // (a chunk off a fast stream holds about a hundred events).
    let chunkAtMs = headersMs;
    const parser = createSseParser({
      maxLineLength: limits.maxLineLength,
      maxEventLength: limits.maxEventLength,
      // Codex stops reading at the first invalid byte and fails the turn; so do we.
      stopAtInvalidUtf8: true,
      onComment: () => end.comments++,
      onIssue: (issue: FramingIssue) => {
        if (end.framing.length < MAX_FRAMING_ISSUES) end.framing.push(issue);
      },
      onEvent: (sse) => {
        const atMs = chunkAtMs;
        let json: unknown;
        let type: string | undefined;
        try {
          json = JSON.parse(sse.data);
          if (isRecord(json) && typeof json.type === 'string') type = json.type;
        } catch {
          // Codex skips data that is not JSON; the checks report it.
        }
        // Every field set, absent ones as undefined: all events then share one object shape, and
        // the checks reading them stay monomorphic over a stream of 240,000 events.
        const event: StreamEvent = { index: sse.index, atMs, event: sse.event, data: sse.data, dataLines: sse.dataLines, json, type };
        end.events++;
        arrivals.add(atMs);
        end.firstEventAtMs ??= atMs;
        end.maxGapMs = Math.max(end.maxGapMs, atMs - lastEventAt);
        lastEventAt = atMs;
        end.lastEventAtMs = atMs;
        if (transcript.events.length < limits.transcriptEvents) transcript.events.push(toTranscriptEvent(event, limits.transcriptDataChars));
        for (const observer of observers) observer.event?.(event);
        if (!end.terminal && isTerminalType(event.type)) {
          end.terminal = event;
          if (event.type === 'response.failed') {
            // Codex keeps reading until EOF after response.failed: give the relay a grace to close.
            failedAt = atMs;
            arm(limits.failedCloseGraceMs, 'after-terminal', () => (end.closedAfterFailedMs = null));
          } else {
            // Codex stops at the terminal event; we linger briefly to see stray events after it.
            arm(limits.afterTerminalGraceMs, 'after-terminal');
          }
        }
      },
    });
    // One idle timer for the stream, not one per event (re-arming a timer costs more than parsing
    // an event): when it fires it measures the real silence, and waits out the rest if events came.
    const watchIdle = (ms: number): void => {
      clearTimer();
      timer = setTimeout(() => {
        const quiet = elapsed() - lastEventAt;
        if (quiet >= limits.idleTimeoutMs) stop('idle');
        else watchIdle(limits.idleTimeoutMs - quiet);
      }, ms);
    };
    watchIdle(limits.idleTimeoutMs);
    try {
      for await (const chunk of chunks) {
        end.bytes += chunk.byteLength;
        if (preview.length < BODY_PREVIEW_BYTES) preview += Buffer.from(chunk.subarray(0, BODY_PREVIEW_BYTES)).toString('utf8');
        if (end.bytes > limits.maxBytes) {
          stop('byte-limit');
          break;
        }
        chunkAtMs = elapsed();
        parser.feed(chunk);
        if (parser.overflow) {
          stop(parser.overflow);
          break;
        }
        if (stopReason) break;
        // Parsing and checking a big event is synchronous work: give the timers their turn now and
        // then, and do not rely on them for the deadline.
        if (elapsed() >= limits.deadlineMs) {
          stop('deadline');
          break;
        }
        if (performance.now() - lastYield > YIELD_EVERY_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = performance.now();
          if (stopReason) break;
        }
      }
      if (!stopReason) endOfStream();
    } catch (error) {
      if (error instanceof DecodedTooLargeError) stop('byte-limit');
      // Once the terminal event is in, Codex has stopped reading (or, after response.failed, waits
      // for the stream to end, which a broken connection does too): the break is no transport error.
      if (!stopReason && !end.terminal) throw error;
      if (!stopReason) endOfStream();
    } finally {
      close?.();
    }
    function endOfStream(): void {
      parser.end();
      end.ending = 'eof';
      if (failedAt !== undefined) end.closedAfterFailedMs = elapsed() - failedAt;
      // Silence before EOF counts too: Codex's idle timer was running.
      if (!end.terminal) end.maxGapMs = Math.max(end.maxGapMs, elapsed() - lastEventAt);
    }
    if (stopReason) {
      end.ending = stopReason;
      if (stopReason === 'idle' || stopReason === 'deadline') end.maxGapMs = Math.max(end.maxGapMs, elapsed() - lastEventAt);
    }
    if (end.events === 0) end.bodyText = textPrefix(preview, BODY_PREVIEW_BYTES);
    if (end.events === 0 || end.framing.length > 0) transcript.bodyPreview = textPrefix(preview, BODY_PREVIEW_BYTES);
  }
}

export function toTranscriptEvent(event: StreamEvent, maxChars: number): TranscriptEvent {
  const out: TranscriptEvent = {
    atMs: event.atMs,
    data: capText(event.data, maxChars),
  };
  if (event.event !== undefined) out.event = capText(event.event, TRANSCRIPT_NAME_CHARS);
  if (event.type !== undefined) out.type = capText(event.type, TRANSCRIPT_NAME_CHARS);
  return out;
}
