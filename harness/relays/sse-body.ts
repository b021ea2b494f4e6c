// A response body that writes SSE frames one at a time, optionally paced and optionally held open
// after the last frame. Frames are pulled only when the socket wants more, and every wait is
// cancelled with the body: when the client leaves or the server closes, no timer survives.
import { setTimeout as sleep } from 'node:timers/promises';

/** A chunk as written, or a pause in writing (stalls, keep-alive pacing); every wait is cancellable. */
export type WireFrame = string | Uint8Array | { pauseMs: number };

export interface SseBodyOptions {
  /** Pause before every frame after the first. */
  betweenEventsMs?: number;
  /** After the last frame, keep the stream open this long (until cancelled) instead of ending it. */
  holdOpenMs?: number;
}

export function sseBody(frames: Iterable<WireFrame> | AsyncIterable<WireFrame>, opts: SseBodyOptions = {}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const cancelled = new AbortController();
  const iterator = Symbol.asyncIterator in frames ? frames[Symbol.asyncIterator]() : frames[Symbol.iterator]();
  let first = true;
  const wait = (ms: number) => sleep(ms, undefined, { signal: cancelled.signal });

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (!first && opts.betweenEventsMs) await wait(opts.betweenEventsMs);
          first = false;
          let next = await iterator.next();
          // Pauses are waited out here, not written: the pull returns only with bytes or the end.
          while (!next.done && isPause(next.value)) {
            await wait(next.value.pauseMs);
            next = await iterator.next();
          }
          if (!next.done) {
            controller.enqueue(typeof next.value === 'string' ? encoder.encode(next.value) : (next.value as Uint8Array));
            return;
          }
          if (opts.holdOpenMs) await wait(opts.holdOpenMs);
          controller.close();
        } catch (error) {
          // A cancelled wait is the normal end of a held or paced stream, not an error.
          if (!cancelled.signal.aborted) controller.error(error);
        }
      },
      async cancel() {
        cancelled.abort();
        await iterator.return?.();
      },
    },
    // Pull one frame per read: pacing is then what the client sees, not what a queue buffered.
    { highWaterMark: 0 },
  );
}

function isPause(frame: WireFrame): frame is { pauseMs: number } {
  return typeof frame === 'object' && !(frame instanceof Uint8Array);
}
