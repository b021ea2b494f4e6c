// Ways a hostile relay writes its answer: as fast as the reader takes it (with backpressure, so a
// huge answer is generated on the fly and never held in memory), or a few bytes at a time.
import { Readable, type Writable, pipeline } from 'node:stream';
import type { Scope } from './scope.ts';

/**
 * Writes `chunks` as the reader drains them, then ends the stream; stops when the reader goes away
 * or the scope closes. An endless iterable is an endless answer.
 */
export function pump(out: Writable, chunks: Iterable<Uint8Array | string>, scope: Scope): void {
  const source = Readable.from(chunks, { objectMode: false });
  scope.onClose(() => source.destroy());
  // A reader that leaves mid-answer is the normal end of a hostile stream, not an error.
  pipeline(source, out, () => undefined);
}

/** One chunk, again and again. */
export function* forever(chunk: Uint8Array | string): Generator<Uint8Array | string> {
  for (;;) yield chunk;
}

/** `count` repetitions of `chunk`, then `last` (if any). */
export function* repeat(chunk: Uint8Array | string, count: number, last?: Uint8Array | string): Generator<Uint8Array | string> {
  for (let i = 0; i < count; i++) yield chunk;
  if (last !== undefined) yield last;
}

/**
 * Writes `bytes` `step` bytes at once and then every `everyMs`, then ends the stream when `end` is
 * set (else leaves it open). The reader's own bounds (idle, deadline) are what stop it.
 */
export function trickle(out: Writable, bytes: Uint8Array | string, options: { everyMs: number; step?: number; end?: boolean }, scope: Scope): void {
  const data = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  const step = options.step ?? 1;
  let offset = 0;
  const tick = () => {
    if (out.destroyed) return scope.close();
    if (offset >= data.length) {
      if (options.end) out.end();
      return scope.close();
    }
    out.write(data.subarray(offset, offset + step));
    offset += step;
  };
  tick();
  scope.every(options.everyMs, tick);
}
