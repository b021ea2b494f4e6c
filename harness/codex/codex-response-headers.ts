// The response headers of POST /responses (and of the WebSocket upgrade's 101) that the Codex binary
// reads, and what it was measured to do when a relay sends one (docs/codex-ground-truth.md, "Response
// headers"; 0.169.0 and 0.171.0 alike unless said). One table: the run's header observations and the headers check both take it from here.

/** What Codex does with a header, as measured on the binary. */
export type CodexHeaderEffect =
  /** `openai-model` ≠ the requested model: two warnings on every turn ("model rerouted: A -> B", an account flag), the turn completes. */
  | 'warns-model-rerouted'
  /** `x-models-etag` ≠ the ETag of model_catalog_url: Codex GETs the catalog again after that response (nothing without a catalog). */
  | 'refetches-model-catalog'
  /** `x-codex-turn-state`: sent back as a request header on the turn's next request (the tool-output follow-up), not on the next turn. */
  | 'sent-back-in-turn'
  /** `x-codex-websocket-max-message-bytes` on the 101: 0.171.0 sends a request whose frame would be larger over HTTPS instead (no warning); 0.169.0 ignores it. */
  | 'moves-large-frames-to-https'
  /** Read by the binary (it holds the name), but a turn that carries it shows nothing and changes nothing measured. */
  | 'none-observed';

export interface CodexReadHeader {
  /** Lower-case header name, or a prefix when `prefix` is set (a family such as `x-codex-credits-`). */
  name: string;
  prefix?: boolean;
  effect: CodexHeaderEffect;
}

export const CODEX_READ_HEADERS: readonly CodexReadHeader[] = [
  { name: 'openai-model', effect: 'warns-model-rerouted' },
  { name: 'x-models-etag', effect: 'refetches-model-catalog' },
  { name: 'x-codex-turn-state', effect: 'sent-back-in-turn' },
  { name: 'x-codex-websocket-max-message-bytes', effect: 'moves-large-frames-to-https' },
  { name: 'x-reasoning-included', effect: 'none-observed' },
  { name: 'x-codex-rate-limit-reached-type', effect: 'none-observed' },
  { name: 'x-codex-active-limit', effect: 'none-observed' },
  { name: 'x-codex-promo-message', effect: 'none-observed' },
  { name: 'x-codex-credits-', prefix: true, effect: 'none-observed' },
  { name: 'x-codex-primary-', prefix: true, effect: 'none-observed' },
  { name: 'x-codex-secondary-', prefix: true, effect: 'none-observed' },
];

/** The entry for a (lower-case) response header name, if Codex reads it. */
export function codexReadHeader(name: string): CodexReadHeader | undefined {
  return CODEX_READ_HEADERS.find((h) => (h.prefix ? name.startsWith(h.name) : name === h.name));
}

/** Codex's warnings when `openai-model` names another model than the request (measured, both releases). */
export function reroutedWarning(requested: string, served: string): string {
  return `model rerouted: ${requested} -> ${served}`;
}
