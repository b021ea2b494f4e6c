// The agreement matrix: relay behaviours on which relaycheck must agree with the real Codex CLI.
// Each row names a simulated relay, the kind of turn Codex takes through it, and what Codex does
// there (docs/codex-ground-truth.md): it completes; it exits 0 but loses output; or it fails with a
// message. Where Codex loses output or fails, the row maps that to the required check relaycheck
// must fail to name the same cause. Every row runs on every supported Codex release
// (codex-profile.ts), relaycheck modelling that release: `expect` holds on all of them unless
// `expectOn` gives a release its own measured outcome. The binary is run on every test run and
// decides, so a Codex bump that changes behaviour shows up as a stale row, never as silent agreement.
import type { ExpectedReply } from '../checks/check.ts';
import { CheckId, type CheckIdValue } from '../checks/ids.ts';
import type { RequestShape } from './request-shapes.ts';

export type CodexExpectation =
  | { codex: 'completes' }
  | { codex: 'loses'; check: CheckIdValue }
  | { codex: 'fails'; says: RegExp; check: CheckIdValue }
  /** Completes over HTTPS after the WebSocket transport failed, with Codex's warning: relaycheck must fail `check`. */
  | { codex: 'falls-back'; says: RegExp; check: CheckIdValue };

/** A kind of turn Codex takes: one of the replies, or a tool call after which Codex compacts
 * (tiny model_auto_compact_token_limit) and resumes: remotely (provider named "OpenAI"), or locally
 * (any other provider name). */
export type MatrixTurn = ExpectedReply | 'remote-compaction' | 'local-compaction';

export interface MatrixRow {
  /** A relay of harness/relays/catalogue.ts, or (source: hostile) of harness/relays/hostile/, or (source: websocket) of harness/relays/websocket-relays.ts. */
  relay: string;
  source?: 'hostile' | 'websocket';
  /** Codex runs with supports_websockets = true, relaycheck with the websocket suite's cases for the turn, required. */
  transport?: 'websocket';
  /** Codex talks to the relay through its built-in provider (`openai_base_url`, no model_providers table):
   * WebSockets on, and Codex's own retries and idle timeout, which that provider takes from nowhere. */
  provider?: 'built-in';
  turn: MatrixTurn;
  /** What Codex does here, on every supported release without an entry in expectOn. */
  expect: CodexExpectation;
  /** Releases on which Codex does something else, as measured on them: `{ '0.171.0': completes }`. */
  expectOn?: Readonly<Record<string, CodexExpectation>>;
  /** The answer the relay shows for a message turn, when it is not the simulated model's. */
  answer?: string;
  /** Both Codex and relaycheck run with Codex's default retries (otherwise both retry nothing). */
  defaultRetries?: boolean;
  /** Codex runs configured to send this request shape (SHAPE_RUNS), relaycheck with that shapes case, required. */
  shape?: RequestShape;
  /**
   * What Codex prints beside a turn that completes (its `error` items): a warning matching `says`,
   * for which relaycheck must fail the recommended `check`; or 'nothing', not a single warning.
   * Absent: not asserted.
   */
  warns?: CodexWarning;
  /** The provider sets model_catalog_url to the relay's {base_url}/model-catalog; relaycheck adds the catalog case. */
  modelCatalog?: boolean;
}

export type CodexWarning = { says: RegExp; check: CheckIdValue } | 'nothing';

/** How Codex is made to send each request shape, and the shapes case that replays it. */
export const SHAPE_RUNS: Record<RequestShape, { caseId: string; turn: ExpectedReply; model?: string; config?: string[]; provider?: { name: string }; image?: true }> = {
  // A Responses Lite model asked to run a command; the others say hello.
  'responses-lite': { caseId: 'shapes.responses-lite', turn: 'function_call', model: 'gpt-6-astra' },
  'service-tier': { caseId: 'shapes.service-tier', turn: 'message', config: ['service_tier="fast"'] },
  'openai-metadata': { caseId: 'shapes.openai-metadata', turn: 'message', provider: { name: 'OpenAI' } },
  'image-input': { caseId: 'shapes.image-input', turn: 'message', image: true },
};

