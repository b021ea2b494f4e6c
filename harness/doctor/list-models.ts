// GET {base_url}/models, with the credential Codex would send: which model names the relay serves.
// Accepts the OpenAI list shape (`{data:[{id}]}`) and the common `{models:[…]}` variants.
import type { HttpClient } from '../http/http-client.ts';
import { joinUrl, type ReplayTarget } from '../fixtures/instantiate-request.ts';
import { isRecord } from '../checks/check.ts';

const DEADLINE_MS = 10_000;
const MAX_BYTES = 512 * 1024;
/** A relay may list any number of names: this many are kept. */
export const MAX_LISTED_MODELS = 1_000;
/** What a model name looks like: only such a listed name is tried, or written into a config. */
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,127}$/;

/** Whether a name from a relay's list is one the doctor may try and suggest (never quotes, spaces or controls). */
export function isPlausibleModelName(name: string): boolean {
  return MODEL_NAME.test(name);
}

export type ModelListing = { ok: true; status: number; ids: string[] } | { ok: false; status?: number; problem: string };

export async function listModels(client: HttpClient, target: ReplayTarget): Promise<ModelListing> {
  const res = await client.fetchText(
    { method: 'GET', url: joinUrl(target.baseUrl, '/models', target.queryParams), headers: requestHeaders(target) },
    { deadlineMs: DEADLINE_MS, maxBytes: MAX_BYTES },
  );
  if (!res.ok) return { ok: false, problem: res.error.message };
  if (res.head.status !== 200) return { ok: false, status: res.head.status, problem: `HTTP ${res.head.status}` };
  const ids = parseModelIds(res.text);
  return ids ? { ok: true, status: 200, ids } : { ok: false, status: 200, problem: 'the answer is not a model list' };
}

/** The credential and provider headers, as Codex attaches them to every request. */
export function requestHeaders(target: ReplayTarget): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  for (const [name, value] of Object.entries(target.extraHeaders ?? {})) headers[name.toLowerCase()] = value;
  return headers;
}

export function parseModelIds(text: string): string[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const list = Array.isArray(parsed) ? parsed : isRecord(parsed) ? (parsed.data ?? parsed.models) : undefined;
  if (!Array.isArray(list)) return undefined;
  return list
    .map((item) => (typeof item === 'string' ? item : isRecord(item) ? (item.id ?? item.slug ?? item.name) : undefined))
    .filter((id): id is string => typeof id === 'string' && id.length > 0)
    .slice(0, MAX_LISTED_MODELS);
}
