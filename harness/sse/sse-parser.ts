import { createUtf8Decoder } from './utf8-decoder.ts';
import { capText, textPrefix } from '../bounds/bounded-text.ts';

// Incremental Server-Sent-Events parser, following the WHATWG event-stream rules that Codex's
// `eventsource_stream` crate implements: data lines joined with "\n", dispatch on a blank line,
// an event cut off by EOF is never dispatched. Everything a spec parser silently tolerates but a
// relay author should hear about comes back as FramingIssue data, never as a throw.

export interface SseEvent {
  /** 0-based arrival index among dispatched events. */
  index: number;
  /** The `event:` field, when the relay sent one. */
  event?: string;
  data: string;
  /** How many `data:` lines made up `data` (Codex needs one JSON document per event). */
  dataLines: number;
  id?: string;
}

export type FramingIssueKind =
  | 'multi-data-lines' // one event carried several data: lines
  | 'unterminated-event' // EOF before the blank line that ends an event: the event is lost
  | 'unknown-field' // a line whose field name is not data/event/id/retry (ignored)
  | 'event-without-data' // a blank line ended an event that had no data (nothing dispatched)
  | 'bom' // a UTF-8 byte order mark at the start: Codex then reads no event at all
  | 'invalid-utf8' // bytes that are not UTF-8 (replaced with U+FFFD, or the end of reading: stopAtInvalidUtf8)
  | 'line-too-long' // a line over the configured bound: parsing stops
  | 'event-too-large'; // one event's data over the configured bound: parsing stops

export interface FramingIssue {
  kind: FramingIssueKind;
  /** Index the next dispatched event would get, so issues can be placed on the timeline. */
  eventIndex: number;
  detail: string;
  /** For unterminated-event: the start of the text that was lost, so checks can name it. */
  lost?: string;
}

export interface SseParserOptions {
  onEvent(event: SseEvent): void;
  onIssue?(issue: FramingIssue): void;
  /** Called for every `:` comment line (keep-alives). */
  onComment?(): void;
  /** Bound on one line's length in UTF-16 code units; a longer line stops the parser. */
  maxLineLength?: number;
  /**
   * Bound on one event's data (its data: lines joined) in UTF-16 code units; a bigger event stops
   * the parser. Codex's reader has none (eventsource-stream buffers an event whole), so this is
   * relaycheck's own: without it, many short lines build one event of any size.
   */
  maxEventLength?: number;
  /**
   * Read no further than the first byte that is not UTF-8, as Codex does: its reader
   * (eventsource-stream's Utf8Stream) passes the valid prefix on and holds the rest until EOF, where
   * the turn fails with "UTF8 error" (measured with Codex 0.169.0, even inside a comment line).
   * Default: replace bad bytes with U+FFFD and go on, the WHATWG rule.
   */
  stopAtInvalidUtf8?: boolean;
}

export interface SseParser {
  feed(chunk: Uint8Array | string): void;
  /** Signals EOF: reports an event that was cut off. */
  end(): void;
  /** Which bound stopped the parser (maxLineLength, maxEventLength), once one did: the caller should stop reading. */
  readonly overflow: 'line-too-long' | 'event-too-large' | undefined;
}

const DEFAULT_MAX_LINE = 16 * 1024 * 1024;
const DEFAULT_MAX_EVENT = 16 * 1024 * 1024;
const DETAIL_PREVIEW = 120;
const LOST_PREVIEW = 4096;

