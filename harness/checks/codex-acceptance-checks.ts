// Required checks: what Codex needs from the stream to complete a turn and show its output.
import { CheckId } from './ids.ts';
import { relayWords } from '../report/plain-text.ts';
import { FAILURE_CODES_CODEX_STOPS_AT, codexItemProblems, codexReactionToFailure, codexUsageProblems, messageText } from './codex-rules.ts';
import { type Check, FailureList, isTerminalType, excerpt, isRecord, skipUnlessStreamed } from './check.ts';
import type { StreamEvent } from '../exchange/exchange-end.ts';

/** What each of relaycheck's own size bounds limits, as the terminal-event check names it. */
const SIZE_BOUND = { 'byte-limit': 'byte', 'line-too-long': 'line-length', 'event-too-large': 'event-size' } as const;
const completedOf = (terminal: StreamEvent | undefined) => (terminal?.type === 'response.completed' ? terminal : undefined);
const responseOf = (event: StreamEvent): Record<string, unknown> | undefined => {
  const response = isRecord(event.json) ? event.json.response : undefined;
  return isRecord(response) ? response : undefined;
};

export const terminalEvent: Check = {
  id: CheckId.terminalEvent,
  severity: 'required',
  title: 'The stream ends with a terminal event Codex can read',
  requirement:
    'A 200 stream must deliver response.completed (or response.failed / response.incomplete) as a complete SSE event whose data is one JSON document; otherwise Codex reports "stream closed before response.completed" and retries.',
  observe() {
    let unparsedTerminal: StreamEvent | undefined;
    let errorEvent: StreamEvent | undefined;
    let readable: StreamEvent | undefined;
    return {
      event(event) {
        if (!unparsedTerminal && event.json === undefined && event.data.includes('"response.completed"')) unparsedTerminal = event;
        if (!errorEvent && event.type === 'error') errorEvent = event;
        // Codex skips a response.completed without a response object and reads on (measured).
        if (!readable && isTerminalType(event.type) && (event.type !== 'response.completed' || responseOf(event))) readable = event;
      },
      end(end) {
        const skip = skipUnlessStreamed(end);
        if (skip) return skip;
        if (readable) return { status: 'pass', message: `${readable.type} at event ${readable.index}` };
        if (end.ending === 'idle') return { status: 'skip', message: 'the stream stalled first (see stream.idle-gap)' };
        if (end.ending === 'deadline') return { status: 'skip', message: 'the stream was still open at the deadline' };
        if (end.ending === 'transport-error') return { status: 'skip', message: 'the connection broke first' };
        const lost = end.framing.find((issue) => issue.kind === 'unterminated-event' && issue.lost?.includes('response.completed'));
        let why: string;
        let codexSays = 'stream disconnected before completion: stream closed before response.completed';
        if (end.ending === 'byte-limit' || end.ending === 'line-too-long' || end.ending === 'event-too-large') {
          why = `no terminal event before relaycheck's ${SIZE_BOUND[end.ending]} bound (${end.error?.message ?? 'reading stopped'})`;
        } else if (end.framing.some((issue) => issue.kind === 'invalid-utf8')) {
          why = 'the stream has bytes that are not valid UTF-8, and Codex reads nothing after the first one';
          codexSays = 'stream disconnected before completion: UTF8 error';
        } else if (end.framing.some((issue) => issue.kind === 'bom')) {
          why = 'the stream starts with a UTF-8 byte order mark, and Codex then reads none of its events';
        } else if (end.terminal) {
          why = `response.completed at event ${end.terminal.index} carries no response object, so Codex skips it and reads on to the end of the stream`;
        } else if (errorEvent) {
          why = `the stream carried an error event (${excerpt(errorEvent.json, 120)}) and no response.failed: Codex ignores error events, so the real error never shows`;
        } else if (lost) {
          why = 'the response.completed event was not followed by a blank line, so Codex never dispatches it';
        } else if (unparsedTerminal) {
          why = `the response.completed event's data is not one JSON document (${unparsedTerminal.dataLines} data: lines), so Codex skips it`;
        } else if (end.events === 0 && end.bodyText) {
          why = `the relay answered with a body that is not an SSE stream (starts with ${excerpt(end.bodyText, 80)}): stream:true was ignored`;
        } else {
          why = `the stream ended after ${end.events} event(s) without response.completed`;
        }
        return {
          status: 'fail',
          message: `${why}; Codex fails with "${codexSays}"`,
          failures: [{ message: why, expected: 'response.completed', actual: end.events === 0 ? 'no events' : `${end.events} events, none terminal` }],
        };
      },
    };
  },
};

