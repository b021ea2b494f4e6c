// Tables of examples that pin each check: what goes in (events, the exchange's end, the case) and
// the exact outcome the real check gives. Example tables live in test/checks/*.examples.ts so the
// meta-test (test/checks/every-check-pinned.test.ts) can read them all without running them.
import { describe, expect, it } from 'vitest';
import type { CaseContext, Outcome } from '../../harness/checks/check.ts';
import type { ExchangeEnd, StreamEvent } from '../../harness/exchange/exchange-end.ts';
import type { CheckIdValue } from '../../harness/checks/ids.ts';
import { getCheck } from '../../harness/checks/registry.ts';
import { routeEvents } from '../../harness/checks/event-routing.ts';
import type { Failure } from '../../harness/report/model.ts';
import { caseContext, streamed } from './sse-builder.ts';
import { nonEmpty } from './non-empty.ts';

export interface CheckExample {
  name: string;
  events?: StreamEvent[];
  /** The exchange's end; default: a 200 stream of `events` read to its end. */
  end?: ExchangeEnd;
  context?: Partial<CaseContext>;
  expect: Outcome;
}

export type CheckExamples = Partial<Record<CheckIdValue, CheckExample[]>>;

export const pass = (message: string): Outcome => ({ status: 'pass', message });
export const skip = (message: string): Outcome => ({ status: 'skip', message });
export const fail = (message: string, failures: Failure[]): Outcome => ({ status: 'fail', message, failures });

/** Runs the registered check over the example, the way the exchange drives it. */
export function runCheck(id: CheckIdValue, example: Omit<CheckExample, 'name' | 'expect'>): Outcome {
  const events = example.events ?? [];
  const check = getCheck(id);
  const observer = check.observe(caseContext(example.context));
  // Routed as the runner routes: a check's `observes` that left out a type it acts on fails its examples.
  const routed = routeEvents([{ sink: observer, observes: check.observes }]);
  for (const event of events) routed.event?.(event);
  return observer.end(example.end ?? streamed(events));
}

export function pinChecks(examples: CheckExamples): void {
  for (const [id, list] of nonEmpty(Object.entries(examples) as Array<[CheckIdValue, CheckExample[]]>, 'checks with examples')) {
    describe(id, () => {
      for (const example of nonEmpty(list, `${id} examples`)) {
        it(`${example.expect.status}: ${example.name}`, () => {
          expect(runCheck(id, example)).toEqual(example.expect);
        });
      }
    });
  }
}
