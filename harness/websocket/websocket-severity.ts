// The websocket checks matter only to a user whose Codex speaks WebSocket to the relay (provider
// `supports_websockets = true`): for them a failure costs seconds or turns (required); for anyone
// else the relay's socket is never opened, so a failure is advice (recommended).
import type { Severity } from '../model.ts';

export function reportedSeverity(declared: Severity, websocketsRequired: boolean): Severity {
  if (websocketsRequired) return declared;
  return 'recommended';
}
