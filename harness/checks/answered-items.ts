// The answer to one request as Codex reads it: refused, cut short, or the completed turn's output
// items (from output_item.done, the only place Codex takes them). Checks that judge what came back,
// not how it was streamed, share it (compaction, request shapes).
import { type Observer, type Outcome, excerpt, isRecord } from './check.ts';
import type { ExchangeEnd, StreamEvent } from '../exchange/exchange-end.ts';

/** What a request got back: the completed turn's items (as output_item.done streams them, the way Codex reads them), or why there is none. */
export function answeredItems(end: ExchangeEnd, items: Record<string, unknown>[]): { items: Record<string, unknown>[] } | { outcome: Outcome } {
  if (!end.head) return { outcome: { status: 'fail', message: `no answer: ${end.error?.message ?? 'the relay did not respond'}`, failures: [{ message: 'no answer', expected: 'HTTP 200 stream', actual: end.error?.kind ?? 'nothing' }] } };
  if (end.head.status !== 200) {
    const why = `HTTP ${end.head.status}${end.bodyText ? `: ${excerpt(end.bodyText, 160)}` : ''}`;
    return { outcome: { status: 'fail', message: `the relay refused it (${why}); Codex retries, then fails the turn`, failures: [{ message: why, expected: 'HTTP 200 stream', actual: end.head.status }] } };
  }
  if (end.terminal?.type !== 'response.completed') {
    const got = end.terminal?.type ?? 'no terminal event';
    return { outcome: { status: 'fail', message: `the stream ended with ${got}, not response.completed`, failures: [{ message: got, expected: 'response.completed', actual: got }] } };
  }
  return { items };
}

/** Watches an answer: a refusal or a turn that did not complete fails (in words `explain` may add to); otherwise `judge` decides on its items. */
export function observeAnswer(judge: (items: Record<string, unknown>[]) => Outcome, explain: (outcome: Outcome) => Outcome = (outcome) => outcome): Observer {
  const items: Record<string, unknown>[] = [];
  return {
    event(event: StreamEvent) {
      if (event.type === 'response.output_item.done' && isRecord(event.json) && isRecord(event.json.item) && items.length < 64) items.push(event.json.item);
    },
    end(end) {
      const answered = answeredItems(end, items);
      return 'outcome' in answered ? explain(answered.outcome) : judge(answered.items);
    },
  };
}

