// Response compression as relays and the reverse proxies in front of them do it: per chunk, flushed
// as it goes (a streaming compressor), or the whole body at the end (Caddy's `encode zstd gzip`
// holding an SSE body until the upstream finishes). zstd is written as a valid zstd frame of raw
// (stored) blocks: Node 20 ships no zstd encoder, and what a client meets (the coding, the framing,
// when bytes arrive) is the same as with compressed blocks.
import zlib from 'node:zlib';
import type { ContentCoding } from '../codex/codex-profile.ts';

/** The first of `offered` (the server's preference order) that the request's accept-encoding lists. */
export function negotiateCoding(acceptEncoding: string | null, offered: readonly ContentCoding[]): ContentCoding | undefined {
  const accepted = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().toLowerCase().split(';'))
      .filter(([, q]) => q === undefined || !/^\s*q=0(\.0*)?\s*$/.test(q))
      .map(([name]) => name),
  );
  return offered.find((coding) => accepted.has(coding));
}

/** Compresses every chunk as it comes and flushes it, so the client can decode each event on arrival. */
export function compressEachChunk(body: ReadableStream<Uint8Array>, coding: ContentCoding): ReadableStream<Uint8Array> {
  return coding === 'gzip' ? body.pipeThrough(gzipFlushingEachChunk()) : body.pipeThrough(zstdRawBlockEachChunk());
}

/** Holds the whole body (up to maxBytes) until its source ends, then sends it compressed in one go. */
export function compressWholeBody(body: ReadableStream<Uint8Array>, coding: ContentCoding, maxBytes = 16 * 1024 * 1024): ReadableStream<Uint8Array> {
  const held: Uint8Array[] = [];
  let size = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk) {
        size += chunk.byteLength;
        if (size > maxBytes) throw new Error(`body over the ${maxBytes}-byte buffering bound`);
        held.push(chunk);
      },
      flush(controller) {
        const whole = Buffer.concat(held);
        controller.enqueue(coding === 'gzip' ? zlib.gzipSync(whole) : zstdFrame(whole));
      },
    }),
  );
}

function gzipFlushingEachChunk(): TransformStream<Uint8Array, Uint8Array> {
  const gzip = zlib.createGzip();
  const pending: Buffer[] = [];
  gzip.on('data', (data: Buffer) => pending.push(data));
  const take = () => Buffer.concat(pending.splice(0));
  return new TransformStream<Uint8Array, Uint8Array>({
    async transform(chunk, controller) {
      gzip.write(chunk);
      await new Promise<void>((resolve) => gzip.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve()));
      controller.enqueue(take());
    },
    async flush(controller) {
      await new Promise<void>((resolve) => gzip.end(() => resolve()));
      controller.enqueue(take());
    },
  });
}

function zstdRawBlockEachChunk(): TransformStream<Uint8Array, Uint8Array> {
  let started = false;
  // The frame header goes before the first block written.
  const framed = (blocks: Buffer[]) => {
    const out = Buffer.concat(started ? blocks : [ZSTD_FRAME_HEADER, ...blocks]);
    started = true;
    return out;
  };
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      controller.enqueue(framed(zstdRawBlocks(chunk, false)));
    },
    flush(controller) {
      controller.enqueue(framed(zstdRawBlocks(new Uint8Array(0), true)));
    },
  });
}

/** One complete zstd frame holding `data` in raw blocks. */
export function zstdFrame(data: Uint8Array): Buffer {
  return Buffer.concat([ZSTD_FRAME_HEADER, ...zstdRawBlocks(data, true)]);
}

// RFC 8878: magic number, a frame header descriptor with no content size, checksum or dictionary,
// and a window descriptor of 2^17 bytes (exponent 7), the largest block size.
export const ZSTD_FRAME_HEADER = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3]);
export const ZSTD_MAX_BLOCK = 128 * 1024;

/** Raw blocks holding `data`; `last` marks the frame's final block (an empty one if data is empty). */
function zstdRawBlocks(data: Uint8Array, last: boolean): Buffer[] {
  const blocks: Buffer[] = [];
  for (let at = 0; at < data.byteLength || (blocks.length === 0 && last); at += ZSTD_MAX_BLOCK) {
    const content = data.subarray(at, at + ZSTD_MAX_BLOCK);
    const isLast = last && at + ZSTD_MAX_BLOCK >= data.byteLength;
    // Block header, 3 bytes little-endian: Last_Block bit, Block_Type 0 (raw), Block_Size.
    const header = (content.byteLength << 3) | (isLast ? 1 : 0);
    blocks.push(Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff]), Buffer.from(content));
  }
  return blocks;
}
