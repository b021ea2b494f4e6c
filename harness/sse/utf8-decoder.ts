// Streaming UTF-8 decoding that knows exactly where the first invalid byte is. A strict decoder does
// the work; since it fails on the first bad byte without saying where, the few bytes it holds back
// at a chunk boundary (the start of a split character) are tracked, so the failing chunk can be
// re-read from the right place. Chunk boundaries never change the result.

export interface Utf8DecoderHandlers {
  /** Decoded text, in order. */
  text(text: string): void;
  /**
   * The first byte that is not UTF-8: all text before it went to text() already. Return true to go
   * on with U+FFFD replacements (the WHATWG rule), false to decode nothing more.
   */
  invalid(): boolean;
}

export interface Utf8Decoder {
  write(chunk: Uint8Array): void;
  end(): void;
}

const EMPTY = new Uint8Array(0);
const WHOLE = new TextDecoder('utf-8', { ignoreBOM: true });

export function createUtf8Decoder(handlers: Utf8DecoderHandlers): Utf8Decoder {
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let lenient: TextDecoder | undefined; // after the first invalid byte, when decoding goes on
  let stopped = false;
  let held: Uint8Array = EMPTY; // what `strict` holds back: the start of a character split by a chunk boundary

  function broken(bytes: Uint8Array, more: boolean): void {
    const valid = validUtf8Length(bytes);
    if (valid > 0) handlers.text(WHOLE.decode(bytes.subarray(0, valid)));
    if (!handlers.invalid()) {
      stopped = true;
      return;
    }
    lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
    const rest = lenient.decode(bytes.subarray(valid), { stream: more });
    if (rest) handlers.text(rest);
  }

  return {
    write(chunk) {
      if (stopped || chunk.length === 0) return;
      if (lenient) {
        const text = lenient.decode(chunk, { stream: true });
        if (text) handlers.text(text);
        return;
      }
      let text: string;
      try {
        text = strict.decode(chunk, { stream: true });
      } catch {
        const bytes = concat(held, chunk); // once per stream: the copy costs nothing worth a branch
        held = EMPTY;
        broken(bytes, true);
        return;
      }
      held = heldBack(held, chunk);
      if (text) handlers.text(text);
    },
    end() {
      if (stopped) return;
      if (lenient) {
        const text = lenient.decode();
        if (text) handlers.text(text);
        return;
      }
      try {
        strict.decode();
      } catch {
        // The stream ended inside a character.
        broken(held, false);
      }
      held = EMPTY;
    },
  };
}

/** Length of the longest prefix of `bytes` that is complete, valid UTF-8 (Unicode's well-formed sequences). */
export function validUtf8Length(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let size: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) size = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      size = 3;
      if (lead === 0xe0) low = 0xa0; // overlong
      if (lead === 0xed) high = 0x9f; // surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      size = 4;
      if (lead === 0xf0) low = 0x90; // overlong
      if (lead === 0xf4) high = 0x8f; // above U+10FFFF
    } else return i;
    if (i + size > bytes.length) return i;
    const second = bytes[i + 1]!;
    if (second < low || second > high) return i;
    for (let k = 2; k < size; k++) {
      const next = bytes[i + k]!;
      if (next < 0x80 || next > 0xbf) return i;
    }
    i += size;
  }
  return i;
}

/**
 * The bytes a streaming decoder holds back after `previous` (what it held before) and `chunk`, when
 * everything decoded so far was valid: the start of a character the chunk boundary split.
 */
function heldBack(previous: Uint8Array, chunk: Uint8Array): Uint8Array {
  const n = chunk.length;
  if (n > 0 && chunk[n - 1]! < 0x80) return EMPTY;
  // A split character is at most 3 bytes long, so the last 3 bytes of the stream decide.
  const last = n >= 3 ? chunk.subarray(n - 3) : concat(previous, chunk).subarray(-3);
  for (let i = last.length - 1; i >= 0; i--) {
    const byte = last[i]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte
    const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return last.length - i < size ? last.slice(i) : EMPTY;
  }
  return EMPTY;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
