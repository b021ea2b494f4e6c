// Properties of the SSE parser over generated streams and arbitrary bytes (fast-check, fixed seed):
// chunk boundaries never change what is parsed, LF / CRLF / CR are one and the same, no input makes
// it throw, and in Codex's mode nothing after the first invalid UTF-8 byte is read.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSseParser, type FramingIssue, type SseEvent, type SseParserOptions } from '../harness/sse/sse-parser.ts';

const RUNS = { seed: 0x5ee_d5e, numRuns: 300 };
const encoder = new TextEncoder();

type Options = Pick<SseParserOptions, 'maxLineLength' | 'stopAtInvalidUtf8'>;

/** Parses `bytes` cut at `cuts` (positions, any order, duplicates and out-of-range ones ignored). */
function parse(bytes: Uint8Array, cuts: number[] = [], options: Options = {}) {
  const events: SseEvent[] = [];
  const issues: FramingIssue[] = [];
  let comments = 0;
  const parser = createSseParser({ ...options, onEvent: (e) => events.push(e), onIssue: (i) => issues.push(i), onComment: () => comments++ });
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...points, bytes.length]) {
    parser.feed(bytes.subarray(from, to));
    from = to;
  }
  parser.end();
  return { events, issues, comments, overflowed: parser.overflow !== undefined };
}

