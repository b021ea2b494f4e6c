// The model catalog a simulated relay serves at {base_url}/model-catalog, for a provider whose
// model_catalog_url points there: Codex's own {"models":[…]} shape with an entry per served model
// (the keys Codex needs, measured on 0.169.0 and 0.171.0: docs/codex-ground-truth.md "Model catalog"),
// or one of the ways relays get it wrong.
import { http, HttpResponse, type RequestHandler } from 'msw';
import { openAiErrorResponse } from './openai-error.ts';
import { type RelayOptions, DEFAULT_MODELS } from './relay-options.ts';

/** Where the simulated relays serve their catalog, under the base URL (`…/v1`). */
export const MODEL_CATALOG_PATH = '/model-catalog';

/** An entry Codex accepts for `slug`, with a freeform apply_patch tool. */
export function catalogEntry(slug: string): Record<string, unknown> {
  return {
    slug,
    display_name: slug,
    supported_reasoning_levels: [],
    shell_type: 'shell_command',
    visibility: 'list',
    supported_in_api: true,
    priority: 1,
    support_verbosity: false,
    truncation_policy: { mode: 'tokens', limit: 10_000 },
    experimental_supported_tools: [],
    model_messages: { instructions_template: 'You are Codex, a coding agent. Edit files with apply_patch.' },
    apply_patch_tool_type: 'freeform',
  };
}

export type CatalogFault = 'openai-list' | 'not-found' | 'no-apply-patch';

export function modelCatalogHandler(opts: RelayOptions, fault?: CatalogFault): RequestHandler {
  const models = opts.models ?? DEFAULT_MODELS;
  return http.get(`*/v1${MODEL_CATALOG_PATH}`, () => {
    switch (fault) {
      case 'openai-list':
        return HttpResponse.json({ object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'relaycheck' })) });
      case 'not-found':
        return openAiErrorResponse(404, { message: 'Invalid URL (GET /v1/model-catalog)', code: 'not_found' });
      case 'no-apply-patch':
        return HttpResponse.json({ models: models.map((slug) => ({ ...catalogEntry(slug), apply_patch_tool_type: undefined })) });
      default:
        return HttpResponse.json({ models: models.map(catalogEntry) });
    }
  });
}
