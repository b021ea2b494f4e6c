// Model names, the one module `run`, `doctor`, the reports and the badge use when a relay refuses
// the model: list what the relay serves (GET {base}/models, with the key and, if that gives no
// list, without it), and name the served names closest to the refused one. Many relays route by a
// prefixed name (`openai/gpt-5.5`, `relay:gpt-5.5`) or a variant (`gpt-5.5-codex`) and refuse the
// bare name Codex sends as config.toml's model (codex-wire.md §5.10).
import type { HttpClient } from '../http/http-client.ts';
import { joinUrl, type ReplayTarget } from '../replay/instantiate-request.ts';
import { isRecord } from '../checks/check.ts';
import { editDistance } from '../codex-config/closest-name.ts';
import type { DiagnosisProbe } from '../report/model.ts';

const DEADLINE_MS = 10_000;
const MAX_BYTES = 512 * 1024;
/** Names kept from a listing (a 512 KiB list holds thousands), and each name's length. */
const MAX_NAMES = 5_000;
const MAX_NAME_CHARS = 200;
/** Names a probe record keeps as evidence, and closest names offered. */
const KEPT_NAMES = 12;
const MAX_CLOSEST = 5;
/** Attempts doctor makes with other names before it offers the listed ones. */
const MAX_TRIES = 6;
/** Typo distance is computed only for names this long, so ranking a big list stays cheap. */
const MAX_TYPO_CHARS = 64;

export type ModelListing = { ok: true; status: number; ids: string[] } | { ok: false; status?: number; problem: string };

export async function listModels(client: HttpClient, target: ReplayTarget): Promise<ModelListing> {
  const res = await client.fetchText(
    { method: 'GET', url: modelsUrl(target), headers: requestHeaders(target) },
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

/** What a model name looks like: only such a listed name is tried, or written into a config. */
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,127}$/;

/** Whether a listed name may be tried and suggested (never quotes, spaces or controls). */
export function isPlausibleModelName(name: string): boolean {
  return MODEL_NAME.test(name);
}

/** Accepts the OpenAI list shape (`{data:[{id}]}`) and the common `{models:[…]}` / bare-array variants. */
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
    .slice(0, MAX_NAMES)
    .map((item) => (typeof item === 'string' ? item : isRecord(item) ? (item.id ?? item.slug ?? item.name) : undefined))
    .filter((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= MAX_NAME_CHARS);
}

/** What the relay lists: with the key first; without it when that gave no list (some list publicly). */
export async function probeServedModels(client: HttpClient, target: ReplayTarget): Promise<{ listed?: string[]; probes: DiagnosisProbe[] }> {
  const attempts: Array<{ purpose: DiagnosisProbe['purpose']; target: ReplayTarget }> = [{ purpose: 'models', target }];
  if (target.apiKey) attempts.push({ purpose: 'models-without-key', target: { ...target, apiKey: undefined } });
  const probes: DiagnosisProbe[] = [];
  for (const attempt of attempts) {
    const listing = await listModels(client, attempt.target);
    probes.push(listingProbe(attempt.purpose, modelsUrl(attempt.target), listing));
    if (listing.ok) return { listed: listing.ids, probes };
  }
  return { probes };
}

function listingProbe(purpose: DiagnosisProbe['purpose'], url: string, listing: ModelListing): DiagnosisProbe {
  const probe: DiagnosisProbe = { purpose, method: 'GET', url };
  if (listing.status !== undefined) probe.status = listing.status;
  if (listing.ok) probe.models = { count: listing.ids.length, names: listing.ids.slice(0, KEPT_NAMES) };
  else if (listing.status === undefined || listing.status === 200) probe.error = listing.problem;
  return probe;
}

function modelsUrl(target: ReplayTarget): string {
  return joinUrl(target.baseUrl, '/models', target.queryParams);
}

/** `gpt-5.5` for `openai/gpt-5.5` or `relay:gpt-5.5`: the name without one namespace. */
function bareName(model: string): string {
  return model.replace(/^[^/:]+[/:]/, '');
}

/**
 * The listed names closest to a refused model, best first: the same model under another namespace
 * (`openai/gpt-5.5`, `provider:gpt-5.5`), then variants of it (`gpt-5.5-codex`), then names a typo
 * away with the same version digits. Never the refused name itself.
 */
export function closestServedNames(model: string, listed: readonly string[]): string[] {
  const bare = bareName(model).toLowerCase();
  const typos = Math.max(1, Math.floor(bare.length / 3));
  const ranked: Array<{ name: string; rank: number; distance: number; index: number }> = [];
  listed.forEach((name, index) => {
    if (name === model || !isPlausibleModelName(name)) return;
    const other = bareName(name).toLowerCase();
    if (other === bare) ranked.push({ name, rank: 0, distance: 0, index });
    else if (isVariant(other, bare) || isVariant(bare, other)) ranked.push({ name, rank: 1, distance: Math.abs(other.length - bare.length), index });
    // A typo, not another version: `gtp-5.5` is close to `gpt-5.5`, `gpt-5.1` is not.
    else if (bare.length <= MAX_TYPO_CHARS && Math.abs(other.length - bare.length) <= typos && digitsOf(other) === digitsOf(bare)) {
      const distance = editDistance(other, bare);
      if (distance <= typos) ranked.push({ name, rank: 2, distance, index });
    }
  });
  ranked.sort((a, b) => a.rank - b.rank || a.distance - b.distance || a.index - b.index);
  return [...new Set(ranked.map((r) => r.name))].slice(0, MAX_CLOSEST);
}

const digitsOf = (name: string) => name.replace(/\D/g, '');

/** `gpt-5.5-codex` and `gpt-5.5-2026-01-01` are variants of `gpt-5.5`. */
function isVariant(name: string, of: string): boolean {
  return name.length > of.length && name.startsWith(of) && /[-_.:@]/.test(name[of.length]!);
}

/** Names doctor tries for a refused model: the closest listed ones, then the usual prefixed forms. */
export function candidateModelNames(model: string, providerId: string, listed: readonly string[]): string[] {
  const bare = bareName(model);
  const names = [...closestServedNames(model, listed), `openai/${bare}`, `${providerId}:${bare}`, `${providerId}/${bare}`, bare];
  return [...new Set(names)].filter((name) => name !== model).slice(0, MAX_TRIES);
}