// Field text: no line breaks, with the characters that matter to framing and decoding over-represented.
const textUnit = fc.oneof(
  fc.constantFrom(' ', ':', 'a', '{', '"', '\uFFFD', '\uFEFF', 'é', '✓', '😀', '\u0000', '\u2028'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\r' && c !== '\n'),
);
const fieldText = fc.string({ unit: textUnit, maxLength: 24 });

interface ModelEvent {
  comments: string[];
  name?: string;
  data: string[];
}
const modelEvent: fc.Arbitrary<ModelEvent> = fc.record(
  { comments: fc.array(fieldText, { maxLength: 2 }), name: fieldText, data: fc.array(fieldText, { minLength: 1, maxLength: 3 }) },
  { requiredKeys: ['comments', 'data'] },
);

/** The lines of an event stream; the blank line after each event included. */
function linesOf(events: ModelEvent[]): string[] {
  return events.flatMap((e) => [...e.comments.map((c) => `:${c}`), ...(e.name === undefined ? [] : [`event: ${e.name}`]), ...e.data.map((d) => `data: ${d}`), '']);
}

// Any line a relay might send: fields we know, fields we do not, comments, blank lines.
const anyLine = fc.oneof(
  fieldText.map((t) => `data: ${t}`),
  fieldText.map((t) => `data:${t}`),
  fieldText.map((t) => `event: ${t}`),
  fieldText.map((t) => `id: ${t}`),
  fieldText.map((t) => `:${t}`),
  fieldText.filter((t) => !t.startsWith(':')),
  fc.constant('data'),
  fc.constant(''),
  fc.constant(''),
);

const EOLS = ['\n', '\r\n', '\r'] as const;
const eol = fc.constantFrom(...EOLS);

/**
 * Each line followed by a line ending, taken from `endings` in turn. A bare CR right before an LF
 * would make one CRLF of the two (no stream can say "CR, then an empty line ended by LF"), so there
 * the CR becomes a CRLF.
 */
function join(lines: string[], endings: string[]): string {
  let text = '';
  for (let i = 0; i < lines.length; i++) {
    const next = lines[i + 1] === '' ? endings[(i + 1) % endings.length] : undefined;
    const ending = endings[i % endings.length]!;
    text += lines[i]! + (ending === '\r' && next?.startsWith('\n') ? '\r\n' : ending);
  }
  return text;
}

const cuts = fc.array(fc.nat(), { maxLength: 24 });

describe('SSE parser properties', () => {
  it('parses generated events exactly, data lines joined with "\\n" and comments counted', () => {
    fc.assert(
      fc.property(fc.array(modelEvent, { maxLength: 12 }), eol, (events, ending) => {
        const { events: parsed, comments } = parse(encoder.encode(join(linesOf(events), [ending]) + ending));
        expect(parsed.map((e) => ({ event: e.event, data: e.data, dataLines: e.dataLines }))).toEqual(
          events.map((e) => ({ event: e.name, data: e.data.join('\n'), dataLines: e.data.length })),
        );
        expect(comments).toBe(events.reduce((n, e) => n + e.comments.length, 0));
      }),
      RUNS,
    );
  });

  it('gives the same events and issues for any split of a stream into chunks', () => {
    fc.assert(
      fc.property(fc.array(anyLine, { maxLength: 30 }), fc.array(eol, { minLength: 1, maxLength: 4 }), fc.boolean(), cuts, (lines, endings, cutShort, at) => {
        // Sometimes the stream stops mid-line, so the end-of-stream issues are split-tested too.
        const text = join(lines, endings) + (cutShort ? 'data: {"cut' : '\n');
        const bytes = encoder.encode(text);
        const whole = parse(bytes);
        const split = parse(bytes, at);
        expect(split).toEqual(whole);
      }),
      RUNS,
    );
  });

  it('treats LF, CRLF and CR (and any mix of them) as the same line ending', () => {
    fc.assert(
      fc.property(fc.array(anyLine, { maxLength: 30 }), fc.array(eol, { minLength: 1, maxLength: 5 }), cuts, (lines, mixed, at) => {
        // A closing comment line: a lone CR at EOF ends nothing (Codex holds it back as half a CRLF).
        const bytesFor = (endings: string[]) => encoder.encode(`${join(lines, endings)}:end\n`);
        const reference = parse(bytesFor(['\n']));
        for (const endings of [['\r\n'], ['\r'], mixed]) expect(parse(bytesFor(endings), at)).toEqual(reference);
      }),
      RUNS,
    );
  });

  it('never throws on arbitrary bytes, in any chunks, and keeps its own invariants', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), cuts, fc.boolean(), (bytes, at, stopAtInvalidUtf8) => {
        const options = { stopAtInvalidUtf8, maxLineLength: 1_000 };
        const whole = parse(bytes, [], options);
        expect(parse(bytes, at, options)).toEqual(whole);
        whole.events.forEach((event, i) => {
          expect(event.index).toBe(i);
          expect(event.dataLines).toBeGreaterThanOrEqual(1);
        });
        for (const issue of whole.issues) expect(issue.eventIndex).toBeLessThanOrEqual(whole.events.length);
        expect(whole.issues.filter((i) => i.kind === 'invalid-utf8').length).toBeLessThanOrEqual(1);
      }),
      RUNS,
    );
  });

  it('also survives byte soup made of SSE syntax, invalid sequences and split characters', () => {
    const piece = fc.oneof(
      fc.constantFrom('data: ', 'event: ', ':', '\n', '\r', '\r\n', '{"type":"response.completed"}', 'é', '😀').map((s) => encoder.encode(s)),
      fc.constantFrom([0xff], [0xc3], [0xe2, 0x9c], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80], [0xef, 0xbb, 0xbf], [0xc0, 0xaf]).map((b) => Uint8Array.from(b)),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), cuts, fc.boolean(), (pieces, at, stopAtInvalidUtf8) => {
        const bytes = Uint8Array.from(pieces.flatMap((p) => [...p]));
        const options = { stopAtInvalidUtf8 };
        expect(parse(bytes, at, options)).toEqual(parse(bytes, [], options));
      }),
      RUNS,
    );
  });

  it('in Codex mode, reads nothing after the first byte that is not UTF-8', () => {
    fc.assert(
      fc.property(fc.array(anyLine, { maxLength: 20 }), fc.nat(), fc.constantFrom([0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x28]), cuts, (lines, where, bad, at) => {
        const valid = encoder.encode(`${join(lines, ['\n'])}\n`);
        // Cut the valid stream on a character boundary, then put the invalid bytes there.
        let cut = where % (valid.length + 1);
        while (cut > 0 && cut < valid.length && (valid[cut]! & 0xc0) === 0x80) cut--;
        const bytes = Uint8Array.from([...valid.subarray(0, cut), ...bad, ...valid.subarray(cut)]);
        const result = parse(bytes, at, { stopAtInvalidUtf8: true });
        const before = parse(valid.subarray(0, cut), [], { stopAtInvalidUtf8: true });
        expect(result.events).toEqual(before.events);
        expect(result.issues.filter((i) => i.kind === 'invalid-utf8')).toEqual([expect.objectContaining({ eventIndex: before.events.length })]);
      }),
      RUNS,
    );
  });

  it('stops at a line over the bound whatever the chunking, after the same events', () => {
    fc.assert(
      fc.property(fc.array(modelEvent, { maxLength: 6 }), fc.integer({ min: 1, max: 3_000 }), cuts, (events, extra, at) => {
        const bound = 500;
        const head = join(linesOf(events), ['\n']);
        const bytes = encoder.encode(`${head}data: ${'x'.repeat(bound + extra)}\n\n`);
        const whole = parse(bytes, [], { maxLineLength: bound });
        const split = parse(bytes, at, { maxLineLength: bound });
        expect(whole.overflowed).toBe(true);
        expect(split.overflowed).toBe(true);
        expect(split.events).toEqual(whole.events);
        expect(split.events).toHaveLength(events.length);
        expect(split.issues.map((i) => i.kind)).toEqual(whole.issues.map((i) => i.kind));
      }),
      RUNS,
    );
  });
});
