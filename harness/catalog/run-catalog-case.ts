// Runs the catalog case: the provider's model_catalog_url fetched as Codex fetches it, the answer
// given to the catalog checks as the case's exchange. The key goes only where the run was told it may
// (RunOptions.modelCatalog.sendKey): the user's own provider config, or the relay's origin.
import type { CaseResult } from '../report/model.ts';
import type { CaseContext } from '../checks/check.ts';
import type { ExchangeEnd } from '../exchange/exchange-end.ts';
import { getCheck } from '../checks/registry.ts';
import type { HttpClient } from '../http/http-client.ts';
import { caseResult, caseStatus, GuardedObserver } from '../run/run-case.ts';
import { boundCase } from '../bounds/result-bounds.ts';
import type { CaseSpec } from '../run/suite.ts';
import { textPrefix } from '../bounds/bounded-text.ts';
import { type CatalogAnswer, catalogRequestHeaders, fetchModelCatalog } from './model-catalog.ts';

/** The start of the catalog kept in the report: evidence, not the catalog. */
const PREVIEW_CHARS = 4 * 1024;

export interface ModelCatalogTarget {
  /** The provider's model_catalog_url. */
  url: string;
  /** Send the provider's key with the GET, as Codex does. */
  sendKey: boolean;
  /** Default Codex's 5 s; tests that load the machine with a whole catalogue of relays give more. */
  deadlineMs?: number;
}

export interface CatalogCaseRun {
  client: HttpClient;
  catalog: ModelCatalogTarget;
  apiKey?: string;
  /** The model Codex looks up in the catalog. */
  model: string;
  codexVersion: string;
}

export async function runCatalogCase(spec: CaseSpec, suiteId: string, run: CatalogCaseRun): Promise<CaseResult> {
  const started = performance.now();
  const apiKey = run.catalog.sendKey ? run.apiKey : undefined;
  const answer = await fetchModelCatalog(run.client, { url: run.catalog.url, codexVersion: run.codexVersion, ...(apiKey && { apiKey }), ...(run.catalog.deadlineMs !== undefined && { deadlineMs: run.catalog.deadlineMs }) });
  const end = exchangeEnd(answer);
  const context: CaseContext = { expectedReply: spec.expectedReply, requestBody: {}, idleTimeoutMs: 0, failedCloseGraceMs: 0, catalogModel: run.model };
  const results = spec.checks.map((id) => new GuardedObserver(getCheck(id), context).result(end));
  const transcript = {
    request: { method: 'GET', url: answer.url, headers: catalogRequestHeaders(apiKey), bodyBytes: 0 },
    ...('head' in answer && { response: { status: answer.head.status, headers: answer.head.headers, headersMs: answer.head.headersMs } }),
    events: [],
    eventsTotal: 0,
    bytesReceived: 'text' in answer ? Buffer.byteLength(answer.text) : 0,
    ...('text' in answer && { bodyPreview: textPrefix(answer.text, PREVIEW_CHARS) }),
  };
  // A 404 here says the catalog is missing, not that /responses is: the checks judge it.
  const status = caseStatus(results, end, { refusalMeansUnsupported: false });
  return boundCase(caseResult(spec, suiteId, { results, end, transcript, status, started }));
}

function exchangeEnd(answer: CatalogAnswer): ExchangeEnd {
  const base = { durationMs: answer.durationMs, events: 0, comments: 0, framing: [], maxGapMs: 0 };
  if ('error' in answer) return { ...base, error: answer.error, ending: 'not-read', bytes: 0 };
  return { ...base, head: answer.head, ending: answer.truncated ? 'byte-limit' : 'eof', bytes: Buffer.byteLength(answer.text), bodyText: answer.text };
}
