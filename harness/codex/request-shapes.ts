// Request shapes Codex sends only for some configurations, as measured on 0.169.0 and 0.171.0
// (docs/codex-ground-truth.md, "Request shapes"). A relay that cannot pass one through breaks only
// the users whose config puts Codex on it, so the shapes suite's checks are required for those
// shapes and recommended otherwise.
//   - responses-lite: models Codex serves as "Responses Lite" (the bundled gpt-6-astra) send no
//     `tools` but an `additional_tools` input item, with header x-openai-internal-codex-responses-lite;
//   - service-tier: `service_tier = "fast"` sends "priority", `"flex"` sends "flex";
//   - openai-metadata: a provider named exactly "OpenAI" (the built-in one included; not "Azure")
//     puts `internal_chat_message_metadata_passthrough` on every input item;
//   - image-input: `codex exec -i img.png` (or a pasted image) sends an `input_image` content part;
//     no config decides it, so it is never required.
export type RequestShape = 'responses-lite' | 'service-tier' | 'openai-metadata' | 'image-input';

/** Models Codex 0.169.0 and 0.171.0 send the Responses Lite way (from their bundled model metadata). */
export const RESPONSES_LITE_MODELS: readonly string[] = ['gpt-6-astra'];

/** What the user's config sets that decides a shape. */
export interface ShapeSettings {
  providerName?: string | undefined;
  model?: string | undefined;
  serviceTier?: string | undefined;
}

/** The shapes Codex sends through this config, in a stable order. */
export function requestShapesFor(settings: ShapeSettings): RequestShape[] {
  return [
    ...(settings.model !== undefined && RESPONSES_LITE_MODELS.includes(settings.model) ? (['responses-lite'] as const) : []),
    ...(settings.serviceTier === 'fast' || settings.serviceTier === 'flex' ? (['service-tier'] as const) : []),
    ...(settings.providerName === 'OpenAI' ? (['openai-metadata'] as const) : []),
  ];
}

/**
 * Shapes a config puts on every request Codex sends (the image comes with one prompt only): a relay
 * that refuses one fails every turn, so its case decides, like a core case, whether Codex works at all.
 */
export function onEveryRequest(shape: RequestShape): boolean {
  return shape !== 'image-input';
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What in a request body is one of these shapes, in words (what a refusal is blamed on). */
export function shapesInRequest(body: Record<string, unknown>): string[] {
  const input = Array.isArray(body.input) ? body.input.filter(isObject) : [];
  const content = input.flatMap((item) => (Array.isArray(item.content) ? item.content.filter(isObject) : []));
  return [
    ...(input.some((item) => item.type === 'additional_tools') ? ['its tools in an additional_tools input item (Responses Lite), no `tools`'] : []),
    ...(typeof body.service_tier === 'string' ? [`service_tier ${JSON.stringify(body.service_tier).slice(0, 40)}`] : []),
    ...(input.some((item) => 'internal_chat_message_metadata_passthrough' in item) ? ['internal_chat_message_metadata_passthrough on its input items (provider named "OpenAI")'] : []),
    ...(content.some((part) => part.type === 'input_image') ? ['an input_image in a user message'] : []),
  ];
}
