// Relays as users meet them when they wire one into Codex, for `relaycheck doctor`: each is the
// reference relay behind one obstacle the doctor must name and, where it can, fix — a model name
// prefix, a key gate (or one that reads another header), an HTML page, a redirect, Chat only.
import { http, HttpResponse, type RequestHandler } from 'msw';
import { referenceHandlers } from './reference-relay.ts';
import type { RelayOptions } from './relay-options.ts';
import { getRelay, type RunningRelay } from './catalogue.ts';
import { openAiErrorResponse } from './openai-error.ts';
import { type ServeOptions, serveHandlers } from './serve-handlers.ts';

export const DOCTOR_SCENARIOS = ['reference', 'prefix-required', 'key-required', 'key-in-x-api-key', 'cloudflare-challenge', 'login-wall', 'redirect', 'chat-only'] as const;
export type DoctorScenario = (typeof DOCTOR_SCENARIOS)[number];

/** Where the redirect scenario really serves the API. */
export const REDIRECTED_PREFIX = '/api';

const CLOUDFLARE_CHALLENGE = `<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title><meta http-equiv="refresh" content="390"></head><body><div class="main-wrapper"><h1>relay.example.com</h1><p>Verifying you are human. This may take a few seconds.</p><noscript>Enable JavaScript and cookies to continue</noscript><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1?ray=8f1e2d3c4b5a6978"></script></div></body></html>`;
const LOGIN_PAGE = `<!doctype html><html><head><title>Sign in · Relay Console</title></head><body><form action="/login" method="post"><input name="email" type="email"><input name="password" type="password"><button>Log in</button></form></body></html>`;

export function doctorScenarioHandlers(name: DoctorScenario, opts: RelayOptions = {}): RequestHandler[] {
  switch (name) {
    case 'reference':
      return referenceHandlers(opts);
    case 'prefix-required':
      return getRelay('model-needs-prefix').handlers(opts);
    case 'key-required':
      // The reference key gate: 401 "Incorrect API key provided" for any other key.
      return referenceHandlers({ ...opts, apiKey: opts.apiKey ?? 'sk-doctor-scenario-key' });
    case 'key-in-x-api-key':
      return [xApiKeyGate(opts.apiKey ?? 'sk-doctor-scenario-key'), ...referenceHandlers({ ...opts, apiKey: undefined })];
    case 'cloudflare-challenge':
      return [http.all('*', () => html(403, CLOUDFLARE_CHALLENGE, { server: 'cloudflare', 'cf-ray': '8f1e2d3c4b5a6978-FRA', 'cf-mitigated': 'challenge' }))];
    case 'login-wall':
      return [http.all('*', () => html(200, LOGIN_PAGE, { server: 'nginx' }))];
    case 'redirect':
      return [redirectToPrefix(), ...referenceHandlers(opts)];
    case 'chat-only':
      return getRelay('chat-only').handlers(opts);
  }
}

export function isDoctorScenario(name: string): name is DoctorScenario {
  return (DOCTOR_SCENARIOS as readonly string[]).includes(name);
}

/** Serves a scenario on a loopback port; baseUrl is `http://127.0.0.1:PORT/v1`. */
export async function startDoctorRelay(name: DoctorScenario, opts: RelayOptions & ServeOptions = {}): Promise<RunningRelay> {
  const { host, port, ...relayOptions } = opts;
  const served = await serveHandlers(doctorScenarioHandlers(name, relayOptions), { host, port });
  return { name, baseUrl: `${served.url}/v1`, close: served.close };
}

function xApiKeyGate(apiKey: string): RequestHandler {
  return http.all('*', ({ request }) => {
    if (request.headers.get('x-api-key') === apiKey) return undefined;
    return openAiErrorResponse(401, { message: 'Missing or invalid x-api-key header.', code: 'invalid_api_key' });
  });
}

/** `POST /v1/…` moves permanently to `/api/v1/…` on the same host (308 keeps method and body). */
function redirectToPrefix(): RequestHandler {
  return http.all(/^https?:\/\/[^/]+\/v1\//, ({ request }) => {
    const url = new URL(request.url);
    return new HttpResponse(null, { status: 308, headers: { location: `${REDIRECTED_PREFIX}${url.pathname}${url.search}` } });
  });
}

function html(status: number, body: string, headers: Record<string, string>): Response {
  return new HttpResponse(body, { status, headers: { 'content-type': 'text/html; charset=UTF-8', ...headers } });
}
