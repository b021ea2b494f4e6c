// The named simulated relays that `npm start`, the tests and the Codex agreement matrix run: the
// reference relay, and the reference relay with one real-world behaviour each (a bug, or a quirk
// that Codex tolerates). `violates` is the contract with the checks: a full run against the relay
// fails exactly these checks. The fault's own check comes first; any after it are checks that cannot
// pass with that fault (e.g. the spec schema also requires call_id), never a second bug. Relays that
// stall come last: they cost an idle timeout per case.
import { randomBytes } from 'node:crypto';
import { http, HttpResponse, type RequestHandler } from 'msw';
import type { ExpectedReply } from '../checks/check.ts';
import { CheckId, type CheckIdValue } from '../checks/ids.ts';
import type { CodexVerdict } from '../report/model.ts';
import { chatCompletionsHandler } from './chat-completions.ts';
import * as faults from './faults.ts';
import * as failures from './failure-faults.ts';
import * as wire from './wire-faults.ts';
import * as compression from './compression-faults.ts';
import * as chat from './chat-faults.ts';
import type { ChatFault } from './chat-completions.ts';
import { CHAT_SUITE_ID } from '../run/suite.ts';
import * as compactionFaults from './compaction-faults.ts';
import * as shapeFaults from './shape-faults.ts';
import { HEADER_FAULTS, REROUTED_TO } from './header-faults.ts';
import { reasoningRoundTrip } from './reasoning-faults.ts';
import { droppedBeforeFirstItem, failFirstAttempts } from './transient-faults.ts';
import { openAiErrorResponse } from './openai-error.ts';
import { newApiHandlers } from './new-api.ts';
import { type ResponsesFault, modelsHandler, referenceHandlers } from './reference-relay.ts';
import { type RelayOptions, DEFAULT_MODELS, gateHandlers } from './relay-options.ts';

/** The models a prefix-routing relay serves: OpenRouter-style `openai/<model>` names only. */
const PREFIXED_MODELS = DEFAULT_MODELS.map((m) => `openai/${m}`);
import type { ServeOptions } from './serve-handlers.ts';
import { type CatalogFault, MODEL_CATALOG_PATH } from './model-catalog-relay.ts';
import type { RunOptions } from '../run/runner.ts';
import { selectSuites } from '../../suites/index.ts';
import { CATALOG_SUITE_ID } from '../run/suite.ts';
import { websocketUpgrade } from './websocket-relay.ts';
import { type RunningRelay, type SimulatedRelayBase, STALLS, serveRelay } from './simulated-relay.ts';

export type { RunningRelay } from './simulated-relay.ts';

/** A relay of this catalogue: the one relay shape, and the contract with the checks a full run proves. */
export interface SimulatedRelay extends SimulatedRelayBase {
  /** Check ids a full run fails, the fault's own first; [] for a healthy relay. */
  violates: CheckIdValue[];
  /** Replies on which the fault shows; on the others the relay streams like the reference. */
  showsOn: ExpectedReply[];
  expectedCodexVerdict: CodexVerdict;
  /** Codex's retries decide the verdict: `violates` and the verdict hold for runs that model them. */
  showsWithRetries?: boolean;
  /** A full run of this relay configures its model catalog ({base_url}/model-catalog) and runs the catalog suite. */
  modelCatalog?: true;
}

