// The run's response-header observations (report.headers) in words, one line each, shared by the
// console, Markdown and HTML reports. The value is the relay's, quoted inert (relayWords).
import type { CodexHeaderEffect } from '../codex/codex-response-headers.ts';
import type { HeaderObservation } from './model.ts';
import { relayWords } from './plain-text.ts';

/** What Codex does with the header, as measured (docs/codex-ground-truth.md). */
export const HEADER_EFFECT_MEANING: Record<CodexHeaderEffect, string> = {
  'warns-model-rerouted': 'Codex warns on every turn that the model was rerouted to it ("model rerouted: …" and an account warning); the turn completes',
  'refetches-model-catalog': "with model_catalog_url set, Codex fetches the catalog again after every answer whose x-models-etag differs from the catalog's ETag; without a catalog nothing happens",
  'sent-back-in-turn': "Codex sends it back as a request header on the turn's next request (the tool-output follow-up)",
  'moves-large-frames-to-https': 'Codex 0.171.0 sends a request whose WebSocket frame would be larger over HTTPS instead, without a warning (0.169.0 ignores it)',
  'none-observed': 'Codex reads it; no effect observed on a turn (0.169.0, 0.171.0)',
};

export const HEADERS_HEADING = 'Response headers Codex reads';

export function headerObservationLine(o: HeaderObservation): string {
  return `${o.name}: ${relayWords(o.value, 100)} on ${o.answers} answer${o.answers === 1 ? '' : 's'}: ${HEADER_EFFECT_MEANING[o.effect]}`;
}