export const completedResponseId: Check = {
  id: CheckId.completedResponseId,
  severity: 'required',
  title: 'response.completed carries a string response.id',
  requirement: 'response.completed must carry response.id as a string; Codex cannot parse the completion without it and the turn fails.',
  observe() {
    return {
      end(end) {
        const completed = completedOf(end.terminal);
        if (!completed) return { status: 'skip', message: 'no response.completed event' };
        const response = responseOf(completed);
        if (!response) return { status: 'skip', message: 'response.completed has no response object: Codex skips the event (see sse.terminal-event)' };
        const id = response.id;
        // Codex only needs a string: an empty one completes the turn (measured).
        if (typeof id === 'string') return { status: 'pass', message: `response.id = ${excerpt(id, 60) || '""'}` };
        return {
          status: 'fail',
          message: 'response.completed has no string response.id; Codex cannot read the completion',
          failures: [{ message: 'response.id is missing or not a string', path: '/response/id', eventIndex: completed.index, expected: 'string', actual: excerpt(id ?? 'absent') }],
        };
      },
    };
  },
};

export const usageParsable: Check = {
  id: CheckId.usageParsable,
  severity: 'required',
  title: "Usage parses under Codex's rules",
  requirement:
    'response.completed.response.usage is absent, null, or integer input_tokens/output_tokens/total_tokens with *_details null or complete; otherwise Codex cannot parse the completion and retries the turn (billing it again).',
  observe() {
    return {
      end(end) {
        const completed = completedOf(end.terminal);
        if (!completed) return { status: 'skip', message: 'no response.completed event' };
        const response = responseOf(completed);
        if (!response) return { status: 'skip', message: 'response.completed has no response object' };
        const problems = codexUsageProblems(response.usage, completed.data).map((p) => ({ ...p, eventIndex: completed.index }));
        if (problems.length === 0) {
          return { status: 'pass', message: response.usage == null ? 'usage absent (Codex accepts that)' : 'usage has integer counts' };
        }
        return { status: 'fail', message: `usage does not parse for Codex: ${problems[0]!.message}`, failures: problems };
      },
    };
  },
};

export const outputViaItemDone: Check = {
  id: CheckId.outputViaItemDone,
  severity: 'required',
  title: 'Output arrives through response.output_item.done',
  requirement:
    'Every message and tool call must arrive in a response.output_item.done event: Codex takes output from nowhere else, so text sent only as deltas or only inside response.completed is never shown.',
  observes: ['response.output_item.done', 'response.output_text.delta'],
  observe() {
    let doneItems = 0;
    let deltaChars = 0;
    return {
      event(event) {
        if (event.type === 'response.output_item.done' && isRecord(event.json) && isRecord(event.json.item)) doneItems++;
        else if (event.type === 'response.output_text.delta' && isRecord(event.json) && typeof event.json.delta === 'string') deltaChars += event.json.delta.length;
      },
      end(end) {
        const completed = completedOf(end.terminal);
        if (!completed) return { status: 'skip', message: 'no response.completed event' };
        if (doneItems > 0) return { status: 'pass', message: `${doneItems} item(s) in output_item.done` };
        const output = responseOf(completed)?.output;
        const inCompleted = Array.isArray(output) ? output.length : 0;
        const why =
          inCompleted > 0
            ? `the ${inCompleted} output item(s) appear only in response.completed.output`
            : deltaChars > 0
              ? `the answer (${deltaChars} characters) arrived only as response.output_text.delta`
              : 'the stream carried no output item at all';
        return {
          status: 'fail',
          message: `${why}; Codex completes the turn but shows nothing`,
          failures: [{ message: why, expected: 'at least one response.output_item.done', actual: 'none' }],
        };
      },
    };
  },
};

export const itemsParsable: Check = {
  id: CheckId.itemsParsable,
  severity: 'required',
  title: 'Every output item parses as a Codex item',
  requirement: 'Messages and tool calls in response.output_item.done must have the fields Codex reads (a role, content as output_text parts, tool names); an item that does not parse is dropped silently.',
  observes: ['response.output_item.done'],
  observe() {
    const failures = new FailureList();
    let messages = 0;
    return {
      event(event) {
        if (event.type !== 'response.output_item.done' || !isRecord(event.json)) return;
        const item = event.json.item;
        for (const problem of codexItemProblems(item, event.index)) failures.add(problem);
        if (isRecord(item) && item.type === 'message' && messageText(item).length > 0) messages++;
      },
      end(end) {
        const skip = skipUnlessStreamed(end);
        if (skip) return skip;
        return failures.outcome(`all output items parse (${messages} message(s) with text)`, (n) => `${n} output item problem(s): Codex drops those items`);
      },
    };
  },
};

