// What Codex needs from a relay's WebSocket transport (provider `supports_websockets = true`), as
// measured on 0.171.0 and 0.169.0 (docs/codex-ground-truth.md, "WebSocket transport"). Declared
// required; a run whose provider does not use WebSockets reports them as recommended
// (websocket/websocket-severity.ts).
import { CheckId } from './ids.ts';
import { type Check, type Observer, type Outcome, excerpt, isRecord } from './check.ts';
import type { ExchangeEnd, StreamEvent } from '../exchange/exchange-end.ts';
import { CODEX_DEFAULT_RETRIES, codexBackoffMs } from '../retry/codex-retry-rules.ts';
import type { SilentSocketEffect } from '../report/model.ts';

export const PREVIOUS_RESPONSE_NOT_FOUND = 'previous_response_not_found';

/**
 * How long a refused upgrade costs Codex before it falls back to HTTPS: the prewarm's attempt, the
 * turn's, then one per stream retry with Codex's backoff (measured 404/405: 7 attempts, ~6.3-6.6 s
 * with the default 5 retries; 2 attempts, ~0.1-0.2 s with stream_max_retries = 0).
 */
export function upgradeFallbackMs(streamMaxRetries: number): number {
  let total = 0;
  for (let retry = 1; retry <= streamMaxRetries; retry++) total += codexBackoffMs(retry);
  return total;
}

/** The verdict's sentence for a refused upgrade. */
export function fallbackSentence(streamMaxRetries: number): string {
  const ms = upgradeFallbackMs(streamMaxRetries);
  return ms === 0 ? 'Codex falls back to HTTPS at once, with a warning, on every session start' : `Codex falls back to HTTPS after about ${(ms / 1000).toFixed(1)} s on every session start`;
}

/**
 * Measured on 0.171.0 and 0.169.0 (docs/codex-ground-truth.md, "The built-in provider aimed at a
 * relay"): through that provider a socket that accepts and never answers holds the turn past 660 s,
 * with no fallback to HTTPS; a custom provider falls back after its idle timeout.
 */
export const SILENT_SOCKET_HANGS = "Codex's built-in provider never falls back from a silent socket: every turn hangs";

/** What Codex does on a silent socket, in words: the verdict's reason for a case with `silentSocket`. */
export const SILENT_SOCKET_SENTENCE: Readonly<Record<SilentSocketEffect, string>> = {
  hangs: SILENT_SOCKET_HANGS,
  'falls-back': 'a custom provider falls back to HTTPS after its idle timeout (stream_idle_timeout_ms), with a warning, on every session start',
};

/** The socket upgraded and the frame got not one event before the idle timeout (or the deadline). */
export function silentSocket(end: ExchangeEnd): boolean {
  return end.head?.status === 101 && end.events === 0 && (end.ending === 'idle' || end.ending === 'deadline');
}

export const websocketUpgrade: Check = {
  id: CheckId.websocketUpgrade,
  severity: 'required',
  title: 'GET {base_url}/responses upgrades to a WebSocket, or says 426',
  requirement:
    'The WebSocket upgrade is answered 101, or 426 (Codex then uses HTTPS at once and silently); a 404, 405 or other refusal makes Codex retry the upgrade and warn "Falling back from WebSockets to HTTPS transport" seconds later, on every session start.',
  observe(context) {
    const retries = context.codexRetries?.streamMaxRetries ?? CODEX_DEFAULT_RETRIES.streamMaxRetries;
    return {
      end(end) {
        if (!end.head) return { status: 'fail', message: `the upgrade got no answer (${end.error?.message ?? 'no response'}): Codex waits on it, then falls back to HTTPS`, failures: [{ message: 'no upgrade answer', expected: '101 or 426', actual: end.error?.kind ?? 'none' }] };
        const status = end.head.status;
        if (status === 101) return { status: 'pass', message: 'upgraded (101)' };
        if (status === 426) return { status: 'pass', message: '426: Codex uses HTTPS at once, without a warning' };
        return { status: 'fail', message: `the upgrade got HTTP ${status}: ${fallbackSentence(retries)}`, failures: [{ message: `HTTP ${status} on the upgrade`, expected: '101, or 426 to say "use HTTPS"', actual: status }] };
      },
    };
  },
};

function errorCode(event: StreamEvent | undefined): string | undefined {
  const json = event?.json;
  if (!isRecord(json)) return undefined;
  if (isRecord(json.error) && typeof json.error.code === 'string') return json.error.code;
  return typeof json.code === 'string' ? json.code : undefined;
}

/** An observer for a frame's answer on an open socket: `judge` sees how it ended and its first error event. */
function onSocket(judge: (end: ExchangeEnd, error: StreamEvent | undefined) => Outcome): Observer {
  let error: StreamEvent | undefined;
  return {
    event(event) {
      if (!error && event.type === 'error') error = event;
    },
    end(end) {
      if (end.head?.status !== 101) return { status: 'skip', message: end.head ? `the upgrade got HTTP ${end.head.status} (see websocket.upgrade)` : 'no socket' };
      return judge(end, error);
    },
  };
}

