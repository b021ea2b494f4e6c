// What a case sent, recorded in its transcript so that report.json alone can send it again (the
// curl reproducer, the HTML): the fixture and the model for a fixture's body, the body itself for
// one no fixture holds (a raw body, an agent's chat request). Bounded here; redacted with the rest
// of the case by the runner.
import type { Transcript } from '../report/model.ts';
import type { CaseSpec } from './suite.ts';
import { isRecord, parseJson } from '../checks/check.ts';
import { capText } from '../bounds/bounded-text.ts';
import { RESULT_BOUNDS } from '../bounds/result-bounds.ts';

export type SentRequest = Pick<Transcript['request'], 'fixture' | 'model' | 'body'>;

export function sentRequest(spec: Pick<CaseSpec, 'fixture' | 'chatRequest' | 'rawBody'>, body: string | undefined): SentRequest {
  const parsed = body === undefined ? undefined : parseJson(body);
  const model = isRecord(parsed) && typeof parsed.model === 'string' ? { model: capText(parsed.model, RESULT_BOUNDS.modelChars) } : {};
  const fromFixture = spec.fixture !== undefined && spec.chatRequest === undefined && spec.rawBody === undefined;
  if (fromFixture) return { fixture: spec.fixture, ...model };
  // A body cut short would send another request: one over the bound is left out, not cut.
  return { ...model, ...(body !== undefined && body.length <= RESULT_BOUNDS.sentBodyChars && { body }) };
}
