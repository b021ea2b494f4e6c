import type { ExchangeEnd, StreamEvent } from '../../harness/exchange/exchange-end.ts';
import { CheckId } from '../../harness/checks/ids.ts';
import { type CheckExamples, fail, pass, skip } from '../helpers/check-examples.ts';
import { answered, completed, created, ev, failed, stream, streamed, unanswered } from '../helpers/sse-builder.ts';

const SOCKET_HEAD = { status: 101, headers: { upgrade: 'websocket', connection: 'Upgrade' }, headersMs: 5, url: 'ws://127.0.0.1:8080/v1/responses' };

/** A frame's answer on a socket that upgraded (101): its events, read to the terminal one or to the socket's end. */
const onSocket = (events: StreamEvent[], overrides: Partial<ExchangeEnd> = {}): ExchangeEnd => streamed(events, { head: SOCKET_HEAD, ...overrides });

const NOT_FOUND = ev('error', { error: { type: 'invalid_request_error', code: 'previous_response_not_found', message: "Previous response with id 'resp_0' not found.", param: 'previous_response_id' }, status: 400 });
const notFound = stream(NOT_FOUND);
const otherError = stream(ev('error', { error: { type: 'server_error', code: 'server_error', message: 'boom' }, status: 500 }));
const answeredTurn = stream(created(), completed());
const closedEarly = stream(created());
const LONG_ID = `resp_${'a'.repeat(70)}`;
const longError = stream(ev('error', { error: { type: 'server_error', code: 'server_error', message: 'x'.repeat(200) }, status: 500 }));
/** The first error event decides; a later one does not. */
const notFoundThenOther = stream(NOT_FOUND, ev('error', { error: { code: 'server_error', message: 'boom' } }));
/** The code beside an error object that has none. */
const codeBeside = stream(ev('error', { code: 'previous_response_not_found', error: { message: 'not found' } }));
const { error: _noError, ...nothingAtAll } = unanswered();
/** How the checks quote the server_error event (excerpt of its JSON). */
const OTHER_ERROR_TEXT = '{"type":"error","error":{"type":"server_error","code":"server_error","message":"boom"},"status":500,"sequence_number":0}';