/** The websocket suite's cases that replay the frames Codex sends in each kind of turn. */
export const WEBSOCKET_CASES_FOR_TURN: Record<MatrixTurn, string[]> = {
  message: ['websocket.handshake', 'websocket.prewarm-frame', 'websocket.chained-turn'],
  function_call: ['websocket.handshake', 'websocket.prewarm-frame', 'websocket.tool-call', 'websocket.tool-output'],
  custom_tool_call: [],
  'remote-compaction': [],
  'local-compaction': [],
};

/** The cases of relaycheck's suites that replay the requests Codex sends in each kind of turn. */
export const CASES_FOR_TURN: Record<MatrixTurn, string[]> = {
  message: ['turns.plain'],
  function_call: ['tools.function-call', 'turns.after-tool-call', 'reasoning.round-trip'],
  custom_tool_call: ['tools.apply-patch', 'turns.after-apply-patch'],
  'remote-compaction': ['compaction.remote', 'compaction.after-remote'],
  'local-compaction': ['compaction.local'],
};

/** The case a row with a model catalog adds. */
export const CATALOG_CASE = 'catalog.fetch';

/** Idle timeout used on both sides, so a stall costs seconds, not Codex's default five minutes. */
export const MATRIX_IDLE_TIMEOUT_MS = 2_000;

export function behaviourName(row: MatrixRow): string {
  const qualifiers = [...(row.shape ? [row.shape] : []), ...(row.transport ? [row.transport] : []), ...(row.provider ? [`${row.provider} provider`] : []), ...(row.turn === 'message' ? [] : [row.turn]), ...(row.modelCatalog ? ['model catalog'] : []), ...(row.defaultRetries ? ['default retries'] : [])];
  return qualifiers.length ? `${row.relay} (${qualifiers.join(', ')})` : row.relay;
}

/** What the row says Codex `version` does. */
export function expectationOn(row: MatrixRow, version: string): CodexExpectation {
  return row.expectOn?.[version] ?? row.expect;
}

const completes: CodexExpectation = { codex: 'completes' };
const loses = (check: CheckIdValue): CodexExpectation => ({ codex: 'loses', check });
const fails = (says: RegExp, check: CheckIdValue): CodexExpectation => ({ codex: 'fails', says, check });
const fallsBack = (says: RegExp, check: CheckIdValue): CodexExpectation => ({ codex: 'falls-back', says, check });

// Codex's messages (turn.failed), as measured.
const CLOSED_EARLY = /^stream disconnected before completion: stream closed before response\.completed$/;
const IDLE = /^stream disconnected before completion: idle timeout waiting for SSE$/;
const NOT_UTF8 = /^stream disconnected before completion: UTF8 error/;
const NO_COMPACTION_ITEM = /^Error running remote compact task: Fatal error: remote compaction v2 expected exactly one compaction output item, got 0 from 1 output items$/;
// Codex's warning (an `error` item) when openai-model names another model than it asked for.
const REROUTED = /^model rerouted: gpt-5\.5 -> gpt-4o-mini \(HighRiskCyberActivity\)$/;
// A refused local compaction request fails the turn with the relay's error body, as measured.
const LOCAL_SUMMARY_REFUSED = /^\{"error":\{"message":"Invalid 'tools': empty array\. Expected an array with minimum length 1, but got an empty array instead\.","type":"invalid_request_error","code":"empty_array","param":"tools"\}\}$/;
const UNPARSABLE_COMPLETION = (why: string) => new RegExp(`^stream disconnected before completion: failed to parse ResponseCompleted: ${why}`);

