// The words every output uses for statuses, verdicts and labels, so the console, Markdown and JUnit
// never disagree about what a result means. Definitions: docs/report-format.md.
import type { CaseResult, CaseStatus, CheckResult, CodexVerdict, RunSummary, SpecVerdict, TransportErrorKind } from '../model.ts';
import { LABEL_CHAT_ONLY, LABEL_MISSING_V1 } from '../diagnosis/endpoint-probes.ts';
import { LABEL_MODEL_NOT_SERVED } from '../diagnosis/run-diagnosis.ts';
import { caseCause } from '../verdict.ts';

export const CASE_STATUS_MEANING: Record<CaseStatus, string> = {
  pass: 'every check passed or did not apply',
  fail: 'a required check failed: Codex breaks on this',
  warn: 'only recommended (spec) checks failed: Codex tolerates this',
  skip: 'no check applied',
  unsupported: 'the relay does not serve this endpoint',
  error: 'no (complete) answer from the relay',
};

export const CODEX_VERDICT_MEANING: Record<CodexVerdict, string> = {
  compatible: 'every required check passed in every case Codex depends on',
  partial: 'some cases Codex depends on broke, but no core one: Codex works for some requests only',
  incompatible: 'a core case broke (or every case Codex depends on did): Codex cannot hold a conversation through this relay',
  'not-evaluated': 'no case that Codex depends on was run (only non-core suites): the cases report their own result',
};

export const SPEC_VERDICT_MEANING: Record<SpecVerdict, string> = {
  conformant: 'no recommended check failed',
  deviations: 'recommended checks found deviations from the OpenAI spec that Codex tolerates',
  'not-evaluated': 'nothing evaluated: no HTTP 200 answer',
};

const LABEL_MEANING: Record<string, string> = {
  [LABEL_CHAT_ONLY]: 'chat-completions only: the relay answers /chat/completions but not /responses',
  [LABEL_MISSING_V1]: 'base_url is missing /v1: the same relay answers under /v1/responses',
  [LABEL_MODEL_NOT_SERVED]: 'model not served: the relay serves /responses but refuses this model name (the diagnosis names the closest served names)',
};

export function labelMeaning(label: string): string | undefined {
  return LABEL_MEANING[label];
}

const TRANSPORT_MEANING: Record<TransportErrorKind, string> = {
  dns: 'the host name did not resolve',
  refused: 'the connection was refused',
  reset: 'the connection was reset',
  tls: 'the TLS handshake failed',
  timeout: 'the case deadline passed',
  'not-http': 'the relay did not answer in HTTP',
  'too-large': 'the answer went over the size bound',
  redirect: 'the relay redirected',
  other: 'the exchange failed',
  'not-attempted': 'relaycheck did not send it',
};

export function transportMeaning(kind: TransportErrorKind): string {
  return TRANSPORT_MEANING[kind] ?? kind;
}

const SUMMARY_WORDS: [Exclude<keyof RunSummary, 'total'>, string][] = [
  ['passed', 'passed'],
  ['failed', 'failed'],
  ['warned', 'warned'],
  ['skipped', 'skipped'],
  ['unsupported', 'unsupported'],
  ['errored', 'errored'],
];

/** "8 cases: 2 passed, 6 unsupported" (zero counts left out). */
export function summaryText(s: RunSummary): string {
  const counted = SUMMARY_WORDS.filter(([key]) => s[key] > 0).map(([key, word]) => `${s[key]} ${word}`);
  return `${s.total} case${s.total === 1 ? '' : 's'}${counted.length > 0 ? `: ${counted.join(', ')}` : ''}`;
}

/** Failed checks, required before recommended, each group in run order. */
export function failedChecks(c: CaseResult): CheckResult[] {
  const failed = c.checks.filter((check) => check.status === 'fail');
  return [...failed.filter((check) => check.severity === 'required'), ...failed.filter((check) => check.severity !== 'required')];
}

/** One line saying why a case did not pass (unescaped: callers make it safe for their format). */
export function caseHeadline(c: CaseResult): string {
  switch (c.status) {
    case 'pass':
      return '';
    case 'warn': {
      const first = failedChecks(c)[0];
      return first ? `${first.id}: ${first.message}` : 'warn';
    }
    case 'skip': {
      const first = c.checks.find((check) => check.status === 'skip');
      return first ? `every check skipped: ${first.message}` : 'no check ran';
    }
    default:
      // fail, unsupported, error: the cause the verdict names, so both read the same.
      return caseCause(c);
  }
}
