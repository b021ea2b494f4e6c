// Whether the relay's first answer is the one Codex accepts. Codex retries transient failures
// (harness/retry/codex-retry-rules.ts), so a relay that works only on a retry still works, but
// every turn costs the user Codex's wait and the relay bills the failed attempts: recommended.
import { CheckId } from './ids.ts';
import type { Check } from './check.ts';

/** "2 retries, about 1.4 s": the words every report uses for a retried case. */
export function describeRetries(count: number, delayMs: number): string {
  return `${count} ${count === 1 ? 'retry' : 'retries'}, about ${(delayMs / 1000).toFixed(1)} s`;
}

export const noRetryNeeded: Check = {
  id: CheckId.noRetryNeeded,
  severity: 'recommended',
  title: 'The first answer is one Codex accepts',
  requirement:
    "The relay's first answer should be the one Codex uses: a 5xx, a 429 with Retry-After, a response.failed Codex retries or a dropped stream makes Codex wait and ask again (request_max_retries, stream_max_retries), each retry delaying the turn and billed again.",
  observe(context) {
    return {
      end() {
        const retried = context.retried;
        if (retried === undefined) return { status: 'skip', message: "Codex's retries were not modelled (--no-retries): only the first answer was judged" };
        if (retried.length === 0) return { status: 'pass', message: 'no retry: Codex judged the first answer' };
        const delayMs = retried.reduce((sum, answer) => sum + answer.delayMs, 0);
        return {
          status: 'fail',
          message: `Codex asked again after ${describeRetries(retried.length, delayMs)} of waiting before this answer (first: ${retried[0]!.cause})`,
          failures: retried.map((answer, i) => ({
            message: `attempt ${i + 1}: ${answer.cause}; Codex ${answer.layer === 'request' ? 're-sends the request' : 'reconnects'} after ${answer.delayMs} ms (${answer.delaySource})`,
            expected: 'an answer Codex accepts',
            actual: answer.status === undefined ? 'no HTTP status' : `HTTP ${answer.status}`,
          })),
        };
      },
    };
  },
};

export const retryChecks: Check[] = [noRetryNeeded];
