// Every behaviour of the hostile corpus (harness/relays/hostile/), pinned at the byte level, as
// test/relay-bytes.test.ts pins the simulated relays: what it sends to the suites' plain turn, read
// over raw TCP. A pin is test/relay-bytes/hostile/<behaviour>.txt: the byte count, how the answer
// ended (closed, reset, silent, or cut at the read bound) and the sha256 of every byte read, with the
// first and last bytes shown. The huge behaviours are read up to MAX_BYTES: their pin is that bounded
// digest and head. A behaviour without a pin fails here (and test/relay-catalogues.test.ts fails
// for a stale one). Re-pin after a deliberate change with
// `npx vitest run test/hostile-bytes.test.ts -u` and read the diff.
import { describe, expect, it } from 'vitest';
import { type RawReadBounds, rawExchange } from './helpers/raw-exchange.ts';
import { fixtureRequest } from './helpers/relay-bytes.ts';
import { nonEmpty } from './helpers/non-empty.ts';
import { RELAY_CATALOGUES, pinOf } from './helpers/relay-catalogues.ts';

const HOSTILE_BEHAVIOURS = RELAY_CATALOGUES.hostile;

/** A placeholder, never a key: what the echoing behaviours hand back. */
const REQUEST = (() => {
  const request = fixtureRequest('plain-turn-gpt-5.5');
  return { ...request, headers: { ...request.headers, authorization: 'Bearer {{api_key}}' } };
})();
const MAX_BYTES = 4 * 1024 * 1024;
/** Far above any pause inside one write; the trickles of one byte a second get their own (BOUNDS). */
const QUIET_MS = 1_000;

/**
 * Behaviours that write on a timer without end: read a fixed number of bytes (so the pin does not
 * depend on the clock), enough to show what repeats. The one-second trickles wait longer than their
 * second between bytes.
 */
const BOUNDS: Record<string, Partial<RawReadBounds>> = {
  'head-one-byte-per-second': { maxBytes: 3, quietMs: 3_000 }, // the head never ends
  'one-byte-per-second': { bodyBytes: 12, quietMs: 3_000 }, // two one-byte chunks
  'informational-flood': { bodyBytes: 81 }, // three more "102 Processing" heads after the first
  'comment-keepalives-only': { bodyBytes: 60 }, // three ": keep-alive" chunks
  'never-ending-stream': { bodyBytes: 4096 },
  'failed-then-held-open': { bodyBytes: 4096 },
};

const boundsOf = (name: string): RawReadBounds => ({ quietMs: QUIET_MS, maxBytes: MAX_BYTES, ...BOUNDS[name] });

describe('every hostile behaviour is pinned at the byte level', () => {
  it.each(nonEmpty(HOSTILE_BEHAVIOURS.map((behaviour) => [behaviour.name, behaviour] as const), 'hostile behaviours'))('%s', async (name, behaviour) => {
    const file = pinOf('hostile', name);
    const relay = await behaviour.start();
    try {
      await expect(await rawExchange(relay.baseUrl, REQUEST, boundsOf(name))).toMatchFileSnapshot(file);
    } finally {
      await relay.close();
    }
  }, 30_000);

  it('names a behaviour in every read bound', () => {
    const names = HOSTILE_BEHAVIOURS.map((b) => b.name);
    for (const bounded of nonEmpty(Object.keys(BOUNDS), 'read bounds')) expect(names).toContain(bounded);
  });
});
