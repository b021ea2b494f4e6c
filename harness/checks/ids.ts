// Stable check ids. Baselines, JUnit names and the simulated relays refer to these: never reuse or
// renumber one; retire it instead.
export const CheckId = {
  // required: Codex fails, retries, times out or silently loses output without them
  endpointSupported: 'http.endpoint-supported',
  modelServed: 'http.model-served',
  statusOk: 'http.status-ok',
  terminalEvent: 'sse.terminal-event',
  completedResponseId: 'codex.completed-response-id',
  usageParsable: 'usage.codex-parsable',
  outputViaItemDone: 'codex.output-via-item-done',
  itemsParsable: 'codex.items-parsable',
  functionCallArguments: 'tools.function-call-arguments',
  callId: 'tools.call-id',
  customToolCall: 'tools.custom-tool-call',
  toolCallReceived: 'tools.call-received',
  notFailed: 'codex.turn-not-failed',
  failedCloses: 'stream.failed-closes',
  idleGap: 'stream.idle-gap',
  // WebSocket transport: required when the user's provider uses it (supports_websockets), recommended otherwise
  websocketUpgrade: 'websocket.upgrade',
  websocketPrewarm: 'websocket.prewarm',
  websocketPreviousResponseKept: 'websocket.previous-response-kept',
  websocketUnknownPreviousResponse: 'websocket.unknown-previous-response',
  websocketLargeFrame: 'websocket.large-frame',

  // recommended: OpenAI spec / Open Responses conformance that Codex tolerates
  contentType: 'http.content-type',
  noRetryNeeded: 'http.no-retry-needed',
  framing: 'sse.framing',
  eventNameMatchesType: 'sse.event-name-matches-type',
  eventsParse: 'sse.events-parse',
  eventSchema: 'schema.stream-events',
  responseSchema: 'schema.response-object',
  sequenceNumbers: 'stream.sequence-numbers',
  singleTerminal: 'stream.single-terminal',
  itemPairing: 'stream.item-pairing',
  deltasAfterAdded: 'stream.deltas-after-item-added',
  deltaDoneAgreement: 'stream.delta-done-agreement',
  responseIdConsistent: 'stream.response-id-consistent',
  errorEnvelope: 'errors.envelope',
  unknownModelRejected: 'errors.unknown-model-rejected',
  notBuffered: 'stream.not-buffered',
  // response headers Codex acts on (codex/codex-response-headers.ts)
  modelNotRerouted: 'headers.model-not-rerouted',

  // Chat Completions (the chat suite: other agents' requests, never part of the Codex verdict).
  // required: the agent loses the answer, the tool call or its bookkeeping without them
  chatStatusOk: 'chat.status-ok',
  chatContentStreamed: 'chat.content-streamed',
  chatToolCallDeltas: 'chat.tool-call-deltas',
  chatToolCallArguments: 'chat.tool-call-arguments',
  chatFinishReason: 'chat.finish-reason',
  chatUsage: 'chat.usage',
  chatDoneMarker: 'chat.done-marker',
  chatErrorEnvelope: 'chat.error-envelope',
  // recommended
  chatChunkSchema: 'chat.chunk-schema',
  // compaction: recommended, required on the path the user's provider puts Codex on
  compactionRemoteItem: 'compaction.remote-item',
  compactionItemAccepted: 'compaction.item-accepted',
  compactionLocalSummary: 'compaction.local-summary',
  // request shapes: recommended, required for the shapes the user's config sends
  shapeAccepted: 'shapes.request-accepted',
  liteToolsKept: 'shapes.lite-tools-kept',
  // model catalog (the provider's model_catalog_url): required, run only when a catalog is configured
  catalogShape: 'catalog.codex-shape',
  catalogModelEntry: 'catalog.model-entry',
  catalogApplyPatch: 'catalog.apply-patch',
} as const;

export type CheckIdValue = (typeof CheckId)[keyof typeof CheckId];