const message = (relay: string, expect: CodexExpectation): MatrixRow => ({ relay, turn: 'message', expect });
const toolCall = (relay: string, expect: CodexExpectation): MatrixRow => ({ relay, turn: 'function_call', expect });
const patch = (relay: string, expect: CodexExpectation): MatrixRow => ({ relay, turn: 'custom_tool_call', expect });
const compacting = (relay: string, expect: CodexExpectation): MatrixRow => ({ relay, turn: 'remote-compaction', expect });
/** Codex configured to send `shape`, taking the turn its case replays (SHAPE_RUNS), or `turn`. */
const shaped = (shape: RequestShape, relay: string, expect: CodexExpectation, turn: MatrixTurn = SHAPE_RUNS[shape].turn): MatrixRow => ({ relay, shape, turn, expect });
const compactingLocally = (relay: string, expect: CodexExpectation): MatrixRow => ({ relay, turn: 'local-compaction', expect });
/** With the provider's model_catalog_url at the relay's catalog. */
const withCatalog = (row: MatrixRow): MatrixRow => ({ ...row, modelCatalog: true });
const retried = (row: MatrixRow): MatrixRow => ({ ...row, defaultRetries: true });
/** Over Codex's WebSocket transport; a relay of websocket-relays.ts unless it is the reference. */
const overWebSocket = (row: MatrixRow): MatrixRow => ({ ...row, transport: 'websocket', ...(row.relay !== 'reference' && { source: 'websocket' as const }) });
/** Through the built-in provider aimed at the relay, which always opens the socket first. */
const builtIn = (row: MatrixRow): MatrixRow => overWebSocket({ ...row, provider: 'built-in' });
const hostile = (relay: string, expect: CodexExpectation): MatrixRow => ({ relay, source: 'hostile', turn: 'message', expect, answer: 'Hello from a relay' });
/** A turn Codex completes, printing `warning` (or nothing at all). */
const warning = (row: MatrixRow, warns: CodexWarning): MatrixRow => ({ ...row, warns });
/** The row with its outcome on some releases replaced by what was measured there. */
const on = (expectOn: Record<string, CodexExpectation>, row: MatrixRow): MatrixRow => ({ ...row, expectOn });