const EVERY_REPLY: ExpectedReply[] = ['message', 'function_call', 'custom_tool_call'];
const RATE_LIMITED = { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' };
const SERVER_ERROR = { message: 'The server had an error while processing your request.', type: 'server_error', code: null };

/** A relay whose behaviour shows on every reply unless `extra` narrows showsOn (or sets another verdict). */
function simulated(name: string, description: string, handlers: SimulatedRelay['handlers'], violates: CheckIdValue[], extra: Partial<SimulatedRelay> = {}): SimulatedRelay {
  return { name, description, violates, showsOn: EVERY_REPLY, expectedCodexVerdict: 'incompatible', handlers, ...extra };
}

/** The reference relay whose Chat Completions endpoint has one fault, judged by the chat suite alone. */
function chatFaulty(name: string, description: string, fault: ChatFault, violates: CheckIdValue[], showsOn: ExpectedReply[] = ['message', 'function_call']): SimulatedRelay {
  return simulated(name, description, (opts = {}) => referenceHandlers(opts, {}, fault), violates, { showsOn, expectedCodexVerdict: 'not-evaluated', suites: [CHAT_SUITE_ID] });
}

/** The reference relay with one fault. */
function faulty(name: string, description: string, fault: ResponsesFault, violates: CheckIdValue[], extra: Partial<SimulatedRelay> = {}): SimulatedRelay {
  return simulated(name, description, (opts = {}) => referenceHandlers(opts, fault), violates, extra);
}

export const RELAYS: readonly SimulatedRelay[] = [
  {
    name: 'reference',
    description: 'A conforming Responses relay: full event sequence, usage, tool calls as Codex needs them',
    violates: [],
    showsOn: [],
    expectedCodexVerdict: 'compatible',
    handlers: (opts = {}) => referenceHandlers(opts),
    upgrade: (opts = {}) => websocketUpgrade(opts),
    modelCatalog: true,
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
  faulty('failed-socket-open', 'Sends response.failed (server_error), then keeps the connection open until the client leaves', failures.failedSocketOpen, [CheckId.failedCloses, CheckId.notFailed], { holdsOpenAfter: 3 }),
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
  simulated(
    'model-needs-prefix',
    'Serves models only under provider-prefixed names (openai/gpt-5.5): a bare name gets 404 model_not_found',
    (opts = {}) => referenceHandlers({ ...opts, models: PREFIXED_MODELS }),
    [CheckId.modelServed],
  ),
  simulated(
    'new-api-no-channel',
    'A new-api gateway: a model no channel serves gets HTTP 503 "当前分组 default 下对于模型 gpt-5.5 无可用渠道"; it serves gpt-5.5-codex, gpt-5.1-codex, gpt-4.1',
    (opts = {}) => newApiHandlers(503, opts),
    [CheckId.modelServed, CheckId.unknownModelRejected],
  ),
  simulated(
    'new-api-no-channel-400',
    'The new-api refusal of an unserved model with HTTP 400 instead of 503: the message, not the status, says the model is unknown',
    (opts = {}) => newApiHandlers(400, opts),
    [CheckId.modelServed, CheckId.unknownModelRejected],
  ),
  redirectingRelay('redirect-307', 'Redirects POST /v1/responses with 307 to the same path on the same origin, which streams the answer (Codex re-sends the POST)', 307, [], 'compatible'),
  redirectingRelay('redirect-301', 'Redirects POST /v1/responses with 301 to the same path on the same origin, which only takes POST (Codex follows with a GET)', 301, [CheckId.statusOk, CheckId.errorEnvelope, CheckId.unknownModelRejected], 'incompatible'),
  faulty('rejects-codex-fields', "Refuses Codex's request with 400 Unsupported parameter: 'include' (a strict upstream behind the relay)", failures.refuseWith(400, { message: "Unsupported parameter: 'include'", code: 'unsupported_parameter', param: 'include' }), [CheckId.statusOk]),
  faulty('unauthorized', 'Answers every turn 401 invalid_api_key (a revoked upstream account)', failures.refuseWith(401, { message: 'Incorrect API key provided: sk-test-***.', code: 'invalid_api_key' }), [CheckId.statusOk]),
  faulty('rate-limited', 'Answers every turn 429 rate_limit_exceeded, without Retry-After', failures.refuseWith(429, RATE_LIMITED), [CheckId.statusOk]),
  faulty('server-error', 'Answers every turn 500 server_error', failures.refuseWith(500, SERVER_ERROR), [CheckId.statusOk]),
  faulty('json-instead-of-stream', 'Ignores stream:true and answers with the completed Response as application/json', wire.jsonInsteadOfStream, [CheckId.terminalEvent, CheckId.contentType, CheckId.framing]),
  faulty('failed-server-error', 'Opens the stream, then ends the turn with response.failed server_error and closes it (Codex retries)', failures.failedWith('server_error', 'The model produced an error.'), [CheckId.notFailed]),
  faulty('failed-insufficient-quota', 'Opens the stream, then ends the turn with response.failed insufficient_quota and closes it (final for Codex)', failures.failedWith('insufficient_quota', 'You exceeded your current quota, please check your plan and billing details.'), [CheckId.notFailed]),
  faulty('incomplete-max-tokens', 'Ends the turn with response.incomplete (max_output_tokens)', failures.incompleteMaxTokens, [CheckId.notFailed]),
  faulty('error-event', 'Sends an `error` event instead of response.failed, then closes the stream', failures.errorEvent, [CheckId.terminalEvent]),
  faulty('usage-null', 'response.completed carries usage: null (Codex accepts it)', faults.usageNull, [], { expectedCodexVerdict: 'compatible' }),
  faulty('usage-float-counts', 'Usage counts written as 12.0 instead of 12', wire.usageFloatCounts, [CheckId.usageParsable]),
  faulty('deltas-without-item-added', 'Message deltas with no output_item.added / content_part.added before them, then a proper output_item.done (Codex shows the done item)', faults.deltasWithoutItemAdded, [CheckId.deltasAfterAdded, CheckId.itemPairing], {
    showsOn: ['message'],
    expectedCodexVerdict: 'compatible',
  }),
  faulty('items-only-in-completed', 'Every output item appears only in response.completed.output: no output_item events, no deltas', faults.itemsOnlyInCompleted, [CheckId.outputViaItemDone, CheckId.toolCallReceived]),
  faulty('message-content-text', 'Message content parts typed "text" instead of "output_text"', faults.messageContentText, [CheckId.itemsParsable, CheckId.eventSchema, CheckId.responseSchema], { showsOn: ['message'] }),
  faulty('empty-call-id', 'Tool calls with call_id: "" (Codex runs them and answers under the same empty id)', faults.emptyCallId, [], { showsOn: ['function_call', 'custom_tool_call'], expectedCodexVerdict: 'compatible' }),
  faulty('arguments-only-in-deltas', 'function_call arguments only in function_call_arguments.delta/.done; the item itself carries arguments: ""', faults.argumentsOnlyInDeltas, [CheckId.functionCallArguments], {
    showsOn: ['function_call'],
    expectedCodexVerdict: 'partial',
  }),
  faulty('events-after-completed', 'Another message and a second response.completed after response.completed', faults.eventsAfterCompleted, [CheckId.singleTerminal, CheckId.itemPairing], { expectedCodexVerdict: 'compatible' }),
  faulty('two-objects-in-one-event', 'The last output_item.done and response.completed written as one event with two data: lines', wire.twoObjectsInOneEvent, [CheckId.terminalEvent, CheckId.framing, CheckId.eventsParse]),
  faulty('json-split-across-data-lines', "Every event's JSON split over two data: lines (still one JSON document once joined)", wire.jsonSplitAcrossDataLines, [CheckId.framing], { expectedCodexVerdict: 'compatible' }),
  faulty('crlf-line-endings', 'Every line ended with CRLF instead of LF (spec-legal)', wire.crlfLineEndings, [], { expectedCodexVerdict: 'compatible' }),
  faulty('bom-before-stream', 'A UTF-8 byte order mark before the first event', wire.bomBeforeStream, [CheckId.terminalEvent, CheckId.framing]),
  faulty('bare-cr-line-endings', 'Every line ended with a bare CR instead of LF', wire.bareCrLineEndings, [CheckId.terminalEvent, CheckId.framing]),
  faulty('wrong-content-type', 'A correct stream served with Content-Type: application/json', wire.wrongContentType, [CheckId.contentType], { expectedCodexVerdict: 'compatible' }),
  faulty('done-and-comments', ': comment lines between events and data: [DONE] at the end', wire.doneAndComments, [CheckId.eventsParse, CheckId.singleTerminal], { expectedCodexVerdict: 'compatible' }),
  faulty('completed-without-response', 'response.completed sent as {"type":"response.completed"} with no response object', faults.completedWithoutResponse, [CheckId.terminalEvent, CheckId.eventSchema, CheckId.responseSchema]),
  faulty('failed-rate-limited', 'Ends the turn with response.failed rate_limit_exceeded "try again in 1s" and closes it (Codex retries)', failures.failedWith('rate_limit_exceeded', 'Rate limit reached for gpt-5.5. Please try again in 1s.'), [CheckId.notFailed]),
  reasoningRelay('reasoning-without-summary', 'Streams reasoning items (with encrypted_content) that have no summary array: Codex drops them, the answer still shows', { verifyWith: 'same', summary: false }, [CheckId.eventSchema, CheckId.responseSchema], 'compatible'),
  reasoningRelay('reasoning-round-trip', 'Streams a reasoning item with encrypted_content before every answer and verifies it when Codex sends it back', { verifyWith: 'same' }, [], 'compatible'),
  reasoningRelay('reasoning-rejected-on-replay', 'Streams reasoning items signed by one upstream account and verifies them with another: 400 "encrypted content could not be verified" on the follow-up', { verifyWith: 'other' }, [CheckId.statusOk], 'incompatible'),
  // Remote compaction breaks; the default suites send no compaction request, so they see nothing
  // (the compaction suite fails the named check: test/compaction.test.ts).
  faulty('compaction-answered-with-text', 'Answers the remote compaction request (compaction_trigger) with a text message instead of a compaction item', compactionFaults.compactionAnsweredWithText, [], { showsOn: [], expectedCodexVerdict: 'compatible' }),
  faulty('compaction-trigger-404', 'Answers the remote compaction request (compaction_trigger) 404: no remote compaction behind the relay', compactionFaults.compactionTriggerNotFound, [], { showsOn: [], expectedCodexVerdict: 'compatible' }),
  // One request shape breaks; the default suites send none of them (the shapes suite fails the
  // named check: test/shapes.test.ts).
  simulated('lite-tools-dropped', 'Translates requests item by item and drops the additional_tools input item: a Responses Lite model (gpt-6-astra) is answered as if it had no tools', (opts = {}) => referenceHandlers(opts, shapeFaults.liteToolsDropped), [], { showsOn: [], expectedCodexVerdict: 'compatible' }),
  faulty('service-tier-refused', 'A strict gateway: 400 "Unsupported parameter: service_tier" on a request carrying service_tier (service_tier = "fast" or "flex")', shapeFaults.serviceTierRefused, [], { showsOn: [], expectedCodexVerdict: 'compatible' }),
  faulty('metadata-passthrough-refused', "400 \"Unknown parameter: 'input[0].internal_chat_message_metadata_passthrough'\": every turn of a provider named \"OpenAI\" is refused", shapeFaults.metadataPassthroughRefused, [], { showsOn: [], expectedCodexVerdict: 'compatible' }),
  faulty('image-input-refused', 'A text-only upstream: 400 on a user message carrying an input_image', shapeFaults.imageInputRefused, [], { showsOn: [], expectedCodexVerdict: 'compatible' }),
  faulty('compaction-item-refused', 'Streams the compaction item, then refuses the next request carrying it with a 400 "Invalid value: \'compaction\'"', compactionFaults.compactionItemRefused, [], { showsOn: [], expectedCodexVerdict: 'compatible' }),
  // Response headers Codex reads: one warns on every turn, the others change nothing the user sees.
  faulty('model-rerouted', `Answers every turn with the response header openai-model: ${REROUTED_TO} (a relay that renames models or passes its upstream's header through): Codex warns "model rerouted" every turn`, HEADER_FAULTS.modelRerouted, [CheckId.modelNotRerouted], { expectedCodexVerdict: 'compatible' }),
  faulty('rate-limit-reached-header', "Passes an upstream's rate-limit headers through on every answer (x-codex-rate-limit-reached-type, x-codex-primary-used-percent: 100): Codex completes and shows nothing", HEADER_FAULTS.rateLimitReached, [], { expectedCodexVerdict: 'compatible' }),
  faulty('credits-exhausted-headers', "Passes an upstream's credits headers through (x-codex-credits-has-credits: false, balance 0): Codex completes and shows nothing", HEADER_FAULTS.creditsExhausted, [], { expectedCodexVerdict: 'compatible' }),
  faulty('models-etag-header', 'Sends x-models-etag on every answer: Codex refetches model_catalog_url when it differs from the catalog\'s ETag, and ignores it without a catalog', HEADER_FAULTS.modelsEtag, [], { expectedCodexVerdict: 'compatible' }),
  faulty('turn-state-header', 'Sends x-codex-turn-state on every answer: Codex sends it back on the turn\'s next request', HEADER_FAULTS.turnState, [], { expectedCodexVerdict: 'compatible' }),
  faulty('reasoning-included-header', 'Sends x-reasoning-included: true on every answer: Codex completes and shows nothing', HEADER_FAULTS.reasoningIncluded, [], { expectedCodexVerdict: 'compatible' }),
  faulty('compaction-summary-refused', "Refuses a request with tools: [] with 400 \"Invalid 'tools': empty array\": Codex's local compaction request (every provider not named \"OpenAI\"/\"Azure\")", compactionFaults.localSummaryRefused, [], { showsOn: [], expectedCodexVerdict: 'compatible' }),
  // The model catalog at model_catalog_url: every turn streams like the reference's, and Codex,
  // without a catalog it can use, offers no apply_patch tool (measured: the patch turn exits 0 and
  // writes nothing). Judged by the catalog suite, which a full run of these relays configures.
  catalogRelay('catalog-openai-list', 'Serves the OpenAI model list ({"object":"list","data":[…]}) at model_catalog_url instead of Codex\'s {"models":[…]} catalog', 'openai-list', CheckId.catalogShape),
  catalogRelay('catalog-404', 'Answers model_catalog_url 404: the relay has no Codex model catalog', 'not-found', CheckId.catalogShape),
  catalogRelay('catalog-no-apply-patch', "Serves Codex's catalog shape, but its entries set no apply_patch_tool_type", 'no-apply-patch', CheckId.catalogApplyPatch),
  faulty('failed-context-length-open', 'Ends the turn with response.failed context_length_exceeded and keeps the socket open (Codex stops reading at this code)', failures.failedWith('context_length_exceeded', 'Your input exceeds the context window of this model.', failures.HOLD_OPEN_MS), [CheckId.notFailed], { holdsOpenAfter: 3 }),
  transient('rate-limited-once', 'Answers the first try of every request 429 rate_limit_exceeded without Retry-After, the retry normally (Codex never retries it)', failures.refuseWith(429, RATE_LIMITED), 1, [CheckId.statusOk], 'incompatible'),
  transient('server-error-once', 'Answers the first try of every request 500 server_error, the retry normally (Codex re-sends after ~0.2 s)', failures.refuseWith(500, SERVER_ERROR), 1, [CheckId.noRetryNeeded], 'compatible'),
  transient('unavailable-retry-after-once', 'Answers the first try of every request 503 with Retry-After: 1, the retry normally (Codex waits the second)', failures.refuseWith(503, { message: 'Service temporarily unavailable', type: 'server_error', code: null }, { 'retry-after': '1' }), 1, [CheckId.noRetryNeeded], 'compatible'),
  transient('failed-rate-limited-once', 'Fails the first try of every request with response.failed rate_limit_exceeded "try again in 1s", answers the retry', failures.failedWith('rate_limit_exceeded', 'Rate limit reached for gpt-5.5. Please try again in 1s.'), 1, [CheckId.noRetryNeeded], 'compatible'),
  transient('stream-dropped-once', 'Ends the stream of the first try of every request before its first output item is done (no response.completed), answers the retry', droppedBeforeFirstItem, 1, [CheckId.noRetryNeeded], 'compatible'),
  transient('rate-limited-every-retry', 'Answers every try 429 rate_limit_exceeded with Retry-After: 1: Codex retries five times, a second apart, and fails', failures.refuseWith(429, RATE_LIMITED, { 'retry-after': '1' }), Infinity, [CheckId.statusOk, CheckId.noRetryNeeded], 'incompatible'),
  chatFaulty('chat-reference', 'A conforming Chat Completions endpoint for other agents: chunks with delta.content, tool_calls deltas by index with id and name, finish_reason, the include_usage chunk, data: [DONE]', {}, [], []),
  chatFaulty('chat-no-done', 'Chat streams end after the last chunk, without data: [DONE]', chat.noDoneMarker, [CheckId.chatDoneMarker]),
  chatFaulty('chat-tool-calls-without-index', 'tool_calls deltas without index: the agent cannot tell which call a piece belongs to', chat.toolCallsWithoutIndex, [CheckId.chatToolCallDeltas, CheckId.chatChunkSchema], ['function_call']),
  chatFaulty('chat-tool-calls-without-id', "A tool call's first delta without its id: the agent cannot answer the call", chat.toolCallsWithoutId, [CheckId.chatToolCallDeltas], ['function_call']),
  chatFaulty('chat-arguments-cut-off', 'The last arguments piece of a tool call dropped: the joined arguments are not JSON', chat.argumentsCutOff, [CheckId.chatToolCallArguments], ['function_call']),
  chatFaulty('chat-finish-reason-stop', 'finish_reason "stop" after tool calls, so the agent ends the turn instead of running them', chat.finishReasonStop, [CheckId.chatFinishReason], ['function_call']),
  chatFaulty('chat-usage-ignored', 'Ignores stream_options.include_usage: no usage chunk, so the agent cannot count the context', chat.usageIgnored, [CheckId.chatUsage]),
  chatFaulty('chat-message-instead-of-delta', 'Streams each chunk with choices[0].message instead of delta: the agent sees no text and no tool call', chat.messageInsteadOfDelta, [CheckId.chatContentStreamed, CheckId.chatToolCallDeltas, CheckId.chatFinishReason, CheckId.chatChunkSchema]),
  chatFaulty('chat-rejects-stream-options', "Refuses the agent's request with 400 Unrecognized request argument supplied: stream_options", chat.rejectsStreamOptions, [CheckId.chatStatusOk]),
  chatFaulty('chat-error-as-text', 'Refuses a malformed chat request with 400 and a bare "Bad Request" text body', chat.errorAsText, [CheckId.chatErrorEnvelope, CheckId.errorEnvelope], ['message']),
  faulty('compresses-gzip-when-asked', 'Compresses the stream with gzip, flushed after every event, when the request accepts gzip (Codex 0.171.0 asks, 0.169.0 does not)', compression.compressesWhenAsked('gzip'), [], { expectedCodexVerdict: 'compatible' }),
  faulty('compresses-zstd-when-asked', 'Compresses the stream with zstd, flushed after every event, when the request accepts zstd (Codex 0.171.0 asks, 0.169.0 does not)', compression.compressesWhenAsked('zstd'), [], { expectedCodexVerdict: 'compatible' }),
  faulty('buffered-compression', `Caddy's \`encode zstd gzip\` in front of an upstream sending an event every ${compression.BRISK_UPSTREAM_EVENT_MS} ms: for a client that accepts zstd the head goes out at once, the compressed body only when the upstream ends (the turn completes, late)`, compression.buffersCompressed(compression.BRISK_UPSTREAM_EVENT_MS), [CheckId.notBuffered], { expectedCodexVerdict: 'compatible' }),
  faulty('buffered-compression-slow-upstream', `The same proxy in front of an upstream sending an event every ${compression.SLOW_UPSTREAM_EVENT_MS} ms: a client that accepts zstd sees nothing for seconds (Codex 0.171.0 hits its idle timeout, 0.169.0 streams uncompressed)`, compression.buffersCompressed(compression.SLOW_UPSTREAM_EVENT_MS), [CheckId.idleGap], STALLS),
  faulty('idle-stall', 'Stops after the first item opens and keeps the socket open, sending nothing', wire.idleStall, [CheckId.idleGap], { ...STALLS, holdsOpenAfter: 3 }),
  faulty('comment-keepalives', 'Stalls after the first item opens, sending only ": keep-alive" comments every 500 ms', wire.commentKeepAlives, [CheckId.idleGap], { ...STALLS, holdsOpenAfter: 4 }),
  faulty('data-keepalives', 'Bridges a slow upstream with data: {"type":"keepalive"} events every 500 ms for 2.5 s, then answers', wire.dataKeepAlives, [CheckId.sequenceNumbers, CheckId.eventSchema], { expectedCodexVerdict: 'compatible' }),
];

/** The reference relay whose model catalog has one fault. */
function catalogRelay(name: string, description: string, fault: CatalogFault, violates: CheckIdValue): SimulatedRelay {
  return simulated(name, description, (opts = {}) => referenceHandlers(opts, {}, {}, fault), [violates], { showsOn: [], expectedCodexVerdict: 'partial', modelCatalog: true });
}

/** What a full run of the relay at `baseUrl` means: its suites, and its model catalog when it serves one
 * (`catalogDeadlineMs`: for a test that runs every relay at once, more than Codex's 5 s). */
export function fullRunOf(relay: SimulatedRelay, baseUrl: string, catalogDeadlineMs?: number): Pick<RunOptions, 'suites' | 'modelCatalog'> {
  if (!relay.modelCatalog) return { suites: selectSuites(relay.suites && [...relay.suites]) };
  const modelCatalog = { url: `${baseUrl}${MODEL_CATALOG_PATH}`, sendKey: true, ...(catalogDeadlineMs !== undefined && { deadlineMs: catalogDeadlineMs }) };
  return { suites: selectSuites(relay.suites && [...relay.suites], [CATALOG_SUITE_ID]), modelCatalog };
}

/** The reference relay whose fault shows on the first `attempts` tries of each request only. */
function transient(name: string, description: string, fault: ResponsesFault, attempts: number, violates: CheckIdValue[], expectedCodexVerdict: CodexVerdict): SimulatedRelay {
  // A fresh memory of tries per served relay.
  return simulated(name, description, (opts = {}) => referenceHandlers(opts, failFirstAttempts(fault, attempts)), violates, { expectedCodexVerdict, showsWithRetries: true });
}

/** The reference relay behind a same-origin redirect of POST /v1/responses (marked by a query
 * parameter, so the redirected request is served instead of redirected again). */
function redirectingRelay(name: string, description: string, status: 301 | 307, violates: CheckIdValue[], expectedCodexVerdict: CodexVerdict): SimulatedRelay {
  const HOP = 'relaycheck-hop';
  const redirect = http.post('*/v1/responses', ({ request }) => {
    const url = new URL(request.url);
    if (url.searchParams.has(HOP)) return undefined;
    url.searchParams.set(HOP, '1');
    return new HttpResponse(null, { status, headers: { location: `${url.pathname}${url.search}` } });
  });
  return simulated(name, description, (opts = {}) => [redirect, ...referenceHandlers(opts)], violates, { expectedCodexVerdict });
}

/** A relay that issues reasoning items with one key and verifies them with the same or another one. */
function reasoningRelay(
  name: string,
  description: string,
  { verifyWith, summary }: { verifyWith: 'same' | 'other'; summary?: boolean },
  violates: CheckIdValue[],
  expectedCodexVerdict: CodexVerdict,
): SimulatedRelay {
  // Keys per served relay: a blob recorded from another relay (or a fixture) never verifies.
  const handlers = (opts: RelayOptions = {}) => {
    const issue = randomBytes(16).toString('hex');
    return referenceHandlers(opts, reasoningRoundTrip({ issue, verify: verifyWith === 'same' ? issue : randomBytes(16).toString('hex'), ...(summary === false && { summary }) }));
  };
  return simulated(name, description, handlers, violates, { expectedCodexVerdict });
}

export class UnknownRelayError extends Error {
  override name = 'UnknownRelayError';
}

export function getRelay(name: string): SimulatedRelay {
  const relay = RELAYS.find((r) => r.name === name);
  if (!relay) throw new UnknownRelayError(`unknown simulated relay "${name}" (known: ${RELAYS.map((r) => r.name).join(', ')})`);
  return relay;
}

/** Serves the named relay on a loopback port. */
export function startRelay(name: string, opts: RelayOptions & ServeOptions = {}): Promise<RunningRelay> {
  return serveRelay(getRelay(name), opts);
}
