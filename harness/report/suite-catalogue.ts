// What a report does not record about its cases but the HTML page shows: each suite's title (the
// capability it tests) and which request a case sent (for the curl reproducer). Looked up in the
// suites this relaycheck ships; a report from another version may name cases they do not have.
import { SHIPPED_SUITES } from '../../suites/index.ts';
import type { CaseSpec } from '../suite.ts';
import type { ChatRequestKind } from '../chat/agent-requests.ts';

/** Where a case's request body came from: a fixture file (with the model it was sent for), an agent's chat request, a raw body, or none (the catalog GET). */
export type CaseRequestSource = ({ fixture: string; chatRequest?: undefined; bodiless?: undefined } | { chatRequest: ChatRequestKind; fixture?: undefined; bodiless?: undefined } | { bodiless: true; fixture?: undefined; chatRequest?: undefined }) & {
  /** The case's own model, when it overrides the user's (e.g. an unknown model). */
  model?: string;
  rawBody?: string;
};

const SPECS = new Map<string, CaseSpec>(SHIPPED_SUITES.flatMap((suite) => suite.cases.map((spec) => [spec.id, spec] as const)));
const SUITE_TITLES = new Map(SHIPPED_SUITES.map((suite) => [suite.id, suite.title]));

export function suiteTitle(suiteId: string): string | undefined {
  return SUITE_TITLES.get(suiteId);
}

export function caseRequestSource(caseId: string): CaseRequestSource | undefined {
  const spec = SPECS.get(caseId);
  if (!spec) return undefined;
  const request = spec.modelCatalog ? { bodiless: true as const } : spec.chatRequest === undefined ? { fixture: spec.fixture } : { chatRequest: spec.chatRequest };
  return { ...request, ...(spec.model !== undefined && { model: spec.model }), ...(spec.rawBody !== undefined && { rawBody: spec.rawBody }) };
}
