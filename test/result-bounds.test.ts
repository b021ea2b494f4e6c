import { describe, expect, it } from 'vitest';
import { RESULT_BOUNDS, boundCase, boundFailure, boundHeaders, boundReportCases } from '../harness/bounds/result-bounds.ts';
import type { CaseResult, CheckResult } from '../harness/report/model.ts';

const big = 'r'.repeat(100_000);

function caseWith(checks: CheckResult[], eventData = 'x'): CaseResult {
  return {
    id: 'c',
    suite: 's',
    title: 't',
    requirement: 'r',
    status: 'fail',
    durationMs: 1,
    labels: [],
    checks,
    transcript: { request: { method: 'POST', url: 'http://127.0.0.1/v1/responses', headers: {}, bodyBytes: 1 }, events: [{ atMs: 1, data: eventData }], eventsTotal: 1, bytesReceived: 1 },
  };
}
const failing = (id: string, failures: number): CheckResult => ({ id, severity: 'recommended', status: 'fail', message: 'bad', failures: Array.from({ length: failures }, () => ({ message: 'f' })) });

describe('what a result keeps of a relay\'s words', () => {
  it('caps every string of a failure, and renders a big JSON value as the start of its text', () => {
    const failure = boundFailure({ message: big, path: big, expected: big, actual: { id: big, more: [1, 2, 3] }, eventIndex: 3 });
    expect(failure.message.length).toBe(RESULT_BOUNDS.messageChars + 1);
    expect(failure.path!.length).toBe(RESULT_BOUNDS.pathChars + 1);
    expect(failure.expected).toBe(`${'r'.repeat(RESULT_BOUNDS.valueChars)}…`);
    expect(failure.actual).toBe(`${`{"id":"${big}`.slice(0, RESULT_BOUNDS.valueChars)}…`);
    expect(failure.eventIndex).toBe(3);
    // Small JSON stays JSON.
    expect(boundFailure({ message: 'm', actual: { a: [1, 'b'] } }).actual).toEqual({ a: [1, 'b'] });
  });

  it('keeps a bounded number of headers, each name and value capped', () => {
    const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`x-h-${i}`, big]));
    const kept = boundHeaders(many);
    expect(Object.keys(kept)).toHaveLength(RESULT_BOUNDS.headers);
    expect(Object.values(kept).every((v) => v.length === RESULT_BOUNDS.headerValueChars + 1)).toBe(true);
  });

  it('drops failures over the per-check and per-case bounds, and says how many', () => {
    const result = boundCase(caseWith([failing('a', 30), ...Array.from({ length: 6 }, (_, i) => failing(`b${i}`, 20))]));
    expect(result.checks[0]!.failures).toHaveLength(RESULT_BOUNDS.failuresPerCheck);
    expect(result.checks[0]!.message).toBe('bad (10 more failure(s) not listed)');
    const kept = result.checks.reduce((n, c) => n + (c.failures?.length ?? 0), 0);
    expect(kept).toBe(RESULT_BOUNDS.failuresPerCase);
    expect(result.checks[5]!.failures).toBeUndefined();
    expect(result.checks[5]!.message).toBe('bad (20 more failure(s) not listed)');
  });

  it('drops failures and transcript text over the per-report bounds, later cases first', () => {
    const perCase = Math.ceil(RESULT_BOUNDS.transcriptCharsPerReport / 3);
    const cases = Array.from({ length: 30 }, () => boundCase(caseWith([failing('a', 20), failing('b', 20), failing('c', 20), failing('d', 20)], 'd'.repeat(perCase))));
    boundReportCases(cases);
    expect(cases.flatMap((c) => c.checks).reduce((n, c) => n + (c.failures?.length ?? 0), 0)).toBe(RESULT_BOUNDS.failuresPerReport);
    expect(cases.map((c) => c.transcript!.events.length).slice(0, 4)).toEqual([1, 1, 0, 0]);
    expect(cases.at(-1)!.transcript!.eventsTotal).toBe(1);
  });
});
