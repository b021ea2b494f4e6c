// Relays that break one configuration-dependent request shape (harness/codex/request-shapes.ts) the
// way strict gateways and translating relays do in the wild: they serve every ordinary turn like
// the reference relay. What Codex does with each is in docs/codex-ground-truth.md ("Request shapes").
import { isRecord, parseJson } from '../checks/check.ts';
import type { FaultPerRequest, ResponsesFault } from './reference-relay.ts';
import type { ResponsesRequest } from './reply-policy.ts';
import { ADDITIONAL_TOOLS_ITEM, replyFor } from './reply-policy.ts';

const inputOf = (request: ResponsesRequest): Record<string, unknown>[] => (Array.isArray(request.input) ? request.input.filter(isRecord) : []);
const invalidRequest = (message: string, code: string, param: string) => ({ status: 400, error: { message, type: 'invalid_request_error', code, param } });

/** A strict gateway that knows no service_tier (real ones answer exactly this). */
export const serviceTierRefused: ResponsesFault = {
  refuse: (request) => ('service_tier' in request ? invalidRequest('Unsupported parameter: service_tier', 'unsupported_parameter', 'service_tier') : undefined),
};

/** A relay that validates input items against the public schema: Codex's metadata field on them is unknown. */
export const metadataPassthroughRefused: ResponsesFault = {
  refuse: (request) => {
    const at = inputOf(request).findIndex((item) => 'internal_chat_message_metadata_passthrough' in item);
    return at < 0 ? undefined : invalidRequest(`Unknown parameter: 'input[${at}].internal_chat_message_metadata_passthrough'.`, 'unknown_parameter', `input[${at}].internal_chat_message_metadata_passthrough`);
  },
};

/** A text-only upstream: an input_image content part is refused. */
export const imageInputRefused: ResponsesFault = {
  refuse: (request) =>
    inputOf(request).some((item) => Array.isArray(item.content) && item.content.some((part) => isRecord(part) && part.type === 'input_image'))
      ? invalidRequest('Invalid content type: image inputs are not supported by this model.', 'invalid_value', 'input')
      : undefined,
};

/** A relay that translates requests item by item and drops the types it does not know: the
 * additional_tools item goes, so the model answers as if no tool were offered. */
export const liteToolsDropped: FaultPerRequest = (bodyText) => {
  const request = parseJson(bodyText);
  if (!isRecord(request) || !Array.isArray(request.input) || !request.input.some((item) => isRecord(item) && item.type === ADDITIONAL_TOOLS_ITEM)) return {};
  const translated = { ...(request as ResponsesRequest), input: request.input.filter((item) => !(isRecord(item) && item.type === ADDITIONAL_TOOLS_ITEM)) };
  return { reply: () => replyFor(translated) };
};
