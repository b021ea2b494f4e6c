// Codex's WebSocket transport (provider `supports_websockets = true`): the upgrade, the prewarm, turns
// chained by previous_response_id, tool outputs, the relay's per-socket state and big frames. Not in
// the default run unless the user's provider uses WebSockets (run-command selects it then), so
// verdicts of relays checked without it do not change.
import { CheckId } from '../harness/checks/ids.ts';
import { type Suite, WEBSOCKET_SUITE_ID } from '../harness/run/suite.ts';

/** The stream checks the HTTP path runs, that mean the same on frames (SSE framing does not apply). */
const FRAME_STREAM_CHECKS = [
  CheckId.terminalEvent,
  CheckId.completedResponseId,
  CheckId.usageParsable,
  CheckId.outputViaItemDone,
  CheckId.itemsParsable,
  CheckId.notFailed,
  CheckId.idleGap,
  CheckId.eventsParse,
  CheckId.eventSchema,
  CheckId.responseSchema,
  CheckId.sequenceNumbers,
  CheckId.singleTerminal,
  CheckId.itemPairing,
  CheckId.deltasAfterAdded,
  CheckId.deltaDoneAgreement,
  CheckId.responseIdConsistent,
];
const TOOL_CALL_CHECKS = [CheckId.toolCallReceived, CheckId.functionCallArguments, CheckId.callId];

/** A frame this big is a long conversation resent whole; relays with a 1 MiB frame limit refuse it. */
export const LARGE_FRAME_BYTES = 4 * 1024 * 1024;

export const websocketSuite: Suite = {
  id: WEBSOCKET_SUITE_ID,
  title: 'WebSocket transport',
  cases: [
    {
      id: 'websocket.handshake',
      title: 'The WebSocket upgrade of GET /responses',
      requirement: 'GET {base_url}/responses with Codex\'s upgrade headers is answered 101 (or 426, "use HTTPS"), not 404/405.',
      fixture: 'ws-prewarm-gpt-5.5',
      expectedReply: 'message',
      checks: [CheckId.websocketUpgrade],
      websocket: { upgradeOnly: true },
    },
    {
      id: 'websocket.prewarm-frame',
      title: 'The prewarm frame (generate:false)',
      requirement: 'The first frame on a socket, generate:false, is answered with response.completed and an id.',
      fixture: 'ws-prewarm-gpt-5.5',
      expectedReply: 'message',
      checks: [CheckId.websocketPrewarm, CheckId.eventsParse, CheckId.eventSchema, CheckId.responseSchema, CheckId.sequenceNumbers],
      websocket: { everyTurn: true },
    },
    {
      id: 'websocket.chained-turn',
      title: 'A turn chained to the prewarm by previous_response_id',
      requirement: 'The turn frame, with previous_response_id and only its new items, is answered like an HTTP turn.',
      fixture: 'ws-turn-gpt-5.5',
      expectedReply: 'message',
      checks: [CheckId.websocketPreviousResponseKept, ...FRAME_STREAM_CHECKS],
      websocket: { before: ['ws-prewarm-gpt-5.5'], everyTurn: true },
    },
    {
      id: 'websocket.tool-call',
      title: 'A turn that asks for exec_command, over the socket',
      requirement: 'A chained turn that needs a tool gets a function_call Codex can run.',
      fixture: 'ws-tool-call-gpt-5.5',
      expectedReply: 'function_call',
      checks: [CheckId.websocketPreviousResponseKept, ...FRAME_STREAM_CHECKS, ...TOOL_CALL_CHECKS],
      websocket: { before: ['ws-prewarm-gpt-5.5'] },
    },
    {
      id: 'websocket.tool-output',
      title: 'The tool output, chained to the tool call',
      requirement: 'The frame carrying only the function_call_output, chained to the tool call\'s response, is answered with the message.',
      fixture: 'ws-after-tool-call-gpt-5.5',
      expectedReply: 'message',
      checks: [CheckId.websocketPreviousResponseKept, ...FRAME_STREAM_CHECKS],
      websocket: { before: ['ws-prewarm-gpt-5.5', 'ws-tool-call-gpt-5.5'] },
    },
    {
      id: 'websocket.lost-conversation',
      title: 'A previous_response_id the socket never answered',
      requirement: 'An unknown previous_response_id gets an error event with code previous_response_not_found.',
      fixture: 'ws-turn-gpt-5.5',
      expectedReply: 'message',
      checks: [CheckId.websocketUnknownPreviousResponse],
      websocket: { unknownPrevious: true },
    },
    {
      id: 'websocket.frame-4mib',
      title: 'A 4 MiB response.create frame',
      requirement: 'A frame of a few MiB (a long conversation resent whole) is accepted and answered.',
      fixture: 'ws-turn-gpt-5.5',
      expectedReply: 'message',
      checks: [CheckId.websocketLargeFrame],
      websocket: { padToBytes: LARGE_FRAME_BYTES },
    },
  ],
};
