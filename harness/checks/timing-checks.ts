// When the events arrive, beyond the idle timeout: a stream held back and released at the end
// completes, but Codex shows the user nothing until then, and the same relay on a slower answer
// hits the idle timeout (docs/codex-ground-truth.md, buffering proxies).
import { CheckId } from './ids.ts';
import { type Check, skipUnlessStreamed } from './check.ts';

/** Silence after the response head from which a held-back stream is worth reporting. */
export const BUFFERED_WAIT_MS = 250;
/** Events that all arrive within this share of the wait before them came in one burst. */
const BURST_SHARE = 0.1;
const BURST_MIN_MS = 50;

export const streamNotBuffered: Check = {
  id: CheckId.notBuffered,
  severity: 'recommended',
  title: 'Events arrive as they are produced, not all at the end',
  requirement:
    'The relay (and any proxy in front of it) should pass each event on as it is produced. A stream held back and released in one burst shows the user nothing until the end, and on a slow answer Codex gives up after stream_idle_timeout_ms; compressing proxies do this (Caddy `encode zstd gzip` on the SSE route, for clients that send accept-encoding as Codex 0.171.0 does).',
  observe() {
    return {
      end(end) {
        const skip = skipUnlessStreamed(end);
        if (skip) return skip;
        if (end.firstEventAtMs === undefined || end.head === undefined) return { status: 'skip', message: 'no event arrived' };
        const wait = end.firstEventAtMs - end.head.headersMs;
        const lastAt = end.terminal?.atMs ?? end.lastEventAtMs ?? end.firstEventAtMs;
        const spread = lastAt - end.firstEventAtMs;
        if (wait >= BUFFERED_WAIT_MS && end.events > 1 && spread <= Math.max(BURST_MIN_MS, wait * BURST_SHARE)) {
          const coding = end.decoded ? ` (the body is ${end.decoded}-compressed: a compressing proxy holds it until the upstream ends)` : '';
          return {
            status: 'fail',
            message: `Codex shows nothing for ${wait} ms after the response head, then all ${end.events} events within ${spread} ms: the stream is held back and released at the end${coding}`,
            failures: [{ message: 'stream buffered', expected: `events spread as produced, the first within ${BUFFERED_WAIT_MS} ms`, actual: `first event after ${wait} ms, all within ${spread} ms` }],
          };
        }
        return { status: 'pass', message: `first event ${wait} ms after the response head` };
      },
    };
  },
};

export const timingChecks: Check[] = [streamNotBuffered];
