// The words every output uses for statuses, verdicts and labels, so the console, Markdown and JUnit
// never disagree about what a result means. Definitions: docs/report-format.md.
import type { CaseResult, CaseStatus, CheckResult, CodexVerdict, DiagnosisProbe, RunDiagnosis, RunSummary, RunTokens, SpecVerdict, TransportErrorKind } from './model.ts';
import { LABEL_CHAT_ONLY, LABEL_MISSING_V1 } from '../diagnosis/endpoint-probes.ts';
import { LABEL_MODEL_NOT_SERVED } from '../diagnosis/run-diagnosis.ts';
import { caseCause } from '../run/verdict.ts';
import { describeRetries } from '../checks/retry-checks.ts';

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
  'not-evaluated': 'nothing evaluated: no answer the spec checks could judge',
};

const LABEL_MEANING: Record<string, string> = {
  [LABEL_CHAT_ONLY]: 'chat-completions only: the relay answers /chat/completions but not /responses',
  [LABEL_MISSING_V1]: 'base_url is missing /v1: the same relay answers under /v1/responses',
  [LABEL_MODEL_NOT_SERVED]: 'model not served: the relay serves /responses but refuses this model name (the diagnosis names the closest served names)',
};

export function labelMeaning(label: string): string | undefined {
  return LABEL_MEANING[label];
}

const PROBE_PURPOSE: Record<DiagnosisProbe['purpose'], string> = {
  'chat-completions': 'is there a Chat Completions endpoint?',
  'responses-under-v1': 'is /responses served under /v1?',
  models: 'which models are served?',
  'models-without-key': 'which models are served (asked without the key)?',
};

/** The diagnosis, one line each (unescaped: callers make it safe for their format). */
export function diagnosisLines(diagnosis: RunDiagnosis): string[] {
  const { refusal, model } = diagnosis;
  const lines = [`refused: ${refusal.url} answered HTTP ${refusal.status}: ${refusal.message}`];
  if (model) lines.push(`closest served names to "${model.requested}": ${model.closest.length > 0 ? model.closest.map((name) => `"${name}"`).join(', ') : 'none listed'}`);
  return [...lines, ...diagnosis.probes.map(probeLine)];
}

function probeLine(p: DiagnosisProbe): string {
  const answer = p.status === undefined ? (p.error ?? 'no answer') : `HTTP ${p.status}${p.models ? `, ${p.models.count} model(s)${p.models.names.length > 0 ? `: ${p.models.names.join(', ')}${p.models.count > p.models.names.length ? ', …' : ''}` : ''}` : p.message ? `: ${p.message}` : ''}`;
  return `${p.method} ${p.url} (${PROBE_PURPOSE[p.purpose]}): ${answer}`;
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

/** What the run cost, in the relay's own token counts: `12,345 input (1,024 cached), 678 output, reported by 9 cases`. */
export function tokensText(t: RunTokens): string {
  const n = (value: number) => value.toLocaleString('en-US');
  return `${n(t.input)} input (${n(t.cached)} cached), ${n(t.output)} output, reported by ${t.cases} case${t.cases === 1 ? '' : 's'}`;
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
      const retried = retryPhrase(c);
      if (retried) return retried;
      const first = failedChecks(c)[0];
      return first ? `${first.id}: ${first.message}` : 'warn';
    }
    case 'skip': {
      const first = c.checks.find((check) => check.status === 'skip');
      return first ? `every check skipped: ${first.message}` : 'no check ran';
    }
    default: {
      // fail, unsupported, error: the cause the verdict names, so both read the same.
      const retried = retryPhrase(c);
      return retried ? `${caseCause(c)} (${retried})` : caseCause(c);
    }
  }
}

/** What Codex's retries did for a case: "Codex recovers after 1 retry, about 0.2 s"; undefined without retries. */
export function retryPhrase(c: CaseResult): string | undefined {
  if (!c.retries) return undefined;
  const { count, delayMs, cutShort } = c.retries;
  if (count === 0) return "Codex would retry this answer, but the case timeout ended before its first retry";
  const broken = c.status === 'fail' || c.status === 'error' || c.status === 'unsupported';
  const what = broken ? `Codex still fails after ${describeRetries(count, delayMs)}` : `Codex recovers after ${describeRetries(count, delayMs)}`;
  return cutShort ? `${what}; the case timeout ended the retries before Codex's limit` : what;
}
