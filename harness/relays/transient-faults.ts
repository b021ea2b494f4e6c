// Faults that come and go: the first attempts at each distinct request fail, the retries of the same
// request are answered like the reference. Keyed by the request body, so every request of a turn (the
// first, and the follow-up after a tool ran) fails first and recovers on Codex's retry of it.
import { createHash } from 'node:crypto';
import type { FaultPerRequest, ResponsesFault } from './reference-relay.ts';

/** Distinct requests remembered; past it the memory starts afresh (a long-running `simulate`). */
const MAX_REMEMBERED = 10_000;

/** `fault` on the first `attempts` tries of every request (Infinity: on every try). */
export function failFirstAttempts(fault: ResponsesFault, attempts: number): FaultPerRequest {
  const tries = new Map<string, number>();
  return (bodyText) => {
    if (tries.size >= MAX_REMEMBERED) tries.clear();
    const key = createHash('sha256').update(bodyText).digest('hex');
    const attempt = (tries.get(key) ?? 0) + 1;
    tries.set(key, attempt);
    return attempt <= attempts ? fault : {};
  };
}
