// Relays as users meet them when they wire one into Codex, for `relaycheck doctor`: each is the
// reference relay behind one obstacle the doctor must name and, where it can, fix — a model name
// prefix, a key gate (or one that reads another header), an HTML page, a redirect, Chat only.
import { http, HttpResponse, type RequestHandler } from 'msw';
import { referenceHandlers } from './reference-relay.ts';
import type { RelayOptions } from './relay-options.ts';
import { getRelay } from './catalogue.ts';
import { openAiErrorResponse } from './openai-error.ts';
import type { ServeOptions } from './serve-handlers.ts';
import { type RunningRelay, type SimulatedRelayBase, serveRelay } from './simulated-relay.ts';

/** Where the redirect scenario really serves the API. */
export const REDIRECTED_PREFIX = '/api';

const CLOUDFLARE_CHALLENGE = `<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title><meta http-equiv="refresh" content="390"></head><body><div class="main-wrapper"><h1>relay.example.com</h1><p>Verifying you are human. This may take a few seconds.</p><noscript>Enable JavaScript and cookies to continue</noscript><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1?ray=8f1e2d3c4b5a6978"></script></div></body></html>`;
const LOGIN_PAGE = `<!doctype html><html><head><title>Sign in · Relay Console</title></head><body><form action="/login" method="post"><input name="email" type="email"><input name="password" type="password"><button>Log in</button></form></body></html>`;
const SCENARIO_KEY = 'sk-doctor-scenario-key';

/** One object per scenario, in the shape of every simulated relay. */
export const DOCTOR_RELAYS = [
  { name: 'reference', description: 'The reference relay: nothing for the doctor to fix', handlers: (opts: RelayOptions = {}) => referenceHandlers(opts) },
  { name: 'prefix-required', description: 'Serves models only as openai/<name> (the model-needs-prefix relay)', handlers: (opts: RelayOptions = {}) => getRelay('model-needs-prefix').handlers(opts) },
  // The reference key gate: 401 "Incorrect API key provided" for any other key.
  { name: 'key-required', description: 'Refuses any request without its bearer key with 401 invalid_api_key', handlers: (opts: RelayOptions = {}) => referenceHandlers({ ...opts, apiKey: opts.apiKey ?? SCENARIO_KEY }) },
  { name: 'key-in-x-api-key', description: 'Reads its key from the x-api-key header, not Authorization', handlers: (opts: RelayOptions = {}) => [xApiKeyGate(opts.apiKey ?? SCENARIO_KEY), ...referenceHandlers({ ...opts, apiKey: undefined })] },
  { name: 'cloudflare-challenge', description: "Behind Cloudflare's bot challenge: every request gets the 403 HTML page", handlers: () => [http.all('*', () => html(403, CLOUDFLARE_CHALLENGE, { server: 'cloudflare', 'cf-ray': '8f1e2d3c4b5a6978-FRA', 'cf-mitigated': 'challenge' }))] },
  { name: 'login-wall', description: "A web console's login page, 200 text/html, for every path", handlers: () => [http.all('*', () => html(200, LOGIN_PAGE, { server: 'nginx' }))] },
  { name: 'redirect', description: `Moves /v1/… permanently (308) to ${REDIRECTED_PREFIX}/v1/…, where the reference relay answers`, handlers: (opts: RelayOptions = {}) => [redirectToPrefix(), ...referenceHandlers(opts)] },
  { name: 'chat-only', description: 'Serves Chat Completions only (the chat-only relay)', handlers: (opts: RelayOptions = {}) => getRelay('chat-only').handlers(opts) },
] as const satisfies readonly SimulatedRelayBase[];

export type DoctorScenario = (typeof DOCTOR_RELAYS)[number]['name'];
export const DOCTOR_SCENARIOS: readonly DoctorScenario[] = DOCTOR_RELAYS.map((relay) => relay.name);

export function isDoctorScenario(name: string): name is DoctorScenario {
  return (DOCTOR_SCENARIOS as readonly string[]).includes(name);
}

/** Serves a scenario on a loopback port; baseUrl is `http://127.0.0.1:PORT/v1`. */
export function startDoctorRelay(name: DoctorScenario, opts: RelayOptions & ServeOptions = {}): Promise<RunningRelay> {
  return serveRelay(DOCTOR_RELAYS.find((relay) => relay.name === name)!, opts);
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
