// Codex's retry rules (harness/retry/codex-retry-rules.ts) on answers as the runner sees them: pure
// decisions, judged in-process so the mutation run (vitest.mutation.config.ts) can judge the rules;
// test/retries.test.ts drives the runner that applies them on real loopback relays.
import { describe, expect, it } from 'vitest';
import type { ExchangeEnd } from '../../harness/exchange/exchange-end.ts';
import { CheckId } from '../../harness/checks/ids.ts';
import { CODEX_DEFAULT_RETRIES, type CodexRetrySettings, codexBackoffMs, codexRetryDecision, retryAfterMs, tryAgainInMs } from '../../harness/retry/codex-retry-rules.ts';

const DEFAULTS: CodexRetrySettings = { ...CODEX_DEFAULT_RETRIES };
const head = (status: number, headers: Record<string, string> = {}) => ({ status, headers, headersMs: 1, url: 'http://127.0.0.1/v1/responses' }) as unknown as ExchangeEnd['head'];
const answer = (end: Partial<ExchangeEnd>, failedRequired: string[] = []) => ({
  end: { ending: 'eof', durationMs: 1, bytes: 0, events: 0, comments: 0, framing: [], maxGapMs: 0, ...end } as ExchangeEnd,
  failedRequired,
});
const failedStream = (error: Record<string, unknown> | undefined, closedAfterFailedMs: number | null = 5) =>
  answer({ head: head(200), closedAfterFailedMs, terminal: { index: 2, atMs: 1, data: '', dataLines: 1, type: 'response.failed', json: { type: 'response.failed', response: { error } } } }, [CheckId.notFailed]);
const fresh = { request: 0, stream: 0 };

