// Codex's retry rules, as measured on the real binary (docs/codex-ground-truth.md, "Retries";
// identical on 0.169.0 and 0.171.0): for one answer to a turn's request, whether Codex sends the
// request again, at which of its two layers, and after how long.
//   request layer: a 5xx is re-sent up to request_max_retries times, silently;
//   stream layer:  the whole turn request is re-sent ("Reconnecting... n/5") up to stream_max_retries
//                  times, after a failed stream or an HTTP error Codex treats as transient.
import type { ExchangeEnd } from '../exchange/exchange-end.ts';
import { isRecord } from '../checks/check.ts';
import { CheckId } from '../checks/ids.ts';
import { FAILURE_CODES_CODEX_STOPS_AT, isFinalFailureCode } from '../checks/codex-rules.ts';
import type { RetriedAnswer } from '../report/model.ts';

export interface CodexRetrySettings {
  /** Provider key `request_max_retries`. */
  requestMaxRetries: number;
  /** Provider key `stream_max_retries`. */
  streamMaxRetries: number;
}

/** What Codex uses when the provider sets neither key (measured: an always-500 relay gets (4 + 1) × (5 + 1) = 30 requests). */
export const CODEX_DEFAULT_RETRIES: Readonly<CodexRetrySettings> = { requestMaxRetries: 4, streamMaxRetries: 5 };

export type RetryLayer = RetriedAnswer['layer'];
export type DelaySource = RetriedAnswer['delaySource'];

/** Retries spent so far in this turn; request retries count within the current stream attempt. */
export interface RetriesUsed {
  request: number;
  stream: number;
}

/** One answer, as the runner saw it: how the exchange ended and which required checks it failed. */
export interface AnsweredAttempt {
  end: ExchangeEnd;
  failedRequired: readonly string[];
}

export type RetryDecision =
  | { retry: true; layer: RetryLayer; delayMs: number; delaySource: DelaySource }
  | { retry: false; why: 'accepted' | 'final' | 'limit' | 'not-modelled' };

/** Measured delays between retries: 200, 400, 800, 1600, 3200 ms (±10 % jitter), at both layers. */
export function codexBackoffMs(retryNumber: number): number {
  return 200 * 2 ** Math.max(0, retryNumber - 1);
}

/** Required checks whose failure means Codex's stream failed ("stream disconnected before completion"). */
const STREAM_FAILURE_CHECKS: ReadonlySet<string> = new Set([CheckId.terminalEvent, CheckId.completedResponseId, CheckId.usageParsable, CheckId.idleGap]);

export function codexRetryDecision(attempt: AnsweredAttempt, used: RetriesUsed, settings: CodexRetrySettings): RetryDecision {
  const { end } = attempt;
  // No response head: Codex's own connection handling (it waits for the network) is not modelled.
  if (!end.head) return { retry: false, why: 'not-modelled' };
  const status = end.head.status;
  if (status === 200) return streamDecision(attempt, used, settings);
  if (status >= 500) {
    if (used.request < settings.requestMaxRetries) {
      const after = retryAfterMs(end.head.headers['retry-after']);
      return after === undefined
        ? { retry: true, layer: 'request', delayMs: codexBackoffMs(used.request + 1), delaySource: 'backoff' }
        : { retry: true, layer: 'request', delayMs: after, delaySource: 'retry-after' };
    }
    return streamRetry(used, settings);
  }
  // 429: retried only with a Retry-After header, after exactly that long; "try again in" in its body is not read.
  if (status === 429) {
    const after = retryAfterMs(end.head.headers['retry-after']);
    if (after === undefined || isUsageLimit(end.bodyText)) return { retry: false, why: 'final' };
    return streamRetry(used, settings, { delayMs: after, delaySource: 'retry-after' });
  }
  if (status === 400) return { retry: false, why: 'final' };
  // 401, 403, 404 (and every other 4xx) are "unexpected status" errors Codex retries like a dropped stream.
  if (status > 400) return streamRetry(used, settings);
  return { retry: false, why: 'not-modelled' };
}

function streamDecision(attempt: AnsweredAttempt, used: RetriesUsed, settings: CodexRetrySettings): RetryDecision {
  const { end } = attempt;
  const terminal = end.terminal;
  const response = terminal && isRecord(terminal.json) && isRecord(terminal.json.response) ? terminal.json.response : undefined;
  if (terminal?.type === 'response.failed') {
    const error = response && isRecord(response.error) ? response.error : {};
    const code = typeof error.code === 'string' ? error.code : undefined;
    // Codex stops reading at context_length_exceeded; any other code waits for EOF, so a socket
    // held open ends in the idle timeout, which is retried whatever the code said.
    if (code !== undefined && FAILURE_CODES_CODEX_STOPS_AT.has(code)) return { retry: false, why: 'final' };
    if (end.closedAfterFailedMs === null) return streamRetry(used, settings);
    if (isFinalFailureCode(code)) return { retry: false, why: 'final' };
    const asked = code === 'rate_limit_exceeded' && typeof error.message === 'string' ? tryAgainInMs(error.message) : undefined;
    return streamRetry(used, settings, asked === undefined ? undefined : { delayMs: asked, delaySource: 'try-again-in' });
  }
  if (terminal?.type === 'response.incomplete') return { retry: false, why: 'final' };
  // Our own bounds (case deadline, byte and line limits) are not an answer Codex would retry.
  if (end.ending === 'deadline' || end.ending === 'byte-limit' || end.ending === 'line-too-long') return { retry: false, why: 'not-modelled' };
  const streamFailed = attempt.failedRequired.some((id) => STREAM_FAILURE_CHECKS.has(id)) || (end.ending === 'transport-error' && !terminal);
  return streamFailed ? streamRetry(used, settings) : { retry: false, why: 'accepted' };
}

function streamRetry(used: RetriesUsed, settings: CodexRetrySettings, asked?: { delayMs: number; delaySource: DelaySource }): RetryDecision {
  if (used.stream >= settings.streamMaxRetries) return { retry: false, why: 'limit' };
  return { retry: true, layer: 'stream', ...(asked ?? { delayMs: codexBackoffMs(used.stream + 1), delaySource: 'backoff' as const }) };
}

/**
 * Retry-After as Codex reads it (measured): whole seconds ("1", "3"), or an HTTP date, which counts
 * from now (a date 3 s ahead waited 2.3–2.5 s; one already past, no wait at all).
 */
export function retryAfterMs(value: string | undefined, nowMs = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const seconds = /^\s*(\d{1,9})\s*$/.exec(value);
  if (seconds) return Number(seconds[1]) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** The delay in a rate_limit_exceeded message: "try again in 1s", "2.5s", "700ms", "2 seconds" (measured). */
export function tryAgainInMs(message: string): number | undefined {
  const match = /try again in\s*(\d+(?:\.\d+)?)\s*(ms|s|seconds?)\b/i.exec(message);
  if (!match) return undefined;
  const value = Number(match[1]);
  return Math.round(match[2]!.toLowerCase() === 'ms' ? value : value * 1000);
}

/** A 429 whose envelope says usage_limit_reached: Codex shows its plan-limit text and stops (measured). */
function isUsageLimit(bodyText: string | undefined): boolean {
  try {
    const parsed: unknown = JSON.parse(bodyText ?? '');
    return isRecord(parsed) && isRecord(parsed.error) && parsed.error.type === 'usage_limit_reached';
  } catch {
    return false;
  }
}
