// What every simulated relay can be configured with, and the handlers that apply it before any
// endpoint runs (credentials, time to first byte). Those handlers answer only to refuse; otherwise
// they fall through to the next handler, as msw does with a resolver that returns nothing.
import { http, type RequestHandler } from 'msw';
import { setTimeout as sleep } from 'node:timers/promises';
import { openAiErrorResponse } from './openai-error.ts';
import type { ModelPolicy } from './reply-policy.ts';

export interface RelayOptions extends ModelPolicy {
  /** When set, requests without `authorization: Bearer <apiKey>` get a 401 error envelope. */
  apiKey?: string;
  latency?: {
    /** Delay before the response head. */
    firstByteMs?: number;
    /** Delay between stream events. */
    betweenEventsMs?: number;
  };
  /** Clock for created_at, in Unix seconds (tests pin it for reproducible bytes). */
  now?: () => number;
}

export const unixNow = (): number => Math.floor(Date.now() / 1000);

export const DEFAULT_MODELS = ['gpt-5.5', 'gpt-5.1-codex', 'gpt-5.1', 'gpt-4.1'];

export function gateHandlers(opts: RelayOptions): RequestHandler[] {
  const gates: RequestHandler[] = [];
  const { apiKey } = opts;
  if (apiKey !== undefined) {
    gates.push(
      http.all('*', ({ request }) => {
        const given = request.headers.get('authorization');
        if (given === `Bearer ${apiKey}`) return undefined;
        const message = given ? 'Incorrect API key provided.' : "You didn't provide an API key. Send it as `Authorization: Bearer <key>`.";
        return openAiErrorResponse(401, { message, code: 'invalid_api_key' });
      }),
    );
  }
  const firstByteMs = opts.latency?.firstByteMs;
  if (firstByteMs) {
    gates.push(
      http.all('*', async ({ request }) => {
        // Aborted when the client leaves or the server closes, so the timer never outlives them.
        await sleep(firstByteMs, undefined, { signal: request.signal }).catch(() => undefined);
        return undefined;
      }),
    );
  }
  return gates;
}