describe("Codex's retry rules (measured on 0.169.0 and 0.171.0)", () => {
  it('re-sends a 5xx at the request layer with 200 ms doubling, or after its Retry-After, then falls back to the stream layer', () => {
    for (const status of [500, 502, 503, 504]) expect(codexRetryDecision(answer({ head: head(status) }), fresh, DEFAULTS)).toEqual({ retry: true, layer: 'request', delayMs: 200, delaySource: 'backoff' });
    expect(codexRetryDecision(answer({ head: head(500) }), { request: 3, stream: 0 }, DEFAULTS)).toMatchObject({ layer: 'request', delayMs: 1600 });
    expect(codexRetryDecision(answer({ head: head(503, { 'retry-after': '2' }) }), fresh, DEFAULTS)).toEqual({ retry: true, layer: 'request', delayMs: 2000, delaySource: 'retry-after' });
    expect(codexRetryDecision(answer({ head: head(500) }), { request: 4, stream: 1 }, DEFAULTS)).toEqual({ retry: true, layer: 'stream', delayMs: 400, delaySource: 'backoff' });
    expect(codexRetryDecision(answer({ head: head(500) }), { request: 4, stream: 5 }, DEFAULTS)).toEqual({ retry: false, why: 'limit' });
  });

  it('retries a 429 only with Retry-After, at the stream layer, after exactly that long', () => {
    expect(codexRetryDecision(answer({ head: head(429), bodyText: '{"error":{"message":"Please try again in 2s.","code":"rate_limit_exceeded"}}' }), fresh, DEFAULTS)).toEqual({ retry: false, why: 'final' });
    expect(codexRetryDecision(answer({ head: head(429, { 'retry-after': '3' }) }), fresh, DEFAULTS)).toEqual({ retry: true, layer: 'stream', delayMs: 3000, delaySource: 'retry-after' });
    expect(codexRetryDecision(answer({ head: head(429, { 'retry-after': '1' }), bodyText: '{"error":{"type":"usage_limit_reached"}}' }), fresh, DEFAULTS)).toEqual({ retry: false, why: 'final' });
    expect(retryAfterMs(new Date(10_000).toUTCString(), 7_000)).toBe(3_000);
    expect(retryAfterMs(new Date(1_000).toUTCString(), 7_000)).toBe(0);
    expect(retryAfterMs('soon')).toBeUndefined();
  });

  it('never retries a 400, and retries other 4xx like a dropped stream', () => {
    expect(codexRetryDecision(answer({ head: head(400) }), fresh, DEFAULTS)).toEqual({ retry: false, why: 'final' });
    for (const status of [401, 403, 404, 405, 422]) expect(codexRetryDecision(answer({ head: head(status) }), fresh, DEFAULTS)).toEqual({ retry: true, layer: 'stream', delayMs: 200, delaySource: 'backoff' });
  });

  it('reads response.failed codes: final ones stop, rate_limit_exceeded waits what its message says, the rest back off', () => {
    for (const code of ['context_length_exceeded', 'insufficient_quota', 'usage_not_included', 'server_is_overloaded', 'invalid_prompt']) {
      expect(codexRetryDecision(failedStream({ code, message: 'x' }), fresh, DEFAULTS), code).toEqual({ retry: false, why: 'final' });
    }
    expect(codexRetryDecision(failedStream({ code: 'rate_limit_exceeded', message: 'Please try again in 2.5s.' }), fresh, DEFAULTS)).toEqual({ retry: true, layer: 'stream', delayMs: 2500, delaySource: 'try-again-in' });
    expect(codexRetryDecision(failedStream({ code: 'rate_limit_exceeded', message: 'Rate limit reached.' }), { request: 0, stream: 2 }, DEFAULTS)).toMatchObject({ delayMs: 800, delaySource: 'backoff' });
    for (const error of [{ code: 'server_error', message: 'boom' }, { code: 'slow_down', message: 'Please try again in 9s.' }, { code: null }, undefined]) {
      expect(codexRetryDecision(failedStream(error), fresh, DEFAULTS), JSON.stringify(error)).toMatchObject({ retry: true, delaySource: 'backoff' });
    }
    // Held open, a final code turns into the idle timeout, which Codex retries; context_length_exceeded stops at once.
    expect(codexRetryDecision(failedStream({ code: 'insufficient_quota' }, null), fresh, DEFAULTS)).toMatchObject({ retry: true, layer: 'stream' });
    expect(codexRetryDecision(failedStream({ code: 'context_length_exceeded' }, null), fresh, DEFAULTS)).toEqual({ retry: false, why: 'final' });
    expect([tryAgainInMs('try again in 700ms'), tryAgainInMs('Try again in 2 seconds'), tryAgainInMs('try later')]).toEqual([700, 2000, undefined]);
  });

  it('retries a stream Codex cannot finish, and accepts one that only loses output', () => {
    expect(codexRetryDecision(answer({ head: head(200) }, [CheckId.terminalEvent]), fresh, DEFAULTS)).toMatchObject({ retry: true, layer: 'stream' });
    expect(codexRetryDecision(answer({ head: head(200), ending: 'transport-error' }), fresh, DEFAULTS)).toMatchObject({ retry: true, layer: 'stream' });
    expect(codexRetryDecision(answer({ head: head(200) }, [CheckId.outputViaItemDone]), fresh, DEFAULTS)).toEqual({ retry: false, why: 'accepted' });
    expect(codexRetryDecision(answer({ head: head(200), ending: 'deadline' }, [CheckId.terminalEvent]), fresh, DEFAULTS)).toEqual({ retry: false, why: 'not-modelled' });
    expect(codexRetryDecision(answer({ error: { kind: 'refused', message: 'ECONNREFUSED' } }), fresh, DEFAULTS)).toEqual({ retry: false, why: 'not-modelled' });
    expect(codexRetryDecision(answer({ head: head(200) }, [CheckId.idleGap]), { request: 0, stream: 1 }, { requestMaxRetries: 4, streamMaxRetries: 1 })).toEqual({ retry: false, why: 'limit' });
  });
});

