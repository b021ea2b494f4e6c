import { CheckId } from '../../harness/checks/ids.ts';
import type { RetriedAnswer } from '../../harness/report/model.ts';
import { type CheckExamples, fail, pass, skip } from '../helpers/check-examples.ts';

const overloaded: RetriedAnswer = { layer: 'request', status: 503, cause: 'HTTP 503', delayMs: 200, delaySource: 'backoff' };
const dropped: RetriedAnswer = { layer: 'stream', cause: 'the stream ended before response.completed', delayMs: 1234, delaySource: 'retry-after' };

export const examples: CheckExamples = {
  [CheckId.noRetryNeeded]: [
    { name: 'Codex judged the first answer', context: { retried: [] }, expect: pass('no retry: Codex judged the first answer') },
    { name: 'retries not modelled', expect: skip("Codex's retries were not modelled (--no-retries): only the first answer was judged") },
    {
      name: 'one 5xx Codex re-sent',
      context: { retried: [overloaded] },
      expect: fail('Codex asked again after 1 retry, about 0.2 s of waiting before this answer (first: HTTP 503)', [
        { message: 'attempt 1: HTTP 503; Codex re-sends the request after 200 ms (backoff)', expected: 'an answer Codex accepts', actual: 'HTTP 503' },
      ]),
    },
    {
      name: 'a 5xx, then a dropped stream',
      context: { retried: [overloaded, dropped] },
      expect: fail('Codex asked again after 2 retries, about 1.4 s of waiting before this answer (first: HTTP 503)', [
        { message: 'attempt 1: HTTP 503; Codex re-sends the request after 200 ms (backoff)', expected: 'an answer Codex accepts', actual: 'HTTP 503' },
        { message: 'attempt 2: the stream ended before response.completed; Codex reconnects after 1234 ms (retry-after)', expected: 'an answer Codex accepts', actual: 'no HTTP status' },
      ]),
    },
  ],
};