export const examples: CheckExamples = {
  [CheckId.websocketUpgrade]: [
    { name: 'upgraded (101)', end: onSocket([]), expect: pass('upgraded (101)') },
    { name: '426 says "use HTTPS"', end: answered(426, 'Upgrade Required'), expect: pass('426: Codex uses HTTPS at once, without a warning') },
    {
      name: 'a 404 with the default 5 stream retries',
      end: answered(404, 'Not Found'),
      expect: fail('the upgrade got HTTP 404: Codex falls back to HTTPS after about 6.2 s on every session start', [{ message: 'HTTP 404 on the upgrade', expected: '101, or 426 to say "use HTTPS"', actual: 404 }]),
    },
    {
      name: 'a 405 with stream_max_retries = 0',
      end: answered(405, 'Method Not Allowed'),
      context: { codexRetries: { streamMaxRetries: 0 } },
      expect: fail('the upgrade got HTTP 405: Codex falls back to HTTPS at once, with a warning, on every session start', [{ message: 'HTTP 405 on the upgrade', expected: '101, or 426 to say "use HTTPS"', actual: 405 }]),
    },
    {
      name: 'no answer at all',
      end: unanswered(),
      expect: fail('the upgrade got no answer (connect ECONNREFUSED 127.0.0.1:8080): Codex waits on it, then falls back to HTTPS', [{ message: 'no upgrade answer', expected: '101 or 426', actual: 'refused' }]),
    },
    {
      name: 'neither an answer nor an error',
      end: nothingAtAll,
      expect: fail('the upgrade got no answer (no response): Codex waits on it, then falls back to HTTPS', [{ message: 'no upgrade answer', expected: '101 or 426', actual: 'none' }]),
    },
  ],
  [CheckId.websocketPrewarm]: [
    { name: 'completed with an id', events: answeredTurn, end: onSocket(answeredTurn), expect: pass('completed as resp_1') },
    { name: 'a long id is cut in the message', events: stream(created({ id: LONG_ID }), completed({ id: LONG_ID })), end: onSocket(stream(created({ id: LONG_ID }), completed({ id: LONG_ID }))), expect: pass(`completed as ${LONG_ID.slice(0, 60)}…`) },
    {
      name: 'a long error event is cut',
      events: longError,
      end: onSocket(longError),
      expect: fail(`the prewarm got an error event (${longError[0]!.data.slice(0, 160)}…): Codex's turn on this socket fails and it reconnects`, [
        { message: 'prewarm not completed', expected: 'response.completed with an id', actual: `an error event (${longError[0]!.data.slice(0, 160)}…)` },
      ]),
    },
    { name: 'no socket: the upgrade was refused', end: answered(404, 'Not Found'), expect: skip('the upgrade got HTTP 404 (see websocket.upgrade)') },
    {
      name: 'answered with an error event',
      events: otherError,
      end: onSocket(otherError),
      expect: fail(`the prewarm got an error event (${OTHER_ERROR_TEXT}): Codex's turn on this socket fails and it reconnects`, [
        { message: 'prewarm not completed', expected: 'response.completed with an id', actual: `an error event (${OTHER_ERROR_TEXT})` },
      ]),
    },
    {
      name: 'response.failed',
      events: stream(created(), failed()),
      end: onSocket(stream(created(), failed())),
      expect: fail("the prewarm got response.failed: Codex's turn on this socket fails and it reconnects", [{ message: 'prewarm not completed', expected: 'response.completed with an id', actual: 'response.failed' }]),
    },
    {
      name: 'completed without a response id',
      events: stream(ev('response.completed', { response: { status: 'completed', output: [] } })),
      end: onSocket(stream(ev('response.completed', { response: { status: 'completed', output: [] } }))),
      expect: fail("the prewarm got response.completed: Codex's turn on this socket fails and it reconnects", [{ message: 'prewarm not completed', expected: 'response.completed with an id', actual: 'response.completed' }]),
    },
    {
      name: 'completed without a response object',
      events: stream(ev('response.completed')),
      end: onSocket(stream(ev('response.completed'))),
      expect: fail("the prewarm got response.completed: Codex's turn on this socket fails and it reconnects", [{ message: 'prewarm not completed', expected: 'response.completed with an id', actual: 'response.completed' }]),
    },
    {
      name: 'the socket closed before a terminal event',
      events: closedEarly,
      end: onSocket(closedEarly),
      expect: fail("the prewarm got no terminal event (eof): Codex's turn on this socket fails and it reconnects", [{ message: 'prewarm not completed', expected: 'response.completed with an id', actual: 'no terminal event (eof)' }]),
    },
    {
      name: 'a silent socket, through a custom provider (Codex falls back after its idle timeout)',
      end: onSocket([], { ending: 'idle' }),
      expect: fail('the prewarm got no answer (idle): a custom provider falls back to HTTPS after its idle timeout (stream_idle_timeout_ms), with a warning, on every session start', [{ message: 'prewarm not answered', expected: 'response.completed with an id', actual: 'nothing (idle)' }]),
    },
    {
      name: 'a silent socket, through the built-in provider (Codex never falls back)',
      end: onSocket([], { ending: 'idle' }),
      context: { staysOnSilentSocket: true },
      expect: fail("the prewarm got no answer (idle): Codex's built-in provider never falls back from a silent socket: every turn hangs", [{ message: 'prewarm not answered', expected: 'response.completed with an id', actual: 'nothing (idle)' }]),
    },
    {
      name: 'the deadline on a silent socket, through the built-in provider',
      end: onSocket([], { ending: 'deadline' }),
      context: { staysOnSilentSocket: true },
      expect: fail("the prewarm got no answer (deadline): Codex's built-in provider never falls back from a silent socket: every turn hangs", [{ message: 'prewarm not answered', expected: 'response.completed with an id', actual: 'nothing (deadline)' }]),
    },
    {
      name: 'through the built-in provider, a socket that sent an event and closed is not silent',
      events: closedEarly,
      end: onSocket(closedEarly),
      context: { staysOnSilentSocket: true },
      expect: fail("the prewarm got no terminal event (eof): Codex's turn on this socket fails and it reconnects", [{ message: 'prewarm not completed', expected: 'response.completed with an id', actual: 'no terminal event (eof)' }]),
    },
  ],
  [CheckId.websocketPreviousResponseKept]: [
    { name: 'the chained frame was answered', events: answeredTurn, end: onSocket(answeredTurn), expect: pass('the chained frame was answered') },
    { name: 'another error is left to the stream checks', events: otherError, end: onSocket(otherError), expect: pass('no previous_response_not_found (another error: see the stream checks)') },
    { name: 'a frame that got nothing is left to the stream checks', end: onSocket([], { ending: 'idle' }), expect: pass('no previous_response_not_found (no answer: idle; see the stream checks)') },
    { name: 'no socket', end: unanswered(), expect: skip('no socket') },
    {
      name: 'previous_response_not_found',
      events: notFound,
      end: onSocket(notFound),
      expect: fail('the relay lost the previous response of this socket (previous_response_not_found): Codex reconnects and resends the whole conversation on every such turn', [
        {
          message: 'previous response not kept',
          eventIndex: 0,
          expected: 'the turn answered',
          actual: '{"type":"error","error":{"type":"invalid_request_error","code":"previous_response_not_found","message":"Previous response with id \'resp_0\' not found.","param":"previous_response_id"},"status":400,"seq…',
        },
      ]),
    },
  ],
  [CheckId.websocketUnknownPreviousResponse]: [
    { name: 'previous_response_not_found', events: notFound, end: onSocket(notFound), expect: pass('previous_response_not_found, as Codex expects') },
    { name: 'the code at the top level of the error event', events: stream(ev('error', { code: 'previous_response_not_found', message: 'not found' })), end: onSocket(stream(ev('error', { code: 'previous_response_not_found', message: 'not found' }))), expect: pass('previous_response_not_found, as Codex expects') },
    { name: 'no socket', end: answered(426), expect: skip('the upgrade got HTTP 426 (see websocket.upgrade)') },
    { name: 'the first error event decides', events: notFoundThenOther, end: onSocket(notFoundThenOther), expect: pass('previous_response_not_found, as Codex expects') },
    { name: 'the code beside an error object without one', events: codeBeside, end: onSocket(codeBeside), expect: pass('previous_response_not_found, as Codex expects') },
    {
      name: 'answered anyway',
      events: answeredTurn,
      end: onSocket(answeredTurn),
      expect: fail('an unknown previous_response_id got response.completed: the relay answered without the conversation before it', [
        { message: 'unknown previous_response_id', expected: 'error event, code previous_response_not_found', actual: 'response.completed: the relay answered without the conversation before it' },
      ]),
    },
    {
      name: 'another error code',
      events: otherError,
      end: onSocket(otherError),
      expect: fail('an unknown previous_response_id got an error event with code server_error', [{ message: 'unknown previous_response_id', expected: 'error event, code previous_response_not_found', actual: 'an error event with code server_error' }]),
    },
    {
      name: 'a code that is no string',
      events: stream(ev('error', { code: 42, error: { message: 'boom' } })),
      end: onSocket(stream(ev('error', { code: 42, error: { message: 'boom' } }))),
      expect: fail('an unknown previous_response_id got an error event with code none', [{ message: 'unknown previous_response_id', expected: 'error event, code previous_response_not_found', actual: 'an error event with code none' }]),
    },
    {
      name: 'an error event without a code',
      events: stream(ev('error', { error: { message: 'boom' } })),
      end: onSocket(stream(ev('error', { error: { message: 'boom' } }))),
      expect: fail('an unknown previous_response_id got an error event with code none', [{ message: 'unknown previous_response_id', expected: 'error event, code previous_response_not_found', actual: 'an error event with code none' }]),
    },
    {
      name: 'no answer before the socket closed',
      end: onSocket([]),
      expect: fail('an unknown previous_response_id got no answer (eof)', [{ message: 'unknown previous_response_id', expected: 'error event, code previous_response_not_found', actual: 'no answer (eof)' }]),
    },
  ],
  [CheckId.websocketLargeFrame]: [
    { name: 'answered', events: answeredTurn, end: onSocket(answeredTurn), expect: pass('answered (2 frames)') },
    { name: 'no socket', end: answered(404), expect: skip('the upgrade got HTTP 404 (see websocket.upgrade)') },
    {
      name: 'closed with 1009 "message too big"',
      end: onSocket([], { ending: 'transport-error', error: { kind: 'reset', message: 'socket closed 1009: message too big' } }),
      expect: fail('the large frame was not answered: socket closed 1009: message too big', [{ message: 'large frame refused', expected: 'response.completed', actual: 'socket closed 1009: message too big' }]),
    },
    {
      name: 'a long error event is cut',
      events: longError,
      end: onSocket(longError),
      expect: fail(`the large frame was not answered: an error event (${longError[0]!.data.slice(0, 160)}…)`, [{ message: 'large frame refused', expected: 'response.completed', actual: `an error event (${longError[0]!.data.slice(0, 160)}…)` }]),
    },
    {
      name: 'an error event',
      events: otherError,
      end: onSocket(otherError),
      expect: fail(`the large frame was not answered: an error event (${OTHER_ERROR_TEXT})`, [{ message: 'large frame refused', expected: 'response.completed', actual: `an error event (${OTHER_ERROR_TEXT})` }]),
    },
    {
      name: 'the socket closed without a terminal event',
      events: closedEarly,
      end: onSocket(closedEarly),
      expect: fail('the large frame was not answered: no terminal event (eof)', [{ message: 'large frame refused', expected: 'response.completed', actual: 'no terminal event (eof)' }]),
    },
  ],
};
