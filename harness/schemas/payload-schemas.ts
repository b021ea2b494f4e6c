// The Responses API payload schemas (Response, error body, one per stream event type) and the ref of
// each, shared by the build-time compiler (compile-validators.ts) and the validation that uses it.
import usageSchema from './usage.schema.json' with { type: 'json' };
import contentSchema from './content.schema.json' with { type: 'json' };
import outputItemSchema from './output-item.schema.json' with { type: 'json' };
import responseSchema from './response.schema.json' with { type: 'json' };
import errorEnvelopeSchema from './error-envelope.schema.json' with { type: 'json' };
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

export const PAYLOAD_SCHEMAS = [usageSchema, contentSchema, outputItemSchema, responseSchema, errorEnvelopeSchema];
export const EVENT_SCHEMAS: EventSchemaFile[] = [lifecycleEvents, outputEvents, reasoningEvents, toolCallEvents, hostedToolEvents, audioEvents];

export const RESPONSE_REF: string = responseSchema.$id;
export const ERROR_ENVELOPE_REF: string = errorEnvelopeSchema.$id;

/** Event type → the ref of its schema. */
export const EVENT_REFS: ReadonlyMap<string, string> = new Map(EVENT_SCHEMAS.flatMap((file) => Object.keys(file.$defs).map((type) => [type, `${file.$id}#/$defs/${type}`] as const)));

/** Every ref a payload is validated against. */
export function payloadRefs(): string[] {
  return [RESPONSE_REF, ERROR_ENVELOPE_REF, ...EVENT_REFS.values()];
}