describe('the retry rules at their edges', () => {
  const backoff = (delayMs: number) => ({ retry: true, layer: 'stream', delayMs, delaySource: 'backoff' });

  it('uses 4 request and 5 stream retries by default, and backs off 200 ms doubling from the first retry', () => {
    expect(CODEX_DEFAULT_RETRIES).toEqual({ requestMaxRetries: 4, streamMaxRetries: 5 });
    expect([0, 1, 2, 3, 4, 5].map(codexBackoffMs)).toEqual([200, 200, 400, 800, 1600, 3200]);
  });

  it('models no other 2xx or 3xx answer', () => {
    for (const status of [201, 204, 302, 399]) expect(codexRetryDecision(answer({ head: head(status) }), fresh, DEFAULTS), String(status)).toEqual({ retry: false, why: 'not-modelled' });
  });

  it('counts request retries up to the limit, then the stream layer takes over; with no request retries it does at once', () => {
    expect(codexRetryDecision(answer({ head: head(499) }), fresh, DEFAULTS)).toEqual(backoff(200));
    expect(codexRetryDecision(answer({ head: head(500) }), { request: 3, stream: 0 }, DEFAULTS)).toEqual({ retry: true, layer: 'request', delayMs: 1600, delaySource: 'backoff' });
    expect(codexRetryDecision(answer({ head: head(500) }), { request: 4, stream: 4 }, DEFAULTS)).toEqual(backoff(3200));
    expect(codexRetryDecision(answer({ head: head(502) }), fresh, { requestMaxRetries: 0, streamMaxRetries: 5 })).toEqual(backoff(200));
    expect(codexRetryDecision(answer({ head: head(500, { 'retry-after': '0' }) }), fresh, DEFAULTS)).toEqual({ retry: true, layer: 'request', delayMs: 0, delaySource: 'retry-after' });
    expect(codexRetryDecision(answer({ head: head(500, { 'retry-after': 'soon' }) }), fresh, DEFAULTS)).toEqual({ retry: true, layer: 'request', delayMs: 200, delaySource: 'backoff' });
  });

  it('retries a 429 with Retry-After until the stream limit; a body that is not a usage-limit envelope does not stop it', () => {
    const limited = (bodyText?: string, retryAfter = '2') => answer({ head: head(429, { 'retry-after': retryAfter }), ...(bodyText !== undefined && { bodyText }) });
    const waits = { retry: true, layer: 'stream', delayMs: 2000, delaySource: 'retry-after' };
    for (const body of [undefined, '', 'not json', '[]', '{"error":"usage_limit_reached"}', '{"error":{"type":"rate_limit"}}', '{"type":"usage_limit_reached"}']) {
      expect(codexRetryDecision(limited(body), fresh, DEFAULTS), String(body)).toEqual(waits);
    }
    expect(codexRetryDecision(limited(undefined, '0'), fresh, DEFAULTS)).toEqual({ ...waits, delayMs: 0 });
    expect(codexRetryDecision(limited(), { request: 0, stream: 5 }, DEFAULTS)).toEqual({ retry: false, why: 'limit' });
    expect(codexRetryDecision(limited(), { request: 0, stream: 4 }, DEFAULTS)).toEqual(waits);
  });

  it('reads a failed stream only from a well-formed response.error with a string code', () => {
    const terminal = (json: unknown, closedAfterFailedMs: number | null | undefined = 5) =>
      answer({ head: head(200), ...(closedAfterFailedMs !== undefined && { closedAfterFailedMs }), terminal: { index: 2, atMs: 1, data: '', dataLines: 1, type: 'response.failed', json } }, [CheckId.notFailed]);
    for (const json of [null, 'text', { type: 'response.failed' }, { response: 'x' }, { response: { error: 'context_length_exceeded' } }, { response: { error: { code: 42 } } }]) {
      expect(codexRetryDecision(terminal(json), fresh, DEFAULTS), JSON.stringify(json)).toEqual(backoff(200));
    }
    // No close time recorded is not a socket held open: the final code still stops.
    expect(codexRetryDecision(terminal({ response: { error: { code: 'insufficient_quota' } } }, undefined), fresh, DEFAULTS)).toEqual({ retry: false, why: 'final' });
    expect(codexRetryDecision(terminal({ response: { error: { code: 'server_error' } } }, null), { request: 0, stream: 5 }, DEFAULTS)).toEqual({ retry: false, why: 'limit' });
    // rate_limit_exceeded's delay comes from a string message only.
    expect(codexRetryDecision(failedStream({ code: 'rate_limit_exceeded', message: 42 }), fresh, DEFAULTS)).toEqual(backoff(200));
    expect(codexRetryDecision(failedStream({ code: 'rate_limit_exceeded', message: ['Please try again in 3s.'] }), fresh, DEFAULTS)).toEqual(backoff(200));
    expect(codexRetryDecision(failedStream({ code: 'rate_limit_exceeded', message: 'Please try again in 3s.' }), { request: 0, stream: 5 }, DEFAULTS)).toEqual({ retry: false, why: 'limit' });
  });

  it('stops at response.incomplete, leaves our own bounds unmodelled, and retries each check that means a failed stream', () => {
    expect(codexRetryDecision(answer({ head: head(200), terminal: { index: 2, atMs: 1, data: '', dataLines: 1, type: 'response.incomplete', json: {} } }, [CheckId.terminalEvent]), fresh, DEFAULTS)).toEqual({ retry: false, why: 'final' });
    for (const ending of ['deadline', 'byte-limit', 'line-too-long'] as const) {
      expect(codexRetryDecision(answer({ head: head(200), ending }, [CheckId.terminalEvent]), fresh, DEFAULTS), ending).toEqual({ retry: false, why: 'not-modelled' });
    }
    for (const id of [CheckId.terminalEvent, CheckId.completedResponseId, CheckId.usageParsable, CheckId.idleGap]) {
      expect(codexRetryDecision(answer({ head: head(200) }, [CheckId.outputViaItemDone, id]), fresh, DEFAULTS), id).toEqual(backoff(200));
    }
    expect(codexRetryDecision(answer({ head: head(200) }), fresh, DEFAULTS)).toEqual({ retry: false, why: 'accepted' });
    const completed = { index: 2, atMs: 1, data: '', dataLines: 1, type: 'response.completed', json: { type: 'response.completed', response: {} } };
    expect(codexRetryDecision(answer({ head: head(200), ending: 'transport-error', terminal: completed }), fresh, DEFAULTS)).toEqual({ retry: false, why: 'accepted' });
  });

  it('reads Retry-After as whole seconds with blanks around them, or a date from now, and nothing else', () => {
    expect([' 3', '3 ', '\t12\t', '0', '999999999'].map((v) => retryAfterMs(v))).toEqual([3000, 3000, 12000, 0, 999_999_999_000]);
    for (const value of ['', '3x', 'a3', '1.5s', '3 s']) expect(retryAfterMs(value, 0), JSON.stringify(value)).toBeUndefined();
    expect(retryAfterMs(new Date(Date.now() + 3_600_000).toUTCString())).toBeGreaterThan(3_500_000);
    expect(retryAfterMs(new Date(Date.now() - 3_600_000).toUTCString())).toBe(0);
  });

  it('reads "try again in" in any case, with or without a blank, rounding to whole milliseconds', () => {
    expect(['try again in1s', 'TRY AGAIN IN 3S', 'try again in 700MS', 'try again in 2 second', 'try again in 2.25 s', 'try again in 1.0004s', 'try again in 0.0006s'].map(tryAgainInMs)).toEqual([1000, 3000, 700, 2000, 2250, 1000, 1]);
    for (const message of ['try again in 5 secondsx', 'try again in s', 'try again in 5m', 'try again 5s']) expect(tryAgainInMs(message), message).toBeUndefined();
  });
});
