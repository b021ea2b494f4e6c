// Decodes a compressed response body the way the client relaycheck plays does (codex-profile.ts says
// which codings a Codex release asks for and decodes; agent-requests.ts an agent's), chunk by chunk as the bytes arrive, so the exchange judges
// idle gaps and the first event on the decoded events. Decoded size is bounded: a small compressed
// body can inflate to gigabytes.
import { Readable, pipeline } from 'node:stream';
import zlib from 'node:zlib';
import { Decompress } from 'fzstd';
import type { ContentCoding } from '../codex/codex-profile.ts';

/** The codings a client relaycheck plays may decode: Codex's, and Node fetch's (deflate, br). */
export type DecodableCoding = ContentCoding | 'deflate' | 'br';

/** Thrown (from the decoded stream) when the decoded body goes over its bound. */
export class DecodedTooLargeError extends Error {
  override name = 'DecodedTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`the decoded body went over the ${maxBytes}-byte bound`);
  }
}

/** Input is fed to the zstd decoder in slices this big, so decoded output is handed on as it comes. */
const ZSTD_SLICE = 16 * 1024;

/**
 * The coding to decode, when the response's content-encoding names exactly one the release decodes.
 * Anything else (identity, br, "gzip, zstd") is read as raw bytes, as the release reads it.
 */
export function codingToDecode(contentEncoding: string | undefined, decodes: readonly DecodableCoding[]): DecodableCoding | undefined {
  const coding = contentEncoding?.trim().toLowerCase();
  return decodes.find((d) => d === coding);
}

/**
 * The decoded body, chunk by chunk (zlib hands gzip output on in 16 KiB pieces, so the reader's own
 * byte bound stops a gzip bomb); throws DecodedTooLargeError once zstd output passes maxBytes, and
 * an error on corrupt or cut-short data.
 */
export function decodeBody(chunks: AsyncIterable<Uint8Array>, coding: DecodableCoding, maxBytes: number): AsyncIterable<Uint8Array> {
  return coding === 'zstd' ? unzstd(chunks, maxBytes) : inflated(chunks, coding);
}

function inflated(chunks: AsyncIterable<Uint8Array>, coding: Exclude<DecodableCoding, 'zstd'>): AsyncIterable<Uint8Array> {
  // Sync flush: a stream flushed per event (as a streaming relay does) is decoded per event, and a
  // body cut short after its events still yields them before the error.
  const inflate =
    coding === 'br'
      ? zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH })
      : // HTTP's "deflate" is the zlib format (RFC 9110), as Node fetch decodes it.
        (coding === 'gzip' ? zlib.createGunzip : zlib.createInflate)({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
  // pipeline tears the source down when the reader stops early (the exchange's own bounds).
  return pipeline(Readable.from(chunks, { objectMode: false }), inflate, () => undefined);
}

async function* unzstd(chunks: AsyncIterable<Uint8Array>, maxBytes: number): AsyncIterable<Uint8Array> {
  let ready: Uint8Array[] = [];
  let decoded = 0;
  // fzstd decodes synchronously inside push(): the bound is enforced there, before a bomb's output piles up.
  const decoder = new Decompress((data) => {
    decoded += data.byteLength;
    if (decoded > maxBytes) throw new DecodedTooLargeError(maxBytes);
    ready.push(data);
  });
  for await (const chunk of chunks) {
    for (let at = 0; at < chunk.byteLength; at += ZSTD_SLICE) {
      decoder.push(chunk.subarray(at, at + ZSTD_SLICE));
      yield* drain();
    }
  }
  decoder.push(new Uint8Array(0), true);
  yield* drain();

  function drain(): Uint8Array[] {
    const out = ready;
    ready = [];
    return out;
  }
}
