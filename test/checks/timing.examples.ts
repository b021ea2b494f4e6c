import { CheckId } from '../../harness/checks/ids.ts';
import { type CheckExamples, fail, pass, skip } from '../helpers/check-examples.ts';
import { after, answered, completed, created, stream, streamed, textDelta, unanswered } from '../helpers/sse-builder.ts';

// The response head arrives at 5 ms (sse-builder's HEAD): a first event `after(n)` comes n - 5 ms after it.
const held = (firstAfterMs: number, ...gapsMs: number[]) => stream(after(firstAfterMs, created()), ...gapsMs.map((gap, i) => after(gap, i === gapsMs.length - 1 ? completed() : textDelta(0, 'x'))));
/** The outcome for a stream held back `waitMs` after the head, then `events` events within `spreadMs`. */
const burst = (waitMs: number, events: number, spreadMs: number, coding = '') =>
  fail(`Codex shows nothing for ${waitMs} ms after the response head, then all ${events} events within ${spreadMs} ms: the stream is held back and released at the end${coding}`, [
    { message: 'stream buffered', expected: 'events spread as produced, the first within 250 ms', actual: `first event after ${waitMs} ms, all within ${spreadMs} ms` },
  ]);

export const examples: CheckExamples = {
  [CheckId.notBuffered]: [
    { name: 'events as they are produced', events: stream(created(), textDelta(0, 'a'), completed()), expect: pass('first event 5 ms after the response head') },
    { name: 'a slow first event, then events spread out', events: held(305, 40, 40), expect: pass('first event 300 ms after the response head') },
    { name: 'a burst after a wait just under the bound', events: held(254, 1, 1), expect: pass('first event 249 ms after the response head') },
    { name: 'a single event after a long wait is no burst', events: held(1005), expect: pass('first event 1000 ms after the response head') },
    { name: 'spread just over a tenth of a long wait', events: held(1005, 50, 51), expect: pass('first event 1000 ms after the response head') },
    { name: 'spread just over the 50 ms floor', events: held(305, 25, 26), expect: pass('first event 300 ms after the response head') },
    { name: 'everything at once after the bound', events: held(255, 1, 1), expect: burst(250, 3, 2) },
    { name: 'spread exactly a tenth of a long wait', events: held(1005, 50, 50), expect: burst(1000, 3, 100) },
    { name: 'spread exactly the 50 ms floor', events: held(305, 25, 25), expect: burst(300, 3, 50) },
    {
      name: 'a compressed body held back by a proxy',
      events: held(405, 1, 1),
      end: streamed(held(405, 1, 1), { decoded: 'zstd' }),
      expect: burst(400, 3, 2, ' (the body is zstd-compressed: a compressing proxy holds it until the upstream ends)'),
    },
    {
      name: 'no terminal event: the last event ends the burst',
      end: streamed(stream(after(405, created()), after(1, textDelta(0, 'a')), after(200, textDelta(0, 'b')))),
      expect: pass('first event 400 ms after the response head'),
    },
    {
      name: 'the terminal event ends the burst, not what was read after it',
      end: streamed(held(405, 1, 1), { lastEventAtMs: 900 }),
      expect: burst(400, 3, 2),
    },
    { name: 'not a 200', end: answered(500, 'oops'), expect: skip('HTTP 500: no stream to check') },
    { name: 'no answer', end: unanswered(), expect: skip('no response from the relay') },
    { name: 'a 200 without events', end: streamed([]), expect: skip('no event arrived') },
  ],
};
