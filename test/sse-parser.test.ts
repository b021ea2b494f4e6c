import { describe, expect, it } from 'vitest';
import { createSseParser, type FramingIssue, type SseEvent } from '../harness/sse/sse-parser.ts';

function parse(chunks: Array<string | Uint8Array>, maxLineLength?: number) {
  const events: SseEvent[] = [];
  const issues: FramingIssue[] = [];
  let comments = 0;
  const parser = createSseParser({ onEvent: (e) => events.push(e), onIssue: (i) => issues.push(i), onComment: () => comments++, maxLineLength });
  for (const chunk of chunks) parser.feed(chunk);
  parser.end();
  return { events, issues, comments, overflowed: parser.overflow !== undefined };
}

describe('SSE parser (WHATWG rules, as Codex applies them)', () => {
  it('dispatches an event on the blank line and keeps the event name', () => {
    const { events, issues } = parse(['event: response.created\ndata: {"type":"response.created"}\n\n']);
    expect(events).toEqual([{ index: 0, event: 'response.created', data: '{"type":"response.created"}', dataLines: 1 }]);
    expect(issues).toEqual([]);
  });

  it('treats LF, CRLF and bare CR line endings alike, even when CRLF is split across chunks', () => {
    for (const chunks of [['data: a\r\n\r\ndata: b\r\n\r\n'], ['data: a\r\rdata: b\r\r\n'], ['data: a\r', '\n\r', '\ndata: b\r', '\r\n'], ['data: a\n\ndata: b\n\n']]) {
      expect(parse(chunks).events.map((e) => e.data)).toEqual(['a', 'b']);
    }
  });

  it('joins several data lines with a newline and reports the event as multi-line', () => {
    const { events, issues } = parse(['data: {"a":\ndata: 1}\n\n']);
    expect(events[0]).toMatchObject({ data: '{"a":\n1}', dataLines: 2 });
    expect(issues.map((i) => i.kind)).toEqual(['multi-data-lines']);
  });

  it('never dispatches a final event without its blank line, and says what was lost', () => {
    const { events, issues } = parse(['data: one\n\ndata: {"type":"response.completed"}\n']);
    expect(events.map((e) => e.data)).toEqual(['one']);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ kind: 'unterminated-event', eventIndex: 1 });
    expect(issues[0]!.lost).toContain('response.completed');
  });

  it('reports a last line that has no line ending at all', () => {
    const { events, issues } = parse(['data: x\n\ndata: {"type":"response.completed"}']);
    expect(events).toHaveLength(1);
    expect(issues[0]).toMatchObject({ kind: 'unterminated-event' });
    expect(issues[0]!.lost).toBe('data: {"type":"response.completed"}');
  });

  it('counts comments without dispatching them, and a trailing comment is not a lost event', () => {
    const { events, issues, comments } = parse([': keep-alive\n\n: ping\ndata: x\n\n: bye']);
    expect(events.map((e) => e.data)).toEqual(['x']);
    expect(comments).toBe(2);
    expect(issues).toEqual([]);
  });

  it('strips one space after the colon only, and takes a line without colon as a field name', () => {
    const { events } = parse(['data:  two spaces\n\ndata\n\n']);
    expect(events.map((e) => e.data)).toEqual([' two spaces', '']);
  });

  it('reports unknown fields and events that had a name but no data', () => {
    const { events, issues } = parse(['foo: bar\nevent: x\n\ndata: ok\n\n']);
    expect(events.map((e) => e.data)).toEqual(['ok']);
    expect(issues.map((i) => i.kind)).toEqual(['unknown-field', 'event-without-data']);
  });

  it('reads nothing from a stream that starts with a byte order mark, as Codex does (not the spec)', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('data: x\n\ndata: y\n\n')]);
    const { events, issues } = parse([bytes]);
    expect(events).toEqual([]);
    expect(issues.map((i) => i.kind)).toEqual(['bom']);
  });

  it('does not let a bare CR that ends the stream end a line, as Codex does with a final "\\r\\r"', () => {
    const held = parse(['data: a\r\rdata: b\r\r']);
    expect(held.events.map((e) => e.data)).toEqual(['a']);
    expect(held.issues.map((i) => i.kind)).toEqual(['unterminated-event']);
    expect(held.issues[0]!.lost).toBe('b');
    expect(parse(['data: a\r\rdata: b\r\r\r']).events.map((e) => e.data)).toEqual(['a', 'b']);
  });

  it('decodes multi-byte characters split across chunks', () => {
    const bytes = new TextEncoder().encode('data: héllo ✓\n\n');
    const { events, issues } = parse([bytes.subarray(0, 8), bytes.subarray(8, 15), bytes.subarray(15)]);
    expect(events.map((e) => e.data)).toEqual(['héllo ✓']);
    expect(issues).toEqual([]);
  });

  it('reports invalid UTF-8 once and keeps parsing', () => {
    const bad = new Uint8Array([...new TextEncoder().encode('data: a'), 0xff, 0xfe, 10, 10, ...new TextEncoder().encode('data: b\n\n')]);
    const { events, issues } = parse([bad]);
    expect(events).toHaveLength(2);
    expect(issues.map((i) => i.kind)).toEqual(['invalid-utf8']);
  });

  it('stops at a line longer than its bound instead of buffering without end', () => {
    const { events, issues, overflowed } = parse(['data: ok\n\n', 'data: ' + 'x'.repeat(5000), 'y'.repeat(5000)], 4096);
    expect(events).toHaveLength(1);
    expect(overflowed).toBe(true);
    expect(issues.map((i) => i.kind)).toEqual(['line-too-long']);
  });

  it('stops at an event whose many short data: lines join to more than the event bound', () => {
    const lines = (count: number) => 'data: 123456789\n'.repeat(count); // 9 characters, and a "\n" between lines
    const seen: SseEvent[] = [];
    const fits = createSseParser({ maxEventLength: 99, onEvent: (e) => seen.push(e) });
    fits.feed(`${lines(10)}\n`); // 10 × 9 + 9 = 99
    expect(seen.map((e) => e.data.length)).toEqual([99]);
    expect(fits.overflow).toBeUndefined();

    const events: SseEvent[] = [];
    const issues: FramingIssue[] = [];
    const parser = createSseParser({ maxEventLength: 99, onEvent: (e) => events.push(e), onIssue: (i) => issues.push(i) });
    parser.feed(`data: ok\n\n${lines(11)}\ndata: after\n\n`);
    parser.end();
    expect(events.map((e) => e.data)).toEqual(['ok']);
    expect(parser.overflow).toBe('event-too-large');
    expect(issues.map((i) => [i.kind, i.eventIndex])).toEqual([['event-too-large', 1]]);
  });

  it('parses the same events whatever the chunk boundaries (exhaustive two-way splits)', () => {
    const stream = 'event: a\r\ndata: {"x":1}\r\n\r\n: c\ndata: é\rdata: 2\r\r\ndata: last\n\n';
    const whole = parse([stream]);
    const bytes = new TextEncoder().encode(stream);
    for (let cut = 1; cut < bytes.length; cut++) {
      const split = parse([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(split.events).toEqual(whole.events);
      expect(split.issues).toEqual(whole.issues);
    }
  });
});