export function createSseParser(options: SseParserOptions): SseParser {
  const maxLine = options.maxLineLength ?? DEFAULT_MAX_LINE;
  const maxEvent = options.maxEventLength ?? DEFAULT_MAX_EVENT;

  let tail = ''; // text after the last complete line
  // Whether tail ends in a CR (maybe half of a CRLF). Kept aside: reading the last character of a
  // string built by appending would flatten it, a full copy per chunk on a long line.
  let tailEndsInCr = false;
  let atStart = true;
  let overflow: SseParser['overflow'];
  let rejected = false; // Codex reads nothing more of the stream (leading BOM, invalid UTF-8)

  let dataParts: string[] = [];
  let eventLength = 0; // of dataParts joined with "\n"
  let eventName: string | undefined;
  let lastId: string | undefined;
  let dispatched = 0;

  const issue = (kind: FramingIssueKind, detail: string) =>
    options.onIssue?.({ kind, eventIndex: dispatched, detail });

  function dispatch(): void {
    if (dataParts.length === 0) {
      if (eventName !== undefined) issue('event-without-data', `event "${preview(eventName)}" had no data line`);
    } else {
      const event: SseEvent = {
        index: dispatched++,
        // Nearly every event has one data line: join would copy it into a fresh string.
        data: dataParts.length === 1 ? dataParts[0]! : dataParts.join('\n'),
        dataLines: dataParts.length,
      };
      if (eventName !== undefined) event.event = eventName;
      if (lastId !== undefined) event.id = lastId;
      if (event.dataLines > 1) {
        options.onIssue?.({
          kind: 'multi-data-lines',
          eventIndex: event.index,
          detail: `${event.dataLines} data: lines in one event`,
        });
      }
      options.onEvent(event);
    }
    dataParts = [];
    eventLength = 0;
    eventName = undefined;
  }

  function line(text: string): void {
    if (text === '') {
      dispatch();
      return;
    }
    if (text.charCodeAt(0) === 58 /* ':' */) {
      options.onComment?.();
      return;
    }
    // "data:" (the line most streams are made of) found by its bytes, without slicing out its name.
    if (text.charCodeAt(4) === 58 && text.startsWith('data')) {
      dataLine(text.charCodeAt(5) === 32 /* ' ' */ ? text.slice(6) : text.slice(5));
      return;
    }
    const colon = text.indexOf(':');
    let field: string;
    let value: string;
    if (colon === -1) {
      field = text;
      value = '';
    } else {
      field = text.slice(0, colon);
      value = text.charCodeAt(colon + 1) === 32 /* ' ' */ ? text.slice(colon + 2) : text.slice(colon + 1);
    }
    switch (field) {
      case 'data':
        dataLine(value);
        break;
      case 'event':
        eventName = value;
        break;
      case 'id':
        if (!value.includes('\0')) lastId = value;
        break;
      case 'retry':
        break;
      default:
        issue('unknown-field', `ignored line "${preview(text)}"`);
    }
  }

  function dataLine(value: string): void {
    eventLength += value.length + (dataParts.length > 0 ? 1 : 0);
    if (eventLength > maxEvent) {
      stopAt('event-too-large', `one event's data reached ${eventLength} characters over ${dataParts.length + 1} data: lines, over the ${maxEvent} bound`);
      return;
    }
    dataParts.push(value);
  }

  // Reported after the text before the bad byte was parsed, so eventIndex does not depend on chunking.
  const utf8 = createUtf8Decoder({
    text: (text) => feedText(text),
    invalid: () => {
      if (options.stopAtInvalidUtf8) {
        issue('invalid-utf8', 'bytes that are not valid UTF-8: Codex reads nothing from here on and fails the turn with "UTF8 error" at the end of the stream');
        rejected = true;
        return false;
      }
      issue('invalid-utf8', 'the stream contains bytes that are not valid UTF-8');
      return true;
    },
  });

  function feedText(input: string): void {
    if (overflow || rejected || input.length === 0) return;
    let text = input;
    if (atStart) {
      atStart = false;
      if (text.charCodeAt(0) === 0xfeff) {
        // A spec parser strips it; Codex 0.169.0 reads no event of such a stream (measured,
        // docs/codex-ground-truth.md). Model Codex: dispatch nothing from here on.
        issue('bom', 'the stream starts with a UTF-8 byte order mark: Codex reads no event of this stream');
        rejected = true;
        return;
      }
    }
    // A line longer than a chunk: append without rescanning (or flattening) what is already held.
    if (tail.length > 0 && !tailEndsInCr && text.indexOf('\n') === -1 && text.indexOf('\r') === -1) {
      tail += text;
      if (tail.length > maxLine) lineTooLong(tail.length);
      return;
    }
    // V8 returns the other string as it is for '' + text and for slice(0): no copy to avoid here.
    const buf = tail + text;
    let pos = 0;
    // CR is rare in practice; track its next position lazily so LF-only streams pay one indexOf a line.
    let nextCr = buf.indexOf('\r');
    for (;;) {
      const lf = buf.indexOf('\n', pos);
      if (nextCr !== -1 && nextCr < pos) nextCr = buf.indexOf('\r', pos);
      let end: number;
      let next: number;
      if (nextCr !== -1 && (lf === -1 || nextCr < lf)) {
        // A CR that is the last character so far may be the first half of CRLF: keep it for the
        // next chunk. At EOF it ends nothing, which is what Codex does with a final "\r\r".
        if (nextCr + 1 === buf.length) break;
        end = nextCr;
        next = buf.charCodeAt(nextCr + 1) === 10 ? nextCr + 2 : nextCr + 1;
      } else if (lf !== -1) {
        end = lf;
        next = lf + 1;
      } else {
        break;
      }
      if (end - pos > maxLine) {
        lineTooLong(end - pos);
        return;
      }
      line(buf.slice(pos, end));
      if (overflow) return;
      pos = next;
    }
    tail = buf.slice(pos);
    tailEndsInCr = tail.length > 0 && buf.charCodeAt(buf.length - 1) === 13;
    if (tail.length > maxLine) lineTooLong(tail.length);
  }

  function lineTooLong(length: number): void {
    stopAt('line-too-long', `a line of at least ${length} characters exceeds the ${maxLine} bound`);
  }

  function stopAt(kind: 'line-too-long' | 'event-too-large', detail: string): void {
    overflow = kind;
    tail = '';
    dataParts = [];
    eventLength = 0;
    issue(kind, detail);
  }

  return {
    feed(chunk) {
      if (typeof chunk === 'string') feedText(chunk);
      else utf8.write(chunk);
    },
    end() {
      if (overflow || rejected) return;
      utf8.end();
      if (overflow || rejected) return;
      // A last line without a line ending is never processed by a WHATWG parser, and an event
      // without its blank line is never dispatched: both are lost to Codex.
      const partial = tail.replace(/\r$/, '');
      const partialIsComment = partial.charCodeAt(0) === 58;
      if ((partial.length === 0 || partialIsComment) && dataParts.length === 0 && eventName === undefined) return;
      const lost = [...dataParts, partial].filter((part) => part.length > 0).join('\n');
      options.onIssue?.({
        kind: 'unterminated-event',
        eventIndex: dispatched,
        detail:
          partial.length > 0
            ? `the stream ended inside a line: "${preview(partial)}"`
            : `the stream ended before the blank line that ends the last event: "${preview(lost)}"`,
        lost: textPrefix(lost, LOST_PREVIEW),
      });
    },
    get overflow() {
      return overflow;
    },
  };
}

function preview(text: string): string {
  return capText(text, DETAIL_PREVIEW);
}
