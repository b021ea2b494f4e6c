// The doctor's model-catalog step, when the provider sets model_catalog_url: the catalog fetched and
// judged as Codex reads it (harness/catalog/model-catalog.ts), told as a finding with the fix.
import type { HttpClient } from '../http/http-client.ts';
import { finding, type Finding } from '../codex-config/finding.ts';
import { type CatalogRequest, CATALOG_FALLBACK, CATALOG_NO_APPLY_PATCH, answerEvidence, fetchModelCatalog, judgeModelCatalog, readingOf } from '../catalog/model-catalog.ts';

export interface CatalogProbe extends CatalogRequest {
  model: string;
}

const FIX = 'serve Codex\'s own {"models":[…]} shape with an entry for the model (slug, display_name, supported_reasoning_levels, shell_type, visibility, supported_in_api, priority, support_verbosity, truncation_policy, experimental_supported_tools, model_messages.instructions_template, and apply_patch_tool_type = "freeform"), or remove model_catalog_url';

export async function diagnoseModelCatalog(client: HttpClient, probe: CatalogProbe): Promise<{ findings: Finding[]; verified: string[] }> {
  const answer = await fetchModelCatalog(client, probe);
  const evidence = [answerEvidence(answer)];
  const judged = judgeModelCatalog(readingOf(answer), probe.model);
  switch (judged.kind) {
    case 'unreadable':
    case 'no-entry':
      return {
        findings: [finding('model.catalog-unusable', 'model', 'error', `Codex cannot use the model catalog at ${probe.url}: ${judged.why}. ${CATALOG_FALLBACK} ("Model metadata for \`${probe.model}\` not found. Defaulting to fallback metadata")`, evidence, FIX)],
        verified: [],
      };
    case 'no-apply-patch':
      return {
        findings: [finding('model.catalog-no-apply-patch', 'model', 'warning', `the model catalog's entry for "${probe.model}" sets no apply_patch_tool_type, so ${CATALOG_NO_APPLY_PATCH}`, evidence, 'set apply_patch_tool_type = "freeform" in the entry')],
        verified: [`the model catalog at ${probe.url} lists "${probe.model}" in Codex's shape`],
      };
    case 'usable':
      return { findings: [], verified: [`the model catalog at ${probe.url} lists "${probe.model}" in Codex's shape (apply_patch: ${judged.applyPatch})`] };
  }
}
