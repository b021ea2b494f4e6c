// Repeats one case's exchange the way Codex repeats a turn's request (codex-retry-rules.ts): while
// Codex would retry the answer, wait what Codex waits and ask again, within the retry limits and the
// case's deadline. The last answer is the one judged; the ones before it are recorded with the delay
// Codex adds, so a relay that only works on a retry is told apart from one that works at once.
import type { CaseRetries, RetriedAnswer } from '../report/model.ts';
import { type CodexRetrySettings, type RetriesUsed, codexRetryDecision } from './codex-retry-rules.ts';
import type { ExchangeEnd } from '../exchange/exchange-end.ts';

export interface RetryOptions {
  settings: CodexRetrySettings;
  /** Waits out Codex's delay before the next attempt; default a timer. The delay is reported either way. */
  wait?: (ms: number) => Promise<void>;
}

/** One exchange as the runner judged it. */
export interface JudgedAttempt {
  end: ExchangeEnd;
  failedRequired: string[];
  /** The answer in one line, for the record of retried answers. */
  cause: string;
}

/** Runs one attempt: the answers retried before it (for the checks to see) and the time left for it. */
export type AttemptRunner<A extends JudgedAttempt> = (retried: readonly RetriedAnswer[], deadlineMs: number) => Promise<A>;

export interface RetriedCase<A extends JudgedAttempt> {
  final: A;
  /** Absent when the first answer was the final one. */
  retries?: CaseRetries;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function retryLikeCodex<A extends JudgedAttempt>(run: AttemptRunner<A>, deadlineMs: number, options?: RetryOptions): Promise<RetriedCase<A>> {
  const started = performance.now();
  const remaining = () => deadlineMs - (performance.now() - started);
  const answers: RetriedAnswer[] = [];
  let final = await run(answers, deadlineMs);
  if (!options) return { final };
  let used: RetriesUsed = { request: 0, stream: 0 };
  let cutShort = false;
  for (;;) {
    const decision = codexRetryDecision(final, used, options.settings);
    if (!decision.retry) break;
    // Codex would still be waiting or asking when the case's time is up: judge the last answer.
    if (decision.delayMs >= remaining()) {
      cutShort = true;
      break;
    }
    const retried: RetriedAnswer = { layer: decision.layer, cause: final.cause, delayMs: decision.delayMs, delaySource: decision.delaySource };
    if (final.end.head) retried.status = final.end.head.status;
    used = decision.layer === 'request' ? { ...used, request: used.request + 1 } : resetRequests(used);
    await (options.wait ?? sleep)(decision.delayMs);
    const next = await run([...answers, retried], remaining());
    // A retry the deadline cut off is no answer Codex got: keep the last complete one.
    if (next.end.ending === 'deadline' && !next.end.terminal) {
      cutShort = true;
      break;
    }
    answers.push(retried);
    final = next;
  }
  if (answers.length === 0 && !cutShort) return { final };
  const retries: CaseRetries = { count: answers.length, delayMs: answers.reduce((sum, a) => sum + a.delayMs, 0), answers };
  if (cutShort) retries.cutShort = true;
  return { final, retries };
}

// A stream-layer retry starts a new turn request, whose 5xx retries count afresh (measured: 6 × 5 requests).
function resetRequests(used: RetriesUsed): RetriesUsed {
  return { request: 0, stream: used.stream + 1 };
}
