// The Codex CLI release relaycheck's ground truth was measured against (docs/codex-ground-truth.md).
// Changing it means re-running the ground truth: Codex's stream parsing changes between releases.
export const CODEX_VERSION = '0.169.0';
