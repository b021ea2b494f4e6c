// Relays that say no: an HTTP error instead of a stream, or a stream that ends the turn in failure
// (response.failed with an OpenAI error code, response.incomplete, an `error` event), optionally with
// the socket kept open afterwards. Codex's reaction to each is in docs/codex-ground-truth.md.
import type { OpenAiErrorFields } from './openai-error.ts';
import type { ResponsesFault, StreamPlan } from './reference-relay.ts';
import { type ResponseObject, type UnnumberedEvent, failedEvent, numberEvents } from './stream-builder.ts';

/** How long a relay holds the socket after failing: past Codex's 300 s idle timeout, so the harm shows. */
export const HOLD_OPEN_MS = 600_000;

const START_TYPES = new Set(['response.created', 'response.in_progress']);

/** Every /responses request is answered with this HTTP error (the errors of a bad body or an unknown model come first). */
export function refuseWith(status: number, error: OpenAiErrorFields, headers?: Record<string, string>): ResponsesFault {
  return { refuse: () => ({ status, error, ...(headers ? { headers } : {}) }) };
}

/** The stream opens (created, in_progress), then ends the turn with `failure` instead of an answer. */
function failTurn(failure: (response: ResponseObject) => UnnumberedEvent, holdOpenMs = 0): ResponsesFault {
  return {
    stream: (plan: StreamPlan) => {
      const start = plan.events.filter((event) => START_TYPES.has(event.type));
      const ending = numberEvents([failure(start[0]!.response as ResponseObject)], start.at(-1)!.sequence_number + 1);
      return { ...plan, events: [...start, ...ending], holdOpenMs };
    },
  };
}

/** response.failed with an OpenAI error code; `holdOpenMs` keeps the socket open afterwards. */
export function failedWith(code: string, message: string, holdOpenMs = 0): ResponsesFault {
  return failTurn((response) => failedEvent(response, { code, message }), holdOpenMs);
}

/** The turn fails (response.failed, server_error) and the relay keeps the socket open afterwards. */
export const failedSocketOpen = failedWith('server_error', 'The upstream model failed while generating the response.', HOLD_OPEN_MS);

/** response.incomplete: the output hit max_output_tokens. */
export const incompleteMaxTokens = failTurn((response) => ({
  type: 'response.incomplete',
  response: { ...response, status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
}));

/** An `error` event (the stream's own error type) instead of response.failed; Codex ignores that type. */
export const errorEvent = failTurn(() => ({ type: 'error', code: 'server_error', message: 'upstream exploded', param: null }));
