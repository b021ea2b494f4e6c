// The named simulated relays that `npm start` and the tests run: the reference relay, and the
// reference relay with one real-world bug each. `violates` is the contract with the checks: a full
// run against the relay fails exactly these checks. The fault's own check comes first; any after it
// are recommended checks that cannot pass with that fault (e.g. the spec schema also requires
// call_id), never a second bug.
import { http, type RequestHandler } from 'msw';
import type { ExpectedReply } from '../checks/check.ts';
import { CheckId, type CheckIdValue } from '../checks/ids.ts';
import type { CodexVerdict } from '../model.ts';
import { chatCompletionsHandler } from './chat-completions.ts';
import * as faults from './faults.ts';
import { openAiErrorResponse } from './openai-error.ts';
import { type ResponsesFault, modelsHandler, referenceHandlers } from './reference-relay.ts';
import { type RelayOptions, gateHandlers } from './relay-options.ts';
import { type ServeOptions, serveHandlers } from './serve-handlers.ts';

export interface SimulatedRelay {
  name: string;
  description: string;
  /** Check ids a full run fails, the fault's own first; [] for a healthy relay. */
  violates: CheckIdValue[];
  /** Replies on which the fault shows; on the others the relay streams like the reference. */
  showsOn: ExpectedReply[];
  expectedCodexVerdict: CodexVerdict;
  handlers(opts?: RelayOptions): RequestHandler[];
}

export interface RunningRelay {
  name: string;
  /** `http://127.0.0.1:PORT/v1`: what a user puts in Codex's base_url. */
  baseUrl: string;
  close(): Promise<void>;
}

const EVERY_REPLY: ExpectedReply[] = ['message', 'function_call', 'custom_tool_call'];

/** The reference relay with one fault, shown on every reply unless `showsOn` narrows it. */
function faulty(name: string, description: string, fault: ResponsesFault, violates: CheckIdValue[], extra: Partial<SimulatedRelay> = {}): SimulatedRelay {
  return { name, description, violates, showsOn: EVERY_REPLY, expectedCodexVerdict: 'incompatible', handlers: (opts = {}) => referenceHandlers(opts, fault), ...extra };
}

export const RELAYS: readonly SimulatedRelay[] = [
  {
    name: 'reference',
    description: 'A conforming Responses relay: full event sequence, usage, tool calls as Codex needs them',
    violates: [],
    showsOn: [],
    expectedCodexVerdict: 'compatible',
    handlers: (opts = {}) => referenceHandlers(opts),
  },
  {
    name: 'chat-only',
    description: 'Serves Chat Completions only: /v1/responses answers 404',
    violates: [CheckId.endpointSupported],
    showsOn: EVERY_REPLY,
    expectedCodexVerdict: 'incompatible',
    handlers: (opts = {}) => [...gateHandlers(opts), chatCompletionsHandler(opts), modelsHandler(opts)],
  },
  {
    name: 'method-not-allowed',
    description: 'A Chat Completions relay whose /v1/responses route answers 405 to POST',
    violates: [CheckId.endpointSupported],
    showsOn: EVERY_REPLY,
    expectedCodexVerdict: 'incompatible',
    handlers: (opts = {}) => [
      ...gateHandlers(opts),
      http.post('*/v1/responses', () => openAiErrorResponse(405, { message: 'Method Not Allowed', code: 'method_not_allowed' }, { allow: 'GET' })),
      chatCompletionsHandler(opts),
      modelsHandler(opts),
    ],
  },
  faulty('no-terminal-event', 'The stream ends after the last output item, without response.completed', faults.noTerminalEvent, [CheckId.terminalEvent]),
  faulty('unterminated-final-event', 'response.completed is written without its closing blank line, so it is never dispatched', faults.unterminatedFinalEvent, [CheckId.terminalEvent, CheckId.framing]),
  faulty('usage-chat-style', 'Usage translated from Chat Completions: prompt_tokens / completion_tokens only', faults.usageChatStyle, [CheckId.usageParsable, CheckId.eventSchema, CheckId.responseSchema]),
  faulty('usage-empty-details', 'Usage with input_tokens_details: {} (no cached_tokens)', faults.usageEmptyDetails, [CheckId.usageParsable, CheckId.eventSchema, CheckId.responseSchema]),
  faulty('deltas-only', 'Message text arrives only as output_text.delta: no message item, none in response.output', faults.deltasOnly, [CheckId.outputViaItemDone, CheckId.deltasAfterAdded], {
    showsOn: ['message'],
  }),
  faulty('completed-without-id', 'response.completed carries no response.id', faults.completedWithoutId, [CheckId.completedResponseId, CheckId.eventSchema, CheckId.responseSchema]),
  faulty('failed-socket-open', 'Sends response.failed (server_error), then keeps the connection open until the client leaves', faults.failedSocketOpen, [CheckId.failedCloses, CheckId.notFailed]),
  faulty('object-arguments', 'function_call arguments sent as a JSON object, not a string', faults.objectArguments, [CheckId.functionCallArguments, CheckId.eventSchema, CheckId.responseSchema], {
    showsOn: ['function_call'],
    expectedCodexVerdict: 'partial',
  }),
  faulty('missing-call-id', 'Tool calls (function and custom) without call_id', faults.missingCallId, [CheckId.callId, CheckId.eventSchema, CheckId.responseSchema], {
    showsOn: ['function_call', 'custom_tool_call'],
    expectedCodexVerdict: 'partial',
  }),
  faulty('custom-tool-as-function', 'The freeform apply_patch tool answered as a function_call with {"input": patch}', faults.customToolAsFunction, [CheckId.customToolCall], {
    showsOn: ['custom_tool_call'],
    expectedCodexVerdict: 'partial',
  }),
];

export class UnknownRelayError extends Error {
  override name = 'UnknownRelayError';
}

export function getRelay(name: string): SimulatedRelay {
  const relay = RELAYS.find((r) => r.name === name);
  if (!relay) throw new UnknownRelayError(`unknown simulated relay "${name}" (known: ${RELAYS.map((r) => r.name).join(', ')})`);
  return relay;
}

/** Serves the named relay on a loopback port. */
export async function startRelay(name: string, opts: RelayOptions & ServeOptions = {}): Promise<RunningRelay> {
  const { host, port, ...relayOptions } = opts;
  const served = await serveHandlers(getRelay(name).handlers(relayOptions), { host, port });
  return { name, baseUrl: `${served.url}/v1`, close: served.close };
}
