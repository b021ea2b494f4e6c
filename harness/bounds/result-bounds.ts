// How much of a relay's words a result keeps. Every string a relay controls (failure texts, check
// messages, error messages, transcript headers, URLs and events) is capped where it is stored, and
// so is the number of failures per check, per case and per report, and the transcript text per
// report: whatever a relay sends, a report stays small enough to serialize, write and read.
// Cut text ends in "…", which the Redactor knows to look before (a key cut short still goes).
import type { CaseResult, CheckResult, Failure, Transcript } from '../report/model.ts';
import { capText } from './bounded-text.ts';

export const RESULT_BOUNDS = {
  /** A check's message, a failure's message, a transport error's message. */
  messageChars: 1_000,
  /** A failure's expected / actual value (strings, or a JSON rendering of anything bigger). */
  valueChars: 400,
  pathChars: 300,
  failuresPerCheck: 20,
  failuresPerCase: 100,
  failuresPerReport: 2_000,
  headers: 100,
  headerNameChars: 200,
  headerValueChars: 1_000,
  urlChars: 2_000,
  /** A case's model name, and the body a case sent when no fixture holds it (kept whole or not at all). */
  modelChars: 200,
  sentBodyChars: 64 * 1024,
  /** Transcript text (event data, body preview, headers) over all cases of one report. */
  transcriptCharsPerReport: 8 * 1024 * 1024,
} as const;

export function boundFailure(failure: Failure): Failure {
  const out: Failure = { message: capText(failure.message, RESULT_BOUNDS.messageChars) };
  if (failure.path !== undefined) out.path = capText(failure.path, RESULT_BOUNDS.pathChars);
  if (failure.expected !== undefined) out.expected = boundValue(failure.expected);
  if (failure.actual !== undefined) out.actual = boundValue(failure.actual);
  if (failure.eventIndex !== undefined) out.eventIndex = failure.eventIndex;
  return out;
}

export function boundCheckResult(result: CheckResult): CheckResult {
  const out: CheckResult = { ...result, message: capText(result.message, RESULT_BOUNDS.messageChars) };
  if (result.failures) {
    out.failures = result.failures.slice(0, RESULT_BOUNDS.failuresPerCheck).map(boundFailure);
    const dropped = result.failures.length - out.failures.length;
    if (dropped > 0) out.message = notListed(out.message, dropped);
  }
  return out;
}

/** A relay's response headers: as many as the bound, each name and value capped. */
export function boundHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  let kept = 0;
  for (const [name, value] of Object.entries(headers)) {
    if (kept++ === RESULT_BOUNDS.headers) break;
    out[capText(name, RESULT_BOUNDS.headerNameChars)] = capText(value, RESULT_BOUNDS.headerValueChars);
  }
  return out;
}

export function boundUrl(url: string): string {
  return capText(url, RESULT_BOUNDS.urlChars);
}

/** One case: every check result bounded, and failures over the per-case bound dropped (and counted). */
export function boundCase(result: CaseResult): CaseResult {
  result.checks = result.checks.map(boundCheckResult);
  dropFailuresOver(result.checks, RESULT_BOUNDS.failuresPerCase);
  if (result.error) result.error = { ...result.error, message: capText(result.error.message, RESULT_BOUNDS.messageChars) };
  return result;
}

/** All cases of one report: failures and transcript text over the per-report bounds are dropped, later cases first. */
export function boundReportCases(cases: CaseResult[]): void {
  dropFailuresOver(
    cases.flatMap((c) => c.checks),
    RESULT_BOUNDS.failuresPerReport,
  );
  let budget = RESULT_BOUNDS.transcriptCharsPerReport;
  for (const result of cases) {
    if (!result.transcript) continue;
    budget -= transcriptChars(result.transcript);
    if (budget < 0) {
      // The counts stay: the report still says how many events and bytes there were.
      result.transcript.events = [];
      delete result.transcript.bodyPreview;
      delete result.transcript.request.body;
    }
  }
}

function dropFailuresOver(checks: CheckResult[], bound: number): void {
  let room = bound;
  for (const check of checks) {
    if (!check.failures) continue;
    const kept = Math.max(0, Math.min(room, check.failures.length));
    room -= kept;
    const dropped = check.failures.length - kept;
    if (dropped === 0) continue;
    check.message = notListed(check.message, dropped);
    if (kept === 0) delete check.failures;
    else check.failures = check.failures.slice(0, kept);
  }
}

function notListed(message: string, dropped: number): string {
  return `${message} (${dropped} more failure(s) not listed)`;
}

function transcriptChars(transcript: Transcript): number {
  let chars = (transcript.bodyPreview?.length ?? 0) + (transcript.request.body?.length ?? 0);
  for (const event of transcript.events) chars += event.data.length + (event.event?.length ?? 0) + (event.type?.length ?? 0);
  for (const [name, value] of Object.entries(transcript.response?.headers ?? {})) chars += name.length + value.length;
  return chars;
}

/** Strings are capped; other JSON is kept when its rendering is short, else replaced by the start of that rendering. */
function boundValue(value: unknown): unknown {
  if (typeof value === 'string') return capText(value, RESULT_BOUNDS.valueChars);
  if (value === null || typeof value !== 'object') return value;
  const json = boundedJson(value, RESULT_BOUNDS.valueChars);
  return json === undefined ? value : capText(json.text, RESULT_BOUNDS.valueChars);
}

/**
 * JSON text of `value` when it is longer than `max`, built no further than just past `max` (a
 * relay's value can be megabytes); undefined when the whole rendering fits.
 */
function boundedJson(value: unknown, max: number): { text: string } | undefined {
  let text = '';
  const over = () => text.length > max;
  const write = (v: unknown, depth: number): void => {
    if (over()) return;
    if (v === null || typeof v !== 'object') {
      const json = JSON.stringify(v) ?? 'null';
      text += json.length > max ? json.slice(0, max + 1) : json;
      return;
    }
    if (depth > 32) {
      text += '…';
      return;
    }
    const array = Array.isArray(v);
    text += array ? '[' : '{';
    let first = true;
    for (const key of array ? v.keys() : Object.keys(v)) {
      if (over()) return;
      if (!first) text += ',';
      first = false;
      if (!array) {
        write(String(key), depth + 1);
        text += ':';
      }
      write((v as Record<string | number, unknown>)[key as string | number], depth + 1);
    }
    text += array ? ']' : '}';
  };
  write(value, 0);
  return over() ? { text } : undefined;
}
