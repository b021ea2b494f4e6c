// What a report does not record about its cases but the HTML page shows: each suite's title (the
// capability it tests) and which request a case sent (for the curl reproducer). Looked up in the
// suites this relaycheck ships; a report from another version may name cases they do not have.
import { KNOWN_SUITES } from '../../suites/index.ts';
import type { CaseSpec } from '../suite.ts';

/** Where a case's request body came from: a fixture file (with the model it was sent for), or a raw body. */
export interface CaseRequestSource {
  fixture: string;
  /** The case's own model, when it overrides the user's (e.g. an unknown model). */
  model?: string;
  rawBody?: string;
}

const SPECS = new Map<string, CaseSpec>(KNOWN_SUITES.flatMap((suite) => suite.cases.map((spec) => [spec.id, spec] as const)));
const SUITE_TITLES = new Map(KNOWN_SUITES.map((suite) => [suite.id, suite.title]));

export function suiteTitle(suiteId: string): string | undefined {
  return SUITE_TITLES.get(suiteId);
}

export function caseRequestSource(caseId: string): CaseRequestSource | undefined {
  const spec = SPECS.get(caseId);
  if (!spec) return undefined;
  return { fixture: spec.fixture, ...(spec.model !== undefined && { model: spec.model }), ...(spec.rawBody !== undefined && { rawBody: spec.rawBody }) };
}
