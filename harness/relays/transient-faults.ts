// Faults that come and go: the first attempts at each distinct request fail, the retries of the same
// request are answered like the reference. Keyed by the request body, so every request of a turn (the
// first, and the follow-up after a tool ran) fails first and recovers on Codex's retry of it. The key
// is the body's JSON with sorted keys: Codex's retry of a turn sends the same body with the keys of
// `client_metadata` in another order (measured).
import { createHash } from 'node:crypto';
import type { FaultPerRequest, ResponsesFault } from './reference-relay.ts';

/** The stream ends before the first output item is done: nothing the user sees was sent yet. */
export const droppedBeforeFirstItem: ResponsesFault = {
  stream: (plan) => {
    const cut = plan.events.findIndex((event) => event.type === 'response.output_item.done');
    return { ...plan, events: plan.events.slice(0, cut < 0 ? plan.events.length - 1 : cut) };
  },
};

/** Distinct requests remembered; past it the memory starts afresh (a long-running `simulate`). */
const MAX_REMEMBERED = 10_000;

/** `fault` on the first `attempts` tries of every request (Infinity: on every try). */
export function failFirstAttempts(fault: ResponsesFault, attempts: number): FaultPerRequest {
  const tries = new Map<string, number>();
  return (bodyText) => {
    if (tries.size >= MAX_REMEMBERED) tries.clear();
    const key = createHash('sha256').update(canonicalJson(bodyText)).digest('hex');
    const attempt = (tries.get(key) ?? 0) + 1;
    tries.set(key, attempt);
    return attempt <= attempts ? fault : {};
  };
}

function canonicalJson(text: string): string {
  try {
    return JSON.stringify(sortKeys(JSON.parse(text)));
  } catch {
    return text;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
}
