// Relays that put on their answers a response header the Codex binary reads
// (codex/codex-response-headers.ts): a renamed model, an upstream's rate-limit, credits, catalog,
// turn-state or reasoning header passed through. What Codex does with each was measured on
// 0.169.0 and 0.171.0 (docs/codex-ground-truth.md, "Response headers").
import type { ResponsesFault } from './reference-relay.ts';

/** The reference relay's answers with `extra` headers set (replacing its own of the same name). */
export function sendsHeaders(extra: Record<string, string>): ResponsesFault {
  return { headers: (headers) => ({ ...headers, ...extra }) };
}

/** A relay that serves the turn from another model and says so (or passes its upstream's header through). */
export const REROUTED_TO = 'gpt-4o-mini';

export const HEADER_FAULTS = {
  modelRerouted: sendsHeaders({ 'openai-model': REROUTED_TO }),
  rateLimitReached: sendsHeaders({ 'x-codex-rate-limit-reached-type': 'rate_limit_reached', 'x-codex-primary-used-percent': '100', 'x-codex-primary-window-minutes': '300', 'x-codex-primary-reset-after-seconds': '600' }),
  creditsExhausted: sendsHeaders({ 'x-codex-credits-has-credits': 'false', 'x-codex-credits-unlimited': 'false', 'x-codex-credits-balance': '0' }),
  modelsEtag: sendsHeaders({ 'x-models-etag': 'relay-catalog-v2' }),
  turnState: sendsHeaders({ 'x-codex-turn-state': 'relay-turn-state-1' }),
  reasoningIncluded: sendsHeaders({ 'x-reasoning-included': 'true' }),
} satisfies Record<string, ResponsesFault>;