export const turnNotFailed: Check = {
  id: CheckId.notFailed,
  severity: 'required',
  title: 'The turn completes instead of failing',
  requirement: 'A valid Codex request must end in response.completed, not response.failed or response.incomplete.',
  observe() {
    return {
      end(end) {
        const skip = skipUnlessStreamed(end);
        if (skip) return skip;
        const terminal = end.terminal;
        if (terminal?.type === 'response.failed') {
          const error = responseOf(terminal)?.error;
          const code = isRecord(error) && typeof error.code === 'string' ? error.code : undefined;
          const message = isRecord(error) && typeof error.message === 'string' ? error.message : undefined;
          const reaction = codexReactionToFailure(code, message);
          return {
            status: 'fail',
            message: `response.failed (${code === undefined ? 'no code' : relayWords(code, 60)}): ${message === undefined ? 'no message' : relayWords(message, 160)}; Codex ${reaction.retried ? 'retries' : 'stops'}: ${reaction.userSees}`,
            failures: [{ message: 'the relay failed the turn', path: '/response/error', eventIndex: terminal.index, expected: 'response.completed', actual: excerpt(error ?? 'no error object') }],
          };
        }
        if (terminal?.type === 'response.incomplete') {
          const details = responseOf(terminal)?.incomplete_details;
          const reason = isRecord(details) && typeof details.reason === 'string' ? details.reason : 'unknown';
          return {
            status: 'fail',
            message: `response.incomplete (${reason}); Codex fails with "Incomplete response returned, reason: ${reason}"`,
            failures: [{ message: 'the relay ended the turn incomplete', path: '/response/incomplete_details', eventIndex: terminal.index, expected: 'response.completed', actual: excerpt(details ?? 'absent') }],
          };
        }
        return { status: 'pass', message: terminal ? `${terminal.type}` : 'no failure event' };
      },
    };
  },
};

export const failedCloses: Check = {
  id: CheckId.failedCloses,
  severity: 'required',
  title: 'The stream closes after response.failed',
  requirement:
    'After response.failed the relay must close the stream: Codex reads until EOF (for every code but context_length_exceeded), so a socket left open turns the real error into an idle timeout minutes later.',
  observe(context) {
    return {
      end(end) {
        if (end.terminal?.type !== 'response.failed') return { status: 'skip', message: 'no response.failed event' };
        const error = responseOf(end.terminal)?.error;
        const code = isRecord(error) ? error.code : undefined;
        if (typeof code === 'string' && FAILURE_CODES_CODEX_STOPS_AT.has(code)) {
          return { status: 'skip', message: `Codex stops reading at response.failed with code ${code}` };
        }
        if (end.closedAfterFailedMs === null) {
          return {
            status: 'fail',
            message: `the relay kept the stream open more than ${context.failedCloseGraceMs} ms after response.failed; Codex shows "idle timeout waiting for SSE" after stream_idle_timeout_ms instead of the error`,
            failures: [{ message: 'stream still open after response.failed', eventIndex: end.terminal.index, expected: `EOF within ${context.failedCloseGraceMs} ms`, actual: 'still open' }],
          };
        }
        return { status: 'pass', message: `closed ${end.closedAfterFailedMs ?? 0} ms after response.failed` };
      },
    };
  },
};

export const idleGap: Check = {
  id: CheckId.idleGap,
  severity: 'required',
  title: "No silence longer than Codex's idle timeout",
  requirement:
    'The relay must send a data: event at least every stream_idle_timeout_ms (Codex default 300 s); any data: event resets Codex\'s timer, ":" comment keep-alives do not. Past that Codex fails with "idle timeout waiting for SSE" ("… for websocket" over a WebSocket).',
  observe(context) {
    return {
      end(end) {
        const skip = skipUnlessStreamed(end);
        if (skip) return skip;
        if (end.ending === 'idle' || end.maxGapMs >= context.idleTimeoutMs) {
          const comments = end.comments > 0 ? ` (${end.comments} comment keep-alive(s) do not reset Codex's timer)` : '';
          // 101: the events came as WebSocket frames, and Codex names that transport (measured, agreement matrix).
          const waitingFor = end.head?.status === 101 ? 'websocket' : 'SSE';
          return {
            status: 'fail',
            message: `no event for ${end.maxGapMs} ms${comments}; Codex gives up after ${context.idleTimeoutMs} ms with "idle timeout waiting for ${waitingFor}"`,
            failures: [{ message: 'stream stalled', expected: `gaps < ${context.idleTimeoutMs} ms`, actual: `${end.maxGapMs} ms` }],
          };
        }
        return { status: 'pass', message: `longest gap ${end.maxGapMs} ms` };
      },
    };
  },
};

export const codexAcceptanceChecks: Check[] = [
  terminalEvent,
  completedResponseId,
  usageParsable,
  outputViaItemDone,
  itemsParsable,
  // Before turn-not-failed: with the socket held open the user sees the idle timeout, not the error.
  failedCloses,
  turnNotFailed,
  idleGap,
];
