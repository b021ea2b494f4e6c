// The websocket checks matter only to a user whose Codex speaks WebSocket to the relay (provider
// `supports_websockets = true`): for them a failure costs seconds or turns (required); for anyone
// else the relay's socket is never opened, so a failure is advice (recommended).
import { CheckId } from '../checks/ids.ts';
import type { Severity } from '../report/model.ts';
import { CODEX_DEFAULT_RETRIES } from '../retry/codex-retry-rules.ts';

export interface WebSocketSeverityContext {
  websocketsRequired: boolean;
  /** Codex's stream_max_retries the run models; Codex's default when the run models none. */
  streamMaxRetries?: number;
}

export function reportedSeverity(checkId: string, declared: Severity, context: WebSocketSeverityContext): Severity {
  if (!context.websocketsRequired) return 'recommended';
  // Measured on 0.171.0 and 0.169.0 (docs/codex-ground-truth.md, "WebSocket transport"): with stream
  // retries left, a relay that loses previous_response_id state costs a silent reconnect and a resend
  // of the whole conversation, and the turn completes; only with stream_max_retries = 0 does Codex
  // fall back to HTTPS with a warning.
  const retries = context.streamMaxRetries ?? CODEX_DEFAULT_RETRIES.streamMaxRetries;
  if (checkId === CheckId.websocketPreviousResponseKept && retries > 0) return 'recommended';
  return declared;
}
