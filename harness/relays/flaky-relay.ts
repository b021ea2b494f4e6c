// A relay that fails every other request to /responses with a 500 error envelope and otherwise
// answers as the reference relay (optionally with one fault). It is what `run --repeat` must call
// flaky: the same case passes on one try and fails on the next.
import { http, type RequestHandler } from 'msw';
import { openAiErrorResponse } from './openai-error.ts';
import { referenceHandlers, type ResponsesFault } from './reference-relay.ts';
import { gateHandlers, type RelayOptions } from './relay-options.ts';

export interface FlakyRelayOptions extends RelayOptions {
  /** Every n-th request to /responses fails (default 2: every other one), counting from the first. */
  failEvery?: number;
  /** Which request fails first: 1 fails the first, 0 (default) lets it through. */
  offset?: number;
  fault?: ResponsesFault;
}

export function flakyHandlers(opts: FlakyRelayOptions = {}): RequestHandler[] {
  const every = Math.max(1, opts.failEvery ?? 2);
  let count = opts.offset ?? 0;
  const flaky = http.post('*/v1/responses', () => {
    count++;
    if (count % every !== 0) return undefined; // falls through to the reference handler
    return openAiErrorResponse(500, { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', code: 'server_error' });
  });
  // Credentials and latency apply first, once: only requests the relay would serve count.
  return [...gateHandlers(opts), flaky, ...referenceHandlers({ ...opts, apiKey: undefined, latency: { betweenEventsMs: opts.latency?.betweenEventsMs } }, opts.fault)];
}
