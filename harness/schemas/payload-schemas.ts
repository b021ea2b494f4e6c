// The payload schemas (Response, error body, one per stream event type, Responses and Chat requests, Chat answers, Codex's model catalog) and the ref of
// each, shared by the build-time compiler (compile-validators.ts) and the validation that uses it.
import usageSchema from './usage.schema.json' with { type: 'json' };
import contentSchema from './content.schema.json' with { type: 'json' };
import outputItemSchema from './output-item.schema.json' with { type: 'json' };
import responseSchema from './response.schema.json' with { type: 'json' };
import errorEnvelopeSchema from './error-envelope.schema.json' with { type: 'json' };
import chatSchema from './chat-completions.schema.json' with { type: 'json' };
import responsesRequestSchema from './responses-request.schema.json' with { type: 'json' };
import modelCatalogSchema from './model-catalog.schema.json' with { type: 'json' };
import lifecycleEvents from './events-lifecycle.schema.json' with { type: 'json' };
import outputEvents from './events-output.schema.json' with { type: 'json' };
import reasoningEvents from './events-reasoning.schema.json' with { type: 'json' };
import toolCallEvents from './events-tool-calls.schema.json' with { type: 'json' };
import hostedToolEvents from './events-hosted-tools.schema.json' with { type: 'json' };
import audioEvents from './events-audio.schema.json' with { type: 'json' };

interface EventSchemaFile {
  $id: string;
  $defs: Record<string, unknown>;
}

export const PAYLOAD_SCHEMAS = [usageSchema, contentSchema, outputItemSchema, responseSchema, errorEnvelopeSchema, chatSchema, responsesRequestSchema, modelCatalogSchema];
export const EVENT_SCHEMAS: EventSchemaFile[] = [lifecycleEvents, outputEvents, reasoningEvents, toolCallEvents, hostedToolEvents, audioEvents];

export const RESPONSE_REF: string = responseSchema.$id;
export const ERROR_ENVELOPE_REF: string = errorEnvelopeSchema.$id;
export const RESPONSES_REQUEST_REF: string = responsesRequestSchema.$id;
export const MODEL_CATALOG_REF: string = modelCatalogSchema.$id;
export const CHAT_COMPLETION_REF = `${chatSchema.$id}#/$defs/completion`;
export const CHAT_CHUNK_REF = `${chatSchema.$id}#/$defs/chunk`;
export const CHAT_REQUEST_REF = `${chatSchema.$id}#/$defs/request`;

/** Event type → the ref of its schema. */
export const EVENT_REFS: ReadonlyMap<string, string> = new Map(EVENT_SCHEMAS.flatMap((file) => Object.keys(file.$defs).map((type) => [type, `${file.$id}#/$defs/${type}`] as const)));

/** Every ref a payload is validated against. */
export function payloadRefs(): string[] {
  return [RESPONSE_REF, ERROR_ENVELOPE_REF, RESPONSES_REQUEST_REF, MODEL_CATALOG_REF, CHAT_COMPLETION_REF, CHAT_CHUNK_REF, CHAT_REQUEST_REF, ...EVENT_REFS.values()];
}
