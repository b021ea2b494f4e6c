import { describe, expect, it } from 'vitest';
import { createSseParser, type FramingIssue, type SseEvent, type SseParserOptions } from '../harness/sse/sse-parser.ts';

function parse(chunks: Array<string | Uint8Array>, maxLineLength?: number, options: Pick<SseParserOptions, 'maxEventLength' | 'stopAtInvalidUtf8'> = {}) {
  const events: SseEvent[] = [];
  const issues: FramingIssue[] = [];
  let comments = 0;
  const parser = createSseParser({ ...options, onEvent: (e) => events.push(e), onIssue: (i) => issues.push(i), onComment: () => comments++, maxLineLength });
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

const bytes = (...parts: Array<string | number[]>) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));
/** Each issue as [kind, eventIndex, detail]: what a relay author reads, pinned word for word. */
const said = (issues: FramingIssue[]) => issues.map((i) => [i.kind, i.eventIndex, i.detail]);

describe('SSE parser: fields, details and bounds, exactly', () => {
  it('keeps the last id on every later event, ignores an id with a NUL, and sets no field it did not see', () => {
    const { events, issues } = parse(['data: a\n\nid: 7\ndata: b\n\ndata: c\n\nid: x\u0000y\nevent: e\ndata: d\n\nid\ndata: f\n\n']);
    expect(events).toStrictEqual([
      { index: 0, data: 'a', dataLines: 1 },
      { index: 1, data: 'b', dataLines: 1, id: '7' },
      { index: 2, data: 'c', dataLines: 1, id: '7' },
      { index: 3, event: 'e', data: 'd', dataLines: 1, id: '7' },
      { index: 4, data: 'f', dataLines: 1, id: '' },
    ]);
    expect(issues).toEqual([]);
  });

  it('reads a field only by its whole name: no field that merely starts with "data", or is four letters before a colon, is data', () => {
    const { events, issues } = parse(['datax: one\nxata:data\ndata-: three\nevent:named\ndata: four\n\nevent:  spaced\nid:7\ndata:five\n\n']);
    expect(events.map((e) => [e.data, e.event, e.id])).toEqual([
      ['four', 'named', undefined],
      ['five', ' spaced', '7'],
    ]);
    expect(issues.map((i) => i.detail)).toEqual(['ignored line "datax: one"', 'ignored line "xata:data"', 'ignored line "data-: three"']);
  });

  it('takes a value right after the colon when no space follows it, and ignores retry: lines', () => {
    const { events, issues } = parse(['retry: 3000\ndata:xyz\nretry\n\ndata:\n\n']);
    expect(events.map((e) => e.data)).toEqual(['xyz', '']);
    expect(issues).toEqual([]);
  });

  it('says what each framing problem is, word for word, and caps a quoted line', () => {
    const long = `x-junk: ${'j'.repeat(300)}`;
    const { issues } = parse([`event: named\n\ndata: 1\ndata: 2\ndata: 3\n\n${long}\n`]);
    expect(said(issues)).toEqual([
      ['event-without-data', 0, 'event "named" had no data line'],
      ['multi-data-lines', 0, '3 data: lines in one event'],
      ['unknown-field', 1, `ignored line "${long.slice(0, 120)}…"`],
    ]);
  });

  it('reports the BOM and invalid UTF-8 in words a relay author can act on', () => {
    expect(said(parse([bytes([0xef, 0xbb, 0xbf], 'data: x\n\n')]).issues)).toEqual([['bom', 0, 'the stream starts with a UTF-8 byte order mark: Codex reads no event of this stream']]);
    const replaced = parse([bytes('data: a\n\ndata: b', [0xff], '\n\n')]);
    expect(replaced.events.map((e) => e.data)).toEqual(['a', 'b\uFFFD']);
    expect(said(replaced.issues)).toEqual([['invalid-utf8', 1, 'the stream contains bytes that are not valid UTF-8']]);
  });

  it('in Codex mode reads nothing after the first invalid byte, and reports no lost event at the end', () => {
    const got = parse([bytes('data: a\n\ndata: b', [0xff], '\n\ndata: c\n\n')], undefined, { stopAtInvalidUtf8: true });
    expect(got.events.map((e) => e.data)).toEqual(['a']);
    expect(said(got.issues)).toEqual([['invalid-utf8', 1, 'bytes that are not valid UTF-8: Codex reads nothing from here on and fails the turn with "UTF8 error" at the end of the stream']]);
    // The stream ends inside a character: found only at end(), and still no lost event on top.
    const cut = parse([bytes('data: a\n\nevent: x\ndata: b', [0xe2, 0x82])], undefined, { stopAtInvalidUtf8: true });
    expect(cut.events.map((e) => e.data)).toEqual(['a']);
    expect(cut.issues.map((i) => i.kind)).toEqual(['invalid-utf8']);
  });

  it('names what an unterminated event lost, whether the stream ended inside a line or after one', () => {
    const inLine = parse(['data: a\n\ndata: one\ndata: two']);
    expect(said(inLine.issues)).toEqual([['unterminated-event', 1, 'the stream ended inside a line: "data: two"']]);
    expect(inLine.issues[0]!.lost).toBe('one\ndata: two');
    const afterLine = parse(['data: a\n\ndata: one\ndata: two\n']);
    expect(said(afterLine.issues)).toEqual([['unterminated-event', 1, 'the stream ended before the blank line that ends the last event: "one\ntwo"']]);
    expect(afterLine.issues[0]!.lost).toBe('one\ntwo');
    // An event that has only its name so far is lost too.
    expect(said(parse(['data: a\n\nevent: late\n']).issues)).toEqual([['unterminated-event', 1, 'the stream ended before the blank line that ends the last event: ""']]);
  });

  it('reports nothing lost after a bound stopped the parser, even with an event name pending', () => {
    const got = parse(['event: big\ndata: ', 'x'.repeat(100)], 50);
    expect(said(got.issues)).toEqual([['line-too-long', 0, 'a line of at least 106 characters exceeds the 50 bound']]);
  });

  it('allows a line of exactly the bound, whether it comes in one chunk or grows over several', () => {
    const line = `data: ${'x'.repeat(44)}`; // 50 characters
    for (const chunks of [[`${line}\n\n`], ['data: ', 'x'.repeat(22), 'x'.repeat(22), '\n\n']]) {
      const got = parse(chunks, 50);
      expect(got.overflowed, JSON.stringify(chunks)).toBe(false);
      expect(got.events.map((e) => e.data.length)).toEqual([44]);
    }
  });

  it('stops at a line one over the bound, in one chunk, or grown in chunks without a line ending', () => {
    const inOne = parse([`data: a\n\ndata: ${'x'.repeat(45)}\n\n`], 50);
    expect(said(inOne.issues)).toEqual([['line-too-long', 1, 'a line of at least 51 characters exceeds the 50 bound']]);
    const grown = parse(['data: ', 'x'.repeat(22), 'x'.repeat(23)], 50);
    expect(said(grown.issues)).toEqual([['line-too-long', 0, 'a line of at least 51 characters exceeds the 50 bound']]);
    expect(grown.overflowed).toBe(true);
  });

  it('counts the newlines that join data lines into the event bound', () => {
    const tenLines = 'data: 123456789\n'.repeat(10); // 10 × 9 characters and 9 newlines: 99
    const got = parse([`${tenLines}\n`], undefined, { maxEventLength: 98 });
    expect(said(got.issues)).toEqual([['event-too-large', 0, "one event's data reached 99 characters over 10 data: lines, over the 98 bound"]]);
  });

  it('finds a BOM after an empty first chunk, and ignores empty chunks', () => {
    expect(parse(['', bytes([0xef, 0xbb, 0xbf], 'data: x\n\n')]).issues.map((i) => i.kind)).toEqual(['bom']);
    expect(parse(['', 'data: x', '', '\n\n']).events.map((e) => e.data)).toEqual(['x']);
  });

  it('stops at a line over the bound that ends no line in the chunk that brings it, and allows one of exactly the bound', () => {
    expect(said(parse([`data: ${'x'.repeat(45)}`], 50).issues)).toEqual([['line-too-long', 0, 'a line of at least 51 characters exceeds the 50 bound']]);
    const exact = parse([`data: ${'x'.repeat(44)}`, '\n\n'], 50);
    expect(exact.overflowed).toBe(false);
    expect(exact.events.map((e) => e.data.length)).toEqual([44]);
  });

  it('reports nothing more once stopped, not even a stream that ends inside a character', () => {
    const kinds: string[] = [];
    const overflowed = createSseParser({ maxLineLength: 50, onEvent: () => undefined, onIssue: (i) => kinds.push(i.kind) });
    overflowed.feed(bytes(`data: ${'x'.repeat(60)}`));
    overflowed.feed(bytes([0xe2]));
    overflowed.end();
    expect(kinds).toEqual(['line-too-long']);
    kinds.length = 0;
    const rejected = createSseParser({ onEvent: () => undefined, onIssue: (i) => kinds.push(i.kind) });
    rejected.feed(bytes([0xef, 0xbb, 0xbf], 'data: x\n\n', [0xe2]));
    rejected.end();
    expect(kinds).toEqual(['bom']);
  });

  it('works without the optional handlers', () => {
    const events: SseEvent[] = [];
    const parser = createSseParser({ onEvent: (e) => events.push(e) });
    parser.feed(': ping\nfoo\ndata: 1\ndata: 2\n\ndata: cut');
    parser.end();
    expect(events.map((e) => e.data)).toEqual(['1\n2']);
  });
});
