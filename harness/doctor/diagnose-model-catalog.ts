// The doctor's model-catalog step, when the provider sets model_catalog_url: fetch it as Codex does
// (`GET <url>?client_version=X.Y.Z` with the provider's key) and judge it by the shape Codex accepts
// (schemas/model-catalog.schema.json). Measured on 0.169.0 and 0.171.0: a catalog Codex cannot read
// (another shape, a 404) or one without the configured model makes Codex fall back to default
// model metadata, which has no apply_patch tool: a patch turn exits 0 and writes nothing.
import type { HttpClient } from '../http/http-client.ts';
import { finding, type Finding } from '../codex-config/finding.ts';
import { validateModelCatalog } from '../schema-validation.ts';
import { excerpt, isRecord } from '../checks/check.ts';

export interface CatalogProbe {
  url: string;
  apiKey?: string;
  model: string;
  codexVersion: string;
}

/** Codex's own bounds on the catalog fetch. */
const DEADLINE_MS = 5_000;
const MAX_BYTES = 1024 * 1024;

const FALLBACK = (model: string) =>
  `Codex falls back to default model metadata ("Model metadata for \`${model}\` not found. Defaulting to fallback metadata"), which has no apply_patch tool: a patch turn exits 0 and writes nothing`;
const FIX = 'serve Codex\'s own {"models":[…]} shape with an entry for the model (slug, display_name, supported_reasoning_levels, shell_type, visibility, supported_in_api, priority, support_verbosity, truncation_policy, experimental_supported_tools, model_messages.instructions_template, and apply_patch_tool_type = "freeform"), or remove model_catalog_url';

export async function diagnoseModelCatalog(client: HttpClient, probe: CatalogProbe): Promise<{ findings: Finding[]; verified: string[] }> {
  const url = `${probe.url}${probe.url.includes('?') ? '&' : '?'}client_version=${probe.codexVersion}`;
  const unusable = (why: string, evidence: string[]) => ({
    findings: [finding('model.catalog-unusable', 'model', 'error', `Codex cannot use the model catalog at ${probe.url}: ${why}. ${FALLBACK(probe.model)}`, evidence, FIX)],
    verified: [],
  });
  const answer = await client.fetchText({ method: 'GET', url, headers: probe.apiKey ? { authorization: `Bearer ${probe.apiKey}` } : {} }, { deadlineMs: DEADLINE_MS, maxBytes: MAX_BYTES });
  if (!answer.ok) return unusable(`the request failed (${answer.error.message})`, [`GET ${url}`]);
  const evidence = [`GET ${url} → HTTP ${answer.head.status}: ${excerpt(answer.text, 160)}`];
  if (answer.head.status !== 200) return unusable(`it answers HTTP ${answer.head.status}`, evidence);
  if (answer.truncated) return unusable(`it is larger than ${MAX_BYTES} bytes`, evidence);
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return unusable('it is not JSON', evidence);
  }
  const issues = validateModelCatalog(body);
  if (issues.length > 0) return unusable(`it is not Codex's catalog shape (${issues.slice(0, 3).map((i) => `${i.pointer || '/'}: ${i.message}`).join('; ')})`, evidence);
  const models = (body as { models: Record<string, unknown>[] }).models;
  const entry = models.find((m) => m.slug === probe.model);
  if (!entry) return unusable(`it lists no entry for "${probe.model}" (it lists ${models.map((m) => JSON.stringify(m.slug)).slice(0, 5).join(', ') || 'none'})`, evidence);
  const patchType = isRecord(entry) && typeof entry.apply_patch_tool_type === 'string' ? entry.apply_patch_tool_type : undefined;
  if (!patchType) {
    return {
      findings: [finding('model.catalog-no-apply-patch', 'model', 'warning', `the model catalog's entry for "${probe.model}" sets no apply_patch_tool_type, so Codex offers no apply_patch tool: it cannot edit files with patches`, evidence, 'set apply_patch_tool_type = "freeform" in the entry')],
      verified: [`the model catalog at ${probe.url} lists "${probe.model}" in Codex's shape`],
    };
  }
  return { findings: [], verified: [`the model catalog at ${probe.url} lists "${probe.model}" in Codex's shape (apply_patch: ${patchType})`] };
}
