// A relay built on new-api (or its parent one-api), the gateways many Chinese relays run: a model
// no channel of the caller's group serves is refused before any upstream is called, with HTTP 503
// and the gateway's own Chinese message, `{"error":{"message":"当前分组 default 下对于模型 gpt-5.5
// 无可用渠道 (request id: …)","type":"new_api_error","code":""}}` (middleware/distributor.go).
// Served models are named as the operator's channels name them, here `gpt-5.5-codex`.
import { http, HttpResponse, type RequestHandler } from 'msw';
import { isRecord } from '../checks/check.ts';
import { modelsHandler, responsesHandler } from './reference-relay.ts';
import { chatCompletionsHandler } from './chat-completions.ts';
import { type RelayOptions, gateHandlers } from './relay-options.ts';

export const NEW_API_MODELS = ['gpt-5.5-codex', 'gpt-5.1-codex', 'gpt-4.1'];
/** new-api appends the request id to every message; a fixed one keeps the bytes reproducible. */
const REQUEST_ID = '20261202063000123456789';

export function noChannelMessage(model: string): string {
  return `当前分组 default 下对于模型 ${model} 无可用渠道 (request id: ${REQUEST_ID})`;
}

/** The reference relay serving NEW_API_MODELS, refusing every other model with `status`. */
export function newApiHandlers(status: 503 | 400, opts: RelayOptions = {}): RequestHandler[] {
  const models = opts.models ?? NEW_API_MODELS;
  const noChannel = http.post('*/v1/responses', async ({ request }) => {
    const model = requestedModel(await request.clone().text());
    if (model === undefined || models.includes(model)) return undefined;
    return HttpResponse.json({ error: { message: noChannelMessage(model), type: 'new_api_error', code: '' } }, { status, headers: { 'x-oneapi-request-id': REQUEST_ID } });
  });
  // The key is checked before the model, as new-api authenticates first.
  const served = { ...opts, models };
  return [...gateHandlers(opts), noChannel, responsesHandler(served), chatCompletionsHandler(served), modelsHandler(served)];
}

function requestedModel(bodyText: string): string | undefined {
  try {
    const body: unknown = JSON.parse(bodyText);
    return isRecord(body) && typeof body.model === 'string' ? body.model : undefined;
  } catch {
    return undefined;
  }
}