export const MATRIX: MatrixRow[] = [
  // Healthy, on each kind of turn.
  message('reference', completes),
  toolCall('reference', completes),
  patch('reference', completes),
  toolCall('reasoning-round-trip', completes),
  message('redirect-307', completes),

  // HTTP: no Responses endpoint, or an error instead of a stream.
  message('chat-only', fails(/^unexpected status 404 Not Found: /, CheckId.endpointSupported)),
  message('method-not-allowed', fails(/^unexpected status 405 Method Not Allowed: /, CheckId.endpointSupported)),
  message('redirect-301', fails(/^unexpected status 404 Not Found: Invalid URL \(GET \/v1\/responses\?relaycheck-hop=1\), url: http:\/\/127\.0\.0\.1:\d+\/v1\/responses/, CheckId.statusOk)),
  message('model-needs-prefix', fails(/^The model 'gpt-5\.5' does not exist or you do not have access to it\.$/, CheckId.modelServed)),
  message('new-api-no-channel', fails(/^unexpected status 503 Service Unavailable: 当前分组 default 下对于模型 gpt-5\.5 无可用渠道 \(request id: \d+\), url: http:\/\/127\.0\.0\.1:\d+\/v1\/responses$/, CheckId.modelServed)),
  message('new-api-no-channel-400', fails(/^\{"error":\{"message":"当前分组 default 下对于模型 gpt-5\.5 无可用渠道 \(request id: \d+\)","type":"new_api_error","code":""\}\}$/, CheckId.modelServed)),
  message('rejects-codex-fields', fails(/Unsupported parameter: 'include'/, CheckId.statusOk)),
  message('unauthorized', fails(/^unexpected status 401 Unauthorized: Incorrect API key provided/, CheckId.statusOk)),
  message('rate-limited', fails(/^exceeded retry limit, last status: 429 Too Many Requests$/, CheckId.statusOk)),
  message('server-error', fails(/currently experiencing high demand/, CheckId.statusOk)),
  toolCall('reasoning-rejected-on-replay', fails(/encrypted content for item rs_\w+ could not be verified/, CheckId.statusOk)),
  hostile('html-error-page-502', fails(/^unexpected status 502 Bad Gateway: <html>/, CheckId.statusOk)),

  // The stream never delivers a terminal event Codex can read.
  message('json-instead-of-stream', fails(CLOSED_EARLY, CheckId.terminalEvent)),
  message('no-terminal-event', fails(CLOSED_EARLY, CheckId.terminalEvent)),
  message('unterminated-final-event', fails(CLOSED_EARLY, CheckId.terminalEvent)),
  message('two-objects-in-one-event', fails(CLOSED_EARLY, CheckId.terminalEvent)),
  message('bom-before-stream', fails(CLOSED_EARLY, CheckId.terminalEvent)),
  message('bare-cr-line-endings', fails(CLOSED_EARLY, CheckId.terminalEvent)),
  message('error-event', fails(CLOSED_EARLY, CheckId.terminalEvent)),
  message('completed-without-response', fails(CLOSED_EARLY, CheckId.terminalEvent)),
  hostile('html-page-with-200', fails(CLOSED_EARLY, CheckId.terminalEvent)),
  hostile('empty-200', fails(CLOSED_EARLY, CheckId.terminalEvent)),
  hostile('invalid-utf8-in-text', fails(NOT_UTF8, CheckId.terminalEvent)),
  // A compressed answer nobody asked for: 0.169.0 reads the raw bytes, 0.171.0 decodes them.
  on({ '0.171.0': completes }, hostile('gzip-encoded-valid-stream', fails(NOT_UTF8, CheckId.terminalEvent))),
  on({ '0.171.0': completes }, hostile('zstd-encoded-valid-stream', fails(NOT_UTF8, CheckId.terminalEvent))),

  // response.completed Codex cannot parse.
  message('completed-without-id', fails(UNPARSABLE_COMPLETION('missing field `id`'), CheckId.completedResponseId)),
  message('usage-chat-style', fails(UNPARSABLE_COMPLETION('missing field `input_tokens`'), CheckId.usageParsable)),
  message('usage-empty-details', fails(UNPARSABLE_COMPLETION('missing field `cached_tokens`'), CheckId.usageParsable)),
  message('usage-float-counts', fails(UNPARSABLE_COMPLETION('invalid number'), CheckId.usageParsable)),

  // The relay ends the turn in failure: retried or final, closed or held open.
  message('failed-server-error', fails(/^stream disconnected before completion: The model produced an error\.$/, CheckId.notFailed)),
  message('failed-rate-limited', fails(/^rate limit exceeded: Rate limit reached for gpt-5\.5\. Please try again in 1s\.$/, CheckId.notFailed)),
  message('failed-insufficient-quota', fails(/^Quota exceeded\. Check your plan and billing details\.$/, CheckId.notFailed)),
  message('failed-context-length-open', fails(/^Codex ran out of room in the model's context window/, CheckId.notFailed)),
  message('incomplete-max-tokens', fails(/^Incomplete response returned, reason: max_output_tokens$/, CheckId.notFailed)),
  message('failed-socket-open', fails(IDLE, CheckId.failedCloses)),

  // Transient failures, with Codex's default retries (nothing declared about them: measured each run).
  retried(message('server-error-once', completes)),
  retried(toolCall('server-error-once', completes)),
  retried(message('unavailable-retry-after-once', completes)),
  retried(message('failed-rate-limited-once', completes)),
  retried(message('stream-dropped-once', completes)),
  retried(toolCall('stream-dropped-once', completes)),
  retried(patch('stream-dropped-once', completes)),
  retried(message('rate-limited-once', fails(/^exceeded retry limit, last status: 429 Too Many Requests$/, CheckId.statusOk))),
  retried(message('rate-limited-every-retry', fails(/^exceeded retry limit, last status: 429 Too Many Requests$/, CheckId.statusOk))),

  // Silence.
  message('idle-stall', fails(IDLE, CheckId.idleGap)),
  // A proxy that holds the compressed body until a slow upstream ends: only a client that asks for
  // compression (0.171.0) gets it, and sees silence.
  on({ '0.171.0': fails(IDLE, CheckId.idleGap) }, message('buffered-compression-slow-upstream', completes)),
  on({ '0.171.0': fails(IDLE, CheckId.idleGap) }, toolCall('buffered-compression-slow-upstream', completes)),
  message('comment-keepalives', fails(IDLE, CheckId.idleGap)),

  // Codex exits 0 but the user never sees what the relay sent.
  message('deltas-only', loses(CheckId.outputViaItemDone)),
  toolCall('deltas-only', loses(CheckId.outputViaItemDone)),
  message('items-only-in-completed', loses(CheckId.outputViaItemDone)),
  toolCall('items-only-in-completed', loses(CheckId.outputViaItemDone)),
  message('message-content-text', loses(CheckId.itemsParsable)),
  toolCall('object-arguments', loses(CheckId.functionCallArguments)),
  toolCall('arguments-only-in-deltas', loses(CheckId.functionCallArguments)),
  toolCall('missing-call-id', loses(CheckId.callId)),
  patch('missing-call-id', loses(CheckId.callId)),
  patch('custom-tool-as-function', loses(CheckId.customToolCall)),

  // Compression for a client that asks for it (0.171.0 does; 0.169.0 gets the plain stream).
  message('compresses-gzip-when-asked', completes),
  message('compresses-zstd-when-asked', completes),
  toolCall('compresses-zstd-when-asked', completes),
  patch('compresses-gzip-when-asked', completes),
  message('buffered-compression', completes),
  patch('buffered-compression', completes),

  // Off-spec, and harmless to Codex: relaycheck must not call them incompatible.
  message('usage-null', completes),
  message('deltas-without-item-added', completes),
  message('events-after-completed', completes),
  message('json-split-across-data-lines', completes),
  message('crlf-line-endings', completes),
  message('wrong-content-type', completes),
  message('done-and-comments', completes),
  message('data-keepalives', completes),
  message('reasoning-without-summary', completes),
  toolCall('reasoning-without-summary', completes),
  toolCall('empty-call-id', completes),
  patch('empty-call-id', completes),
  hostile('reset-after-terminal', completes),
  hostile('invalid-utf8-after-terminal', completes),

  // Response headers Codex reads (codex/codex-response-headers.ts): a renamed model warns on every
  // turn; the others change nothing Codex shows (their effects on later requests: ground truth).
  warning(message('model-rerouted', completes), { says: REROUTED, check: CheckId.modelNotRerouted }),
  warning(toolCall('model-rerouted', completes), { says: REROUTED, check: CheckId.modelNotRerouted }),
  warning(message('rate-limit-reached-header', completes), 'nothing'),
  warning(message('credits-exhausted-headers', completes), 'nothing'),
  warning(message('models-etag-header', completes), 'nothing'),
  warning(toolCall('turn-state-header', completes), 'nothing'),
  warning(message('reasoning-included-header', completes), 'nothing'),

  // The WebSocket transport (supports_websockets = true): a failed socket costs time, not the turn,
  // and Codex says so. With retries 0 (the matrix's default) every fault falls back at once.
  overWebSocket(message('reference', completes)),
  overWebSocket(toolCall('reference', completes)),
  overWebSocket(message('websocket-426', completes)),
  overWebSocket(message('websocket-404', fallsBack(/^Falling back from WebSockets to HTTPS transport\. unexpected status 404 Not Found: /, CheckId.websocketUpgrade))),
  overWebSocket(message('websocket-silent', fallsBack(/^Falling back from WebSockets to HTTPS transport\. stream disconnected before completion: idle timeout waiting for websocket$/, CheckId.websocketPrewarm))),
  overWebSocket(message('websocket-forgets-responses', fallsBack(/^Falling back from WebSockets to HTTPS transport\. stream disconnected before completion: Previous response with id 'resp_\w+' not found\.$/, CheckId.websocketPreviousResponseKept))),
  // With Codex's default stream retries it reconnects, resends the whole conversation and completes silently.
  retried(overWebSocket(message('websocket-forgets-responses', completes))),
  // The built-in provider aimed at the relay: the socket cannot be turned off, nor the retries or the
  // 300 s idle timeout changed. A 404 costs 7 upgrades (~6.3 s) and then the warning; a silent socket
  // holds the turn past the matrix's 30 s bound with nothing shown.
  builtIn(message('reference', completes)),
  builtIn(message('websocket-404', fallsBack(/^Falling back from WebSockets to HTTPS transport\. unexpected status 404 Not Found: /, CheckId.websocketUpgrade))),
  builtIn(message('websocket-silent', fails(/^killed by the hard timeout$/, CheckId.websocketPrewarm))),

  // Remote compaction (provider named "OpenAI"): the trigger, and the request carrying the item back.
  compacting('reference', completes),
  compacting('compaction-answered-with-text', fails(NO_COMPACTION_ITEM, CheckId.compactionRemoteItem)),
  compacting('compaction-trigger-404', fails(/^Error running remote compact task: unexpected status 404 Not Found: Remote compaction is not supported by this relay\., url: http:\/\/127\.0\.0\.1:\d+\/v1\/responses$/, CheckId.compactionRemoteItem)),
  compacting('compaction-item-refused', fails(/^\{"error":\{"message":"Invalid value: 'compaction'\. Supported values are: /, CheckId.compactionItemAccepted)),

  // Request shapes only some configs send: each through the reference relay, and through a relay that breaks it.
  shaped('responses-lite', 'reference', completes),
  shaped('responses-lite', 'lite-tools-dropped', loses(CheckId.liteToolsKept)),
  // The same relay on a plain message turn: the model needs no tool to say hello.
  shaped('responses-lite', 'lite-tools-dropped', completes, 'message'),
  shaped('service-tier', 'reference', completes),
  shaped('service-tier', 'service-tier-refused', fails(/^\{"error":\{"message":"Unsupported parameter: service_tier"/, CheckId.shapeAccepted)),
  shaped('openai-metadata', 'reference', completes),
  shaped('openai-metadata', 'metadata-passthrough-refused', fails(/^\{"error":\{"message":"Unknown parameter: 'input\[0\]\.internal_chat_message_metadata_passthrough'\."/, CheckId.shapeAccepted)),
  shaped('image-input', 'reference', completes),
  shaped('image-input', 'image-input-refused', fails(/^\{"error":\{"message":"Invalid content type: image inputs are not supported by this model\."/, CheckId.shapeAccepted)),
  // Local compaction (any other provider name): a request with tools: [] whose answer is the summary.
  compactingLocally('reference', completes),
  compactingLocally('compaction-summary-refused', fails(LOCAL_SUMMARY_REFUSED, CheckId.compactionLocalSummary)),

  // The provider's model catalog (model_catalog_url): without a catalog Codex can use for the model,
  // it offers no apply_patch tool, and the patch turn exits 0 having written nothing.
  withCatalog(patch('reference', completes)),
  withCatalog(patch('catalog-openai-list', loses(CheckId.catalogShape))),
  withCatalog(patch('catalog-404', loses(CheckId.catalogShape))),
  withCatalog(patch('catalog-no-apply-patch', loses(CheckId.catalogApplyPatch))),
];
