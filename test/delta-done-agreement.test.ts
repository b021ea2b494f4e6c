// stream.delta-done-agreement on long streams: it keeps only the texts still streaming, so a text far
// into the stream (here #20,000, twice the number of texts it can hold open at once) is still checked.
import { describe, expect, it } from 'vitest';
import type { CaseContext, Outcome } from '../harness/checks/check.ts';
import type { ExchangeEnd, StreamEvent } from '../harness/exchange/exchange-end.ts';
import { deltaDoneAgreement } from '../harness/checks/stream-semantics-checks.ts';

const TEXTS = 20_001;
const CHANGED = 20_000;

const CONTEXT: CaseContext = { expectedReply: 'message', requestBody: {}, idleTimeoutMs: 300_000, failedCloseGraceMs: 1_000 };
const END: ExchangeEnd = {
  head: { status: 200, headers: { 'content-type': 'text/event-stream' }, headersMs: 1, url: 'http://127.0.0.1/v1/responses' },
  ending: 'eof',
  durationMs: 1,
  bytes: 0,
  events: 0,
  comments: 0,
  framing: [],
  maxGapMs: 0,
};

/** One output_text per item, sent as two deltas then its .done; `final(i)` is what .done says. */
function* textEvents(count: number, final: (i: number, streamed: string) => string): Generator<StreamEvent> {
  let index = 0;
  const event = (json: Record<string, unknown>): StreamEvent => ({ index: index++, atMs: 0, data: '', dataLines: 1, json, type: json.type as string });
  for (let i = 1; i <= count; i++) {
    const where = { item_id: `msg_${i}`, output_index: i, content_index: 0 };
    const [first, second] = [`text #${i}: `, `the answer ${i % 97}`];
    yield event({ type: 'response.output_text.delta', ...where, delta: first });
    yield event({ type: 'response.output_text.delta', ...where, delta: second });
    yield event({ type: 'response.output_text.done', ...where, text: final(i, first + second) });
  }
}

function judge(events: Iterable<StreamEvent>): Outcome {
  const observer = deltaDoneAgreement.observe(CONTEXT);
  for (const event of events) observer.event!(event);
  return observer.end(END);
}

describe('stream.delta-done-agreement over 20,000 texts', () => {
  it('passes when every .done repeats its deltas', () => {
    expect(judge(textEvents(TEXTS, (_i, streamed) => streamed))).toEqual({ status: 'pass', message: 'deltas agree with final values' });
  });

  it(`fails on text #${CHANGED.toLocaleString('en-US')} alone when only its .done differs`, () => {
    const outcome = judge(textEvents(TEXTS, (i, streamed) => (i === CHANGED ? `${streamed}!` : streamed)));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe('1 final value(s) differ from their deltas');
    expect(outcome.status === 'fail' && outcome.failures?.map((f) => f.eventIndex)).toEqual([3 * CHANGED - 1]);
  });

  it('says how many deltas it could not check when more texts are open at once than it holds', () => {
    const open = 10_001;
    const events: StreamEvent[] = [...textEvents(open, (_i, streamed) => streamed)];
    // Every text's deltas first, then every .done: all of them are open at once.
    const deltas = events.filter((e) => e.type === 'response.output_text.delta');
    const dones = events.filter((e) => e.type === 'response.output_text.done');
    expect(judge([...deltas, ...dones])).toEqual({ status: 'pass', message: 'deltas agree with final values (2 delta(s) not checked: over 10000 texts open at once)' });
  });
});
