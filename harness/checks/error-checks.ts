// Recommended checks for requests that should fail: a relay must say no clearly and quickly.
import { validateErrorEnvelope } from './schema-validation.ts';
import { CheckId } from './ids.ts';
import { type Check, type Outcome, excerpt } from './check.ts';
import type { ExchangeEnd } from '../exchange/exchange-end.ts';

function judgeRejection(end: ExchangeEnd, what: string): Outcome {
  if (!end.head) return { status: 'fail', message: `no answer to ${what}: ${end.error?.message ?? 'the relay did not respond'}`, failures: [{ message: 'no answer', expected: '4xx with an error envelope', actual: end.error?.kind ?? 'nothing' }] };
  const status = end.head.status;
  if (status < 400 || status >= 500) {
    return { status: 'fail', message: `${what} got HTTP ${status}`, failures: [{ message: `HTTP ${status}`, expected: '4xx', actual: status }] };
  }
  let body: unknown;
  try {
    body = JSON.parse(end.bodyText ?? '');
  } catch {
    return { status: 'fail', message: `HTTP ${status}, but the body is not JSON`, failures: [{ message: 'body is not an error envelope', expected: '{"error":{"message","type","code","param"}}', actual: excerpt(end.bodyText ?? 'empty', 120) }] };
  }
  const issues = validateErrorEnvelope(body);
  if (issues.length > 0) {
    return { status: 'fail', message: `HTTP ${status}, but the error envelope is incomplete`, failures: issues.map((i) => ({ message: i.message, path: i.pointer, expected: i.expected, actual: i.received })) };
  }
  return { status: 'pass', message: `HTTP ${status} with an OpenAI error envelope` };
}

export const errorEnvelope: Check = {
  id: CheckId.errorEnvelope,
  severity: 'recommended',
  title: 'A malformed request gets a 4xx with an OpenAI error envelope',
  requirement: 'A request the relay cannot accept is answered with a 4xx status and {"error":{"message","type","code","param"}}.',
  observe() {
    return { end: (end) => judgeRejection(end, 'a malformed request') };
  },
};

export const unknownModelRejected: Check = {
  id: CheckId.unknownModelRejected,
  severity: 'recommended',
  title: 'An unknown model is refused clearly',
  requirement: 'A model the relay does not serve is answered with a 4xx and an error envelope, not a 200 (silent substitution), a 5xx or a hang.',
  observe() {
    return { end: (end) => judgeRejection(end, 'an unknown model') };
  },
};

export const errorChecks: Check[] = [errorEnvelope, unknownModelRejected];
