// The model catalog a provider's model_catalog_url serves, read as Codex reads it (measured on 0.169.0
// and 0.171.0, docs/codex-ground-truth.md "Model catalog"): `GET <url>?client_version=X.Y.Z` with the
// provider's key, bounded, no redirects; then judged by the shape Codex accepts
// (schemas/model-catalog.schema.json). One owner for doctor and the `catalog` suite: a catalog Codex
// cannot read (another shape, a 404) or one without the model gives default model metadata, which has
// no apply_patch tool; an entry without apply_patch_tool_type gives none either.
import type { HttpClient, ResponseHead } from '../http/http-client.ts';
import type { TransportError } from '../report/model.ts';
import { validateModelCatalog } from '../checks/schema-validation.ts';
import { excerpt, isRecord, parseJson } from '../checks/check.ts';

/** Codex's own bounds on the catalog fetch. */
export const CATALOG_DEADLINE_MS = 5_000;
export const CATALOG_MAX_BYTES = 1024 * 1024;

export interface CatalogRequest {
  url: string;
  /** Sent as Authorization: Bearer, as Codex sends the provider's key; absent: no key is sent. */
  apiKey?: string;
  /** The Codex release whose GET is modelled (its client_version). */
  codexVersion: string;
  /** Default Codex's own, CATALOG_DEADLINE_MS; only a test on a loaded machine gives more. */
  deadlineMs?: number;
}

/** What the GET got: the head and up to CATALOG_MAX_BYTES of the body, or the transport error. */
export type CatalogAnswer = { url: string; head: ResponseHead; text: string; truncated: boolean; durationMs: number } | { url: string; error: TransportError; durationMs: number };

/** The URL Codex requests: the configured one with its client_version appended. */
export function catalogRequestUrl(url: string, codexVersion: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}client_version=${codexVersion}`;
}

export function catalogRequestHeaders(apiKey: string | undefined): Record<string, string> {
  return apiKey ? { authorization: `Bearer ${apiKey}` } : {};
}

export async function fetchModelCatalog(client: HttpClient, request: CatalogRequest): Promise<CatalogAnswer> {
  const url = catalogRequestUrl(request.url, request.codexVersion);
  const started = performance.now();
  const answer = await client.fetchText({ method: 'GET', url, headers: catalogRequestHeaders(request.apiKey) }, { deadlineMs: request.deadlineMs ?? CATALOG_DEADLINE_MS, maxBytes: CATALOG_MAX_BYTES });
  const durationMs = Math.round(performance.now() - started);
  return answer.ok ? { url, head: answer.head, text: answer.text, truncated: answer.truncated, durationMs } : { url, error: answer.error, durationMs };
}

/** How Codex takes the catalog for one model, worst first. */
export type CatalogJudgement =
  /** Codex cannot read it at all: default model metadata, no apply_patch tool. */
  | { kind: 'unreadable'; why: string }
  /** Read, but no entry for the model: default model metadata, no apply_patch tool. */
  | { kind: 'no-entry'; why: string }
  /** The entry is used, but sets no apply_patch_tool_type: Codex offers no apply_patch tool. */
  | { kind: 'no-apply-patch' }
  | { kind: 'usable'; applyPatch: string };

/** The shape of an answer the judgement reads: a status and body text, or why there was none. */
export interface CatalogReading {
  status?: number;
  error?: string;
  text?: string;
  truncated?: boolean;
}

export function readingOf(answer: CatalogAnswer): CatalogReading {
  return 'error' in answer ? { error: answer.error.message } : { status: answer.head.status, text: answer.text, truncated: answer.truncated };
}

export function judgeModelCatalog(reading: CatalogReading, model: string): CatalogJudgement {
  if (reading.status === undefined) return { kind: 'unreadable', why: `the request failed (${reading.error ?? 'no answer'})` };
  if (reading.status !== 200) return { kind: 'unreadable', why: `it answers HTTP ${reading.status}` };
  if (reading.truncated) return { kind: 'unreadable', why: `it is larger than ${CATALOG_MAX_BYTES} bytes` };
  const body = parseJson(reading.text ?? '');
  if (body === undefined) return { kind: 'unreadable', why: 'it is not JSON' };
  const issues = validateModelCatalog(body);
  if (issues.length > 0) return { kind: 'unreadable', why: `it is not Codex's catalog shape (${issues.slice(0, 3).map((i) => `${i.pointer || '/'}: ${i.message}`).join('; ')})` };
  const models = (body as { models: Record<string, unknown>[] }).models;
  const entry = models.find((m) => m.slug === model);
  if (!entry) return { kind: 'no-entry', why: `it lists no entry for "${model}" (it lists ${models.map((m) => JSON.stringify(m.slug)).slice(0, 5).join(', ') || 'none'})` };
  const patchType = isRecord(entry) && typeof entry.apply_patch_tool_type === 'string' ? entry.apply_patch_tool_type : undefined;
  return patchType ? { kind: 'usable', applyPatch: patchType } : { kind: 'no-apply-patch' };
}

/** What Codex does when it cannot use the catalog for the model, in the user's words. */
export const CATALOG_FALLBACK = 'Codex falls back to default model metadata and has no apply_patch tool: patch turns finish without writing';
/** What Codex does with an entry that sets no apply_patch_tool_type. */
export const CATALOG_NO_APPLY_PATCH = 'Codex offers no apply_patch tool: patch turns finish without writing';

/** One line of evidence on the answer. */
export function answerEvidence(answer: CatalogAnswer): string {
  return 'error' in answer ? `GET ${answer.url}: ${answer.error.message}` : `GET ${answer.url} → HTTP ${answer.head.status}: ${excerpt(answer.text, 160)}`;
}
