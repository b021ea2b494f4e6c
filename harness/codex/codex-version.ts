// The Codex CLI release relaycheck models by default (docs/codex-ground-truth.md). Changing it means
// re-running the ground truth with `npm run codex:drift`: Codex's requests and stream parsing change
// between releases. Older releases relaycheck still models are in codex-profile.ts.
export const CODEX_VERSION = '0.171.0';