export const websocketPrewarm: Check = {
  id: CheckId.websocketPrewarm,
  severity: 'required',
  title: 'A prewarm frame (generate:false) is answered with a completed response',
  requirement:
    'Codex opens every socket with a response.create frame carrying generate:false and chains its turn to the response id that answers it: the relay answers it with response.completed (no output needed) and an id.',
  observe(context) {
    return onSocket((end, error) => {
      if (silentSocket(end)) {
        const effect = SILENT_SOCKET_SENTENCE[context.staysOnSilentSocket ? 'hangs' : 'falls-back'];
        return { status: 'fail', message: `the prewarm got no answer (${end.ending}): ${effect}`, failures: [{ message: 'prewarm not answered', expected: 'response.completed with an id', actual: `nothing (${end.ending})` }] };
      }
      const response = end.terminal && isRecord(end.terminal.json) && isRecord(end.terminal.json.response) ? end.terminal.json.response : undefined;
      if (end.terminal?.type === 'response.completed' && typeof response?.id === 'string') return { status: 'pass', message: `completed as ${excerpt(response.id, 60)}` };
      const got = error ? `an error event (${excerpt(error.json, 160)})` : end.terminal ? `${end.terminal.type}` : `no terminal event (${end.ending})`;
      return { status: 'fail', message: `the prewarm got ${got}: Codex's turn on this socket fails and it reconnects`, failures: [{ message: 'prewarm not completed', expected: 'response.completed with an id', actual: got }] };
    });
  },
};

export const websocketPreviousResponseKept: Check = {
  id: CheckId.websocketPreviousResponseKept,
  severity: 'required',
  title: 'A frame chained by previous_response_id continues the conversation',
  requirement:
    'Codex sends each request after the first on a socket with previous_response_id and only the new items (store:false or not): the relay keeps the socket\'s earlier responses; previous_response_not_found makes Codex reconnect and resend the whole conversation (with stream_max_retries = 0 it falls back to HTTPS).',
  observe() {
    return onSocket((end, error) => {
      if (errorCode(error) === PREVIOUS_RESPONSE_NOT_FOUND) {
        return {
          status: 'fail',
          message: 'the relay lost the previous response of this socket (previous_response_not_found): Codex reconnects and resends the whole conversation on every such turn',
          failures: [{ message: 'previous response not kept', eventIndex: error!.index, expected: 'the turn answered', actual: excerpt(error!.json, 200) }],
        };
      }
      if (error) return { status: 'pass', message: 'no previous_response_not_found (another error: see the stream checks)' };
      // Nothing came back: the stream checks judge that; it is no lost conversation.
      if (!end.terminal) return { status: 'pass', message: `no previous_response_not_found (no answer: ${end.ending}; see the stream checks)` };
      return { status: 'pass', message: 'the chained frame was answered' };
    });
  },
};

export const websocketUnknownPreviousResponse: Check = {
  id: CheckId.websocketUnknownPreviousResponse,
  severity: 'required',
  title: 'An unknown previous_response_id gets previous_response_not_found',
  requirement:
    'A frame naming a previous_response_id the socket never answered gets an error event with code previous_response_not_found, which Codex recovers from by resending the full conversation; answering it anyway loses the earlier turns without a word.',
  observe() {
    return onSocket((end, error) => {
      const code = errorCode(error);
      if (code === PREVIOUS_RESPONSE_NOT_FOUND) return { status: 'pass', message: 'previous_response_not_found, as Codex expects' };
      const got = error ? `an error event with code ${code ?? 'none'}` : end.terminal ? `${end.terminal.type}: the relay answered without the conversation before it` : `no answer (${end.ending})`;
      return { status: 'fail', message: `an unknown previous_response_id got ${got}`, failures: [{ message: 'unknown previous_response_id', expected: `error event, code ${PREVIOUS_RESPONSE_NOT_FOUND}`, actual: got }] };
    });
  },
};

export const websocketLargeFrame: Check = {
  id: CheckId.websocketLargeFrame,
  severity: 'required',
  title: 'A large response.create frame is accepted',
  requirement:
    'A long conversation resent whole (after a reconnect, or on a first turn with big files in context) is one frame of megabytes: the relay accepts it and answers, instead of closing the socket (1009 "message too big") or failing the turn.',
  observe() {
    return onSocket((end, error) => {
      if (end.terminal?.type === 'response.completed') return { status: 'pass', message: `answered (${end.events} frames)` };
      const got = error ? `an error event (${excerpt(error.json, 160)})` : (end.error?.message ?? `no terminal event (${end.ending})`);
      return { status: 'fail', message: `the large frame was not answered: ${got}`, failures: [{ message: 'large frame refused', expected: 'response.completed', actual: got }] };
    });
  },
};

export const websocketChecks: Check[] = [websocketUpgrade, websocketPrewarm, websocketPreviousResponseKept, websocketUnknownPreviousResponse, websocketLargeFrame];
