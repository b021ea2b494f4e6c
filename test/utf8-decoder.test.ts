// The streaming UTF-8 decoder on its own: where the first invalid byte is, whatever the chunk
// boundaries, and what comes after it (WHATWG replacement, or nothing once the caller stops).
import { describe, expect, it } from 'vitest';
import { createUtf8Decoder, validUtf8Length } from '../harness/sse/utf8-decoder.ts';

/** Feeds the chunks; `goOn` answers invalid(). Returns the text and how often invalid() was called. */
function decode(chunks: number[][], goOn: boolean) {
  const texts: string[] = [];
  let invalid = 0;
  const decoder = createUtf8Decoder({ text: (text) => texts.push(text), invalid: () => (invalid++, goOn) });
  for (const chunk of chunks) decoder.write(Uint8Array.from(chunk));
  decoder.end();
  return { text: texts.join(''), invalid, texts };
}

const whatwg = (chunks: number[][]) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(Uint8Array.from(chunks.flat()));

const E_ACUTE = [0xc3, 0xa9];
const EURO = [0xe2, 0x82, 0xac];
const SMILE = [0xf0, 0x9f, 0x98, 0x80];

describe('createUtf8Decoder', () => {
  const cases: Array<[string, number[][]]> = [
    ['an invalid byte inside a chunk', [[0x61, 0xff, 0x62]]],
    ['a character split by the boundary, then an invalid byte', [[0x61, E_ACUTE[0]!], [E_ACUTE[1]!, 0xff, 0x41]]],
    ['a four-byte character split three ways, then a bad continuation', [[SMILE[0]!], [SMILE[1]!], [SMILE[2]!, SMILE[3]!, 0xe2, 0x28]]],
    ['the stream ends inside a character', [[0x61, EURO[0]!, EURO[1]!]]],
    ['text after the first invalid byte, split characters included', [[0xff], [E_ACUTE[0]!], [E_ACUTE[1]!, ...EURO.slice(0, 1)], EURO.slice(1)]],
    ['a lone continuation byte after a split three-byte character', [[EURO[0]!, EURO[1]!], [EURO[2]!, 0x80]]],
    // The chunk ends in a continuation byte (0x80) of a character still incomplete: it is held.
    ['a character split after its 0x80 byte, then an invalid byte', [[0x61, 0xe2, 0x80], [0xa6, 0xff]]],
    // 0xe0 leads a three-byte character: two bytes of it are held, not one.
    ['a character with lead 0xe0 split after two bytes, then an invalid byte', [[0x61, 0xe0, 0xa0], [0x80, 0xff]]],
    ['after an invalid byte, the stream ends inside a character', [[0xff], [0x61, EURO[0]!, EURO[1]!]]],
    ['after an invalid byte, a chunk that is only the start of a character', [[0x61, 0xff], [SMILE[0]!], SMILE.slice(1)]],
  ];

  for (const [name, chunks] of cases) {
    it(`${name}: replaced as WHATWG does, invalid() once`, () => {
      const got = decode(chunks, true);
      expect(got.text).toBe(whatwg(chunks));
      expect(got.invalid).toBe(1);
      // text() is never called with nothing.
      expect(got.texts).not.toContain('');
    });
  }

  it('stops at the first invalid byte when told to: the valid text before it, nothing after', () => {
    const got = decode([[0x61, ...E_ACUTE, 0xff, 0x62], [0x63], [...EURO]], false);
    expect(got).toEqual({ text: 'aé', invalid: 1, texts: ['aé'] });
  });

  it('stops at a stream that ends inside a character, keeping what came before', () => {
    expect(decode([[0x61], [EURO[0]!]], false)).toEqual({ text: 'a', invalid: 1, texts: ['a'] });
  });

  it('valid text in any chunking decodes whole, with no invalid() call', () => {
    const bytes = [0x61, ...E_ACUTE, ...EURO, ...SMILE, 0x7a];
    for (let cut = 0; cut <= bytes.length; cut++) {
      const got = decode([bytes.slice(0, cut), [], bytes.slice(cut)], true);
      expect(got).toMatchObject({ text: 'aé€😀z', invalid: 0 });
    }
  });
});

describe('validUtf8Length', () => {
  const table: Array<[string, number[], number]> = [
    ['ASCII', [0x61, 0x62], 2],
    ['two, three and four bytes', [...E_ACUTE, ...EURO, ...SMILE], 9],
    ['the smallest two-byte lead', [0xc2, 0x80], 2],
    ['an overlong two-byte lead', [0xc1, 0x81], 0],
    ['the largest two-byte lead', [0xdf, 0xbf], 2],
    ['an overlong three-byte form', [0x61, 0xe0, 0x80, 0x80], 1],
    ['the smallest three-byte form', [0xe0, 0xa0, 0x80], 3],
    ['a surrogate', [0xed, 0xa0, 0x80], 0],
    ['the last one before the surrogates', [0xed, 0x9f, 0xbf], 3],
    ['the largest three-byte lead', [0xef, 0xbf, 0xbf], 3],
    ['an overlong four-byte form', [0xf0, 0x80, 0x80, 0x80], 0],
    ['the smallest four-byte form', [0xf0, 0x90, 0x80, 0x80], 4],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['U+10FFFF', [0xf4, 0x8f, 0xbf, 0xbf], 4],
    ['a lead above 0xf4', [0xf5, 0x80, 0x80, 0x80], 0],
    ['a truncated character', [0x61, ...SMILE.slice(0, 3)], 1],
    ['a bad third byte', [0xe2, 0x82, 0x28], 0],
    ['a third byte above 0xbf', [0xe2, 0x82, 0xc0], 0],
    ['a second byte above the range', [0xc3, 0xc0], 0],
    ['a lone continuation byte after ASCII', [0x61, 0x80], 1],
    ['continuation bytes only', [0x80, 0x80, 0x80, 0x80], 0],
    ['an overlong lead before two continuation bytes', [0xc0, 0x80, 0x80], 0],
  ];
  for (const [name, bytes, length] of table) {
    it(`${name}: ${length}`, () => expect(validUtf8Length(Uint8Array.from(bytes))).toBe(length));
  }
});
