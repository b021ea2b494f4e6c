// `relaycheck fidelity`'s run: each case's recorded Codex request goes to the relay, which forwards
// it to relaycheck's reference upstream; then what reached the upstream is compared with what was
// sent, and what the client got with what the upstream answered. Each comparison is a check of the
// case (so every report writer shows it) and, when it fails, a finding of the report's `fidelity`.
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { type Observer, isRecord } from '../checks/check.ts';
import type { ExchangeEnd } from '../exchange/exchange-end.ts';
import { DEFAULT_LIMITS, performExchange } from '../exchange/exchange.ts';
import { type Fixture, loadFixture } from '../replay/fixture.ts';
import { instantiateRequest } from '../replay/instantiate-request.ts';
import { HttpClient, type OutgoingRequest, readText } from '../http/http-client.ts';
import { classifyTransportError } from '../http/classify-transport-error.ts';
import { type DecodableCoding, codingToDecode, decodeBody } from '../http/content-decoding.ts';
import { type CaseResult, type CheckResult, type FidelityFinding, REPORT_SCHEMA_VERSION, type RunReport } from '../report/model.ts';
import { Redactor } from '../redact/redact.ts';
import { boundFailure } from '../bounds/result-bounds.ts';
import { caseStatus } from '../run/run-case.ts';
import { PINNED_PROFILE } from '../codex/codex-profile.ts';
import { TOOL_VERSION } from '../package/tool-version.ts';
import { decideVerdict, summarize } from '../run/verdict.ts';
import { type Answer, chatCallsOf, compareChatToolCalls, compareEvents, compareTiming, compareToolCalls, outputItems, parseData, parseSseAnswer } from './compare-answer.ts';
import { HEADER_IDS, compareHeaders } from './compare-headers.ts';
import { REQUEST_BODY_IDS, compareRequest } from './compare-request.ts';
import { compareTranslatedRequest } from './compare-translated.ts';
import { compareTranslatedAnswer } from './compare-translated-answer.ts';
import { FIDELITY_CASES, FIDELITY_SIDES, type FidelityCase } from './fidelity-cases.ts';
import { AGENT_DECODES, AGENT_SETTINGS, type AgentToolCall, CHAT_DEFAULT_MODEL, chatRequest } from '../chat/agent-requests.ts';
import { FidelityId, fidelityRule } from './finding-ids.ts';
import { decideFidelity } from './fidelity-verdict.ts';
import { type Observation, fail, pass, skip } from './observation.ts';
import { MAX_CHUNK_TIMES, type ReferenceUpstream, type UpstreamExchange } from './reference-upstream.ts';

export interface FidelityOptions {
  /** The relay's base_url as Codex would be given it. */
  baseUrl: string;
  upstream: ReferenceUpstream;
  /** The client's key for the relay (also what must not reach the upstream). */
  apiKey?: string;
  /** Replaces every fixture's model. */
  model?: string;
  /** The model the relay is documented to ask the upstream for, per client model. */
  modelMap?: Record<string, string>;
  timeoutMs: number;
  cases?: readonly FidelityCase[];
  /** Headers every client request carries besides its own (a gateway's routing headers, --header). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  fixturesDir?: string;
}

/** Events of one client stream kept for comparing; a longer stream is compared on this prefix. */
const MAX_CLIENT_EVENTS = 20_000;
const MAX_JSON_BODY_BYTES = 8 * 1024 * 1024;
/** After the client's answer ended, how long the upstream's own recording may take to end too. */
const SETTLE_MS = 1_000;
const SETTLE_POLL_MS = 20;

export async function runFidelity(options: FidelityOptions): Promise<RunReport> {
  const startedAt = new Date().toISOString();
  const redactor = new Redactor([options.apiKey]);
  const cases = options.cases ?? FIDELITY_CASES;
  const fixtures = new Map<string, Fixture>();
  for (const spec of cases) if (spec.side === 'responses' && !fixtures.has(spec.fixture)) fixtures.set(spec.fixture, await loadFixture(spec.fixture, options.fixturesDir));
  const client = new HttpClient();
  const results: CaseResult[] = [];
  const findings: FidelityFinding[] = [];
  // Ctrl-C drops the case in flight (closing the client below ends its request) and runs no more.
  const stopped = options.signal && (options.signal.aborted ? Promise.resolve(undefined) : once(options.signal, 'abort').then(() => undefined));
  try {
    for (const spec of cases) {
      if (options.signal?.aborted) break;
      const running = runCase(spec, fixtures, client, options);
      const done = stopped ? await Promise.race([running, stopped]) : await running;
      if (!done) break;
      results.push(redactor.deep(done.result));
      findings.push(...redactor.deep(done.failed));
    }
  } finally {
    await client.close();
  }
  const first = cases[0];
  const model = options.model ?? (first?.side === 'chat' ? CHAT_DEFAULT_MODEL : fixtures.get(first?.fixture ?? '')?.request.body.model) ?? 'as recorded';
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'relaycheck', version: TOOL_VERSION },
    codex: { version: PINNED_PROFILE.version },
    target: { baseUrl: redactor.text(options.baseUrl), model },
    startedAt,
    finishedAt: new Date().toISOString(),
    summary: summarize(results),
    verdict: decideVerdict(results),
    ...(options.signal?.aborted && { interrupted: { planned: cases.length } }),
    cases: results,
    fidelity: { upstreamUrl: options.upstream.url, sides: FIDELITY_SIDES.filter((side) => cases.some((c) => c.side === side)), ...decideFidelity(findings, results), findings },
  };
}

const replayTarget = (options: FidelityOptions) => ({ baseUrl: options.baseUrl, apiKey: options.apiKey, model: options.model, extraHeaders: options.headers });

/** The request a case sends: a recorded Codex request with fresh ids, or an agent's chat request (its follow-up carrying `calls`). */
function caseRequest(spec: FidelityCase, fixtures: Map<string, Fixture>, options: FidelityOptions, calls?: readonly AgentToolCall[]): OutgoingRequest {
  const target = replayTarget(options);
  if (spec.side === 'chat') return chatRequest(spec.chatRequest, target, calls, AGENT_SETTINGS);
  return instantiateRequest(fixtures.get(spec.fixture)!, target, (body) => {
    if (!spec.stream) body.stream = false;
  });
}

async function runCase(spec: FidelityCase, fixtures: Map<string, Fixture>, client: HttpClient, options: FidelityOptions): Promise<{ result: CaseResult; failed: FidelityFinding[] }> {
  const started = performance.now();
  const toolTurn = spec.side === 'chat' && spec.toolTurn === true;
  const turn = toolTurn ? await toolTurnSetUp(client, options) : undefined;
  options.upstream.beginCase({ betweenEventsMs: spec.pacedMs, reasoning: toolTurn, reasoningOnly: spec.side === 'chat' && spec.reasoningOnly === true });
  const request = caseRequest(spec, fixtures, options, turn?.calls);
  const sentBody = JSON.parse(request.body!) as Record<string, unknown>;
  const streamed = spec.side === 'chat' || spec.stream;
  // Decoded as the client decodes it (the pinned Codex asks for zstd and gzip, an agent as Node fetch): a relay may compress.
  const decodes = spec.side === 'chat' ? AGENT_DECODES : PINNED_PROFILE.decodes;
  const sent = streamed ? await sendStreamed(client, request, options.timeoutMs, decodes) : await sendJson(client, request, options.timeoutMs, decodes);
  const calls = await settledCalls(options.upstream);
  const clientModel = String(sentBody.model);
  const observations = [
    ...compareForwarded(spec, sentBody, request.headers, calls, options.modelMap?.[clientModel] ?? clientModel, options.apiKey, turn?.reasoningBefore),
    ...compareAnswers(spec, calls, sent, turn?.callsReturned),
  ];
  const checks = observations.map(toCheck);
  const result: CaseResult = {
    id: spec.id,
    suite: 'fidelity',
    title: spec.title,
    requirement:
      spec.side === 'chat'
        ? "An agent's chat request reaches the upstream with its tools and messages unchanged (in either API), once, and the upstream's tool calls come back as tool_calls, as they stream."
        : 'What the client sends reaches the upstream unchanged, once, and what the upstream answers reaches the client unchanged, as it streams.',
    status: caseStatus(checks, sent.end),
    durationMs: Math.round(performance.now() - started),
    ...(sent.end.head && { http: { status: sent.end.head.status } }),
    ...(sent.end.error && { error: sent.end.error }),
    labels: [],
    checks,
  };
  const failed = observations.filter((o) => o.status === 'fail').map((o) => toFinding(o, spec.id));
  return { result, failed };
}

/**
 * The first half of an agent's tool turn: the tool-call request, answered by the upstream with a
 * reasoning item before its call. What the agent got back (its calls, undefined when none came: the
 * recorded call is sent then) and the reasoning the upstream gave before each of its calls.
 */
async function toolTurnSetUp(client: HttpClient, options: FidelityOptions): Promise<{ calls?: AgentToolCall[]; reasoningBefore: Map<string, unknown[]>; callsReturned: Observation }> {
  options.upstream.beginCase({ reasoning: true });
  const sent = await sendStreamed(client, chatRequest('tool-call', replayTarget(options), undefined, AGENT_SETTINGS), options.timeoutMs, AGENT_DECODES);
  const { calls } = await settledCalls(options.upstream);
  const reasoningBefore = new Map<string, unknown[]>();
  let reasoning: unknown[] = [];
  for (const item of calls[0] ? outputItems(upstreamAnswer(calls[0])) : []) {
    if (item.type === 'reasoning') reasoning = [...reasoning, item];
    else if (item.type === 'function_call') {
      reasoningBefore.set(String(item.call_id), reasoning);
      reasoning = [];
    }
  }
  const got = chatCallsOf(sent.answer).filter((call) => typeof call.call_id === 'string' && typeof call.name === 'string' && typeof call.arguments === 'string');
  // The turn's calls come back here, not in the follow-up: a relay that loses them is judged on this
  // answer (the follow-up then carries the recorded call, so nothing else would show it).
  const callsReturned = compareChatToolCalls(calls[0] ? upstreamAnswer(calls[0]) : undefined, sent.answer);
  return { reasoningBefore, callsReturned, ...(got.length > 0 && { calls: got.map((call) => ({ id: String(call.call_id), name: String(call.name), arguments: String(call.arguments) })) }) };
}

interface ClientAnswer {
  end: ExchangeEnd;
  answer: Answer;
  /** performance.now() when the first event was parsed. */
  firstEventAt?: number;
  /** performance.now() of each event as it was parsed, the first MAX_CHUNK_TIMES of them. */
  eventAt?: number[];
}

async function sendStreamed(client: HttpClient, request: OutgoingRequest, timeoutMs: number, decodes: readonly DecodableCoding[]): Promise<ClientAnswer> {
  const events: unknown[] = [];
  const eventAt: number[] = [];
  const sentAt = performance.now();
  const collector: Observer = {
    event: (event) => {
      if (eventAt.length < MAX_CHUNK_TIMES) eventAt.push(performance.now());
      if (events.length < MAX_CLIENT_EVENTS) events.push(parseData(event.data));
    },
    end: () => ({ status: 'pass', message: '' }),
  };
  const { end } = await performExchange(client, request, { ...DEFAULT_LIMITS, deadlineMs: timeoutMs, idleTimeoutMs: timeoutMs }, [collector], decodes);
  const answer: Answer = end.head?.status === 200 || end.bodyText === undefined ? { kind: 'stream', events } : { kind: 'json', body: parseData(end.bodyText) };
  return { end, answer, eventAt, ...(end.firstEventAtMs !== undefined && { firstEventAt: sentAt + end.firstEventAtMs }) };
}

async function sendJson(client: HttpClient, request: OutgoingRequest, timeoutMs: number, decodes: readonly DecodableCoding[]): Promise<ClientAnswer> {
  const started = performance.now();
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const end = () => ({ ending: 'eof' as const, durationMs: Math.round(performance.now() - started), bytes: 0, events: 0, comments: 0, framing: [], maxGapMs: 0 });
  try {
    const opened = await client.open(request, { signal: deadline.signal, deadlineMs: timeoutMs });
    if (!opened.ok) return { end: { ...end(), ending: 'transport-error', error: opened.error }, answer: { kind: 'json', body: null } };
    const { response } = opened;
    const coding = codingToDecode(response.head.headers['content-encoding'], decodes);
    const { text } = await readText(coding ? { ...response, chunks: decodeBody(response.chunks, coding, MAX_JSON_BODY_BYTES) } : response, MAX_JSON_BODY_BYTES);
    return { end: { ...end(), head: response.head, bodyText: text, bytes: Buffer.byteLength(text) }, answer: { kind: 'json', body: parseData(text) } };
  } catch (error) {
    return { end: { ...end(), ending: 'transport-error', error: classifyTransportError(error, { deadlineHit: deadline.signal.aborted, deadlineMs: timeoutMs }) }, answer: { kind: 'json', body: null } };
  } finally {
    clearTimeout(timer);
  }
}

/** The relay's calls to the upstream's model endpoints (Responses or Chat Completions), once their answers ended (or a bound passed). */
async function settledCalls(upstream: ReferenceUpstream): Promise<{ calls: UpstreamExchange[]; uncounted: number }> {
  const until = performance.now() + SETTLE_MS;
  for (;;) {
    const { exchanges, uncounted } = upstream.recorded();
    const calls = exchanges.filter((e) => e.method === 'POST' && MODEL_PATH.test(e.path));
    if (calls.every((c) => c.response.ended) || performance.now() > until) return { calls, uncounted };
    await sleep(SETTLE_POLL_MS);
  }
}

/** What the upstream bills for: a relay may speak either API to it. */
const MODEL_PATH = /\/(responses|chat\/completions)(\?|$)/;
const isChatPath = (path: string) => /\/chat\/completions(\?|$)/.test(path);

function compareForwarded(spec: FidelityCase, sentBody: Record<string, unknown>, sentHeaders: Record<string, string>, recorded: { calls: UpstreamExchange[]; uncounted: number }, expectedModel: string, apiKey: string | undefined, reasoningBefore?: ReadonlyMap<string, unknown[]>): Observation[] {
  const count = recorded.calls.length + recorded.uncounted;
  const single =
    count === 1
      ? pass(FidelityId.singleUpstreamCall, 'one upstream request')
      : count === 0
        ? fail(FidelityId.singleUpstreamCall, 'the relay did not call the upstream', 1, 0)
        : fail(FidelityId.singleUpstreamCall, `the relay called the upstream ${count} times for one client request`, 1, count);
  const first = recorded.calls[0];
  if (!first) return [single, ...[...REQUEST_BODY_IDS, ...HEADER_IDS].map((id) => skip(id, 'no request reached the upstream'))];
  const received = parseData(first.bodyText);
  const unreadable = first.bodyTruncated ? 'the body that reached the upstream is over the recording bound' : 'the body that reached the upstream is not a JSON object';
  const bodyChecks = isRecord(received) ? compareBody(spec, sentBody, received, first.path, expectedModel, reasoningBefore) : REQUEST_BODY_IDS.map((id) => fail(id, unreadable, "the client's JSON body", first.bodyText.slice(0, 200)));
  return [single, ...bodyChecks, ...compareHeaders(sentHeaders, first.headers, apiKey)];
}

/** Same API on both sides: compared as sent; a chat request passed on as a Responses one: compared by meaning. */
function compareBody(spec: FidelityCase, sent: Record<string, unknown>, received: Record<string, unknown>, path: string, expectedModel: string, reasoningBefore?: ReadonlyMap<string, unknown[]>): Observation[] {
  if (spec.side === 'responses') return compareRequest(sent, received, expectedModel);
  return isChatPath(path) ? compareRequest(sent, received, expectedModel, 'messages') : compareTranslatedRequest(sent, received, expectedModel, reasoningBefore);
}

/** `setupCallsReturned`: a tool turn's judgement of the calls its set-up request got back, which stands for the follow-up's. */
function compareAnswers(spec: FidelityCase, recorded: { calls: UpstreamExchange[] }, sent: ClientAnswer, setupCallsReturned?: Observation): Observation[] {
  const answered = recorded.calls.filter((c) => c.response.ended && !c.response.truncated).map((call) => ({ call, answer: upstreamAnswer(call) }));
  // A relay that called more than once passed one of the answers on (the last it got, when they are
  // alike): compare with that one.
  const source = [...answered].reverse().find((a) => isDeepStrictEqual(a.answer, sent.answer)) ?? answered.at(-1);
  const translated = spec.side === 'chat' && answered.length > 0 && !answered.some((a) => isChatPath(a.call.path));
  const observations =
    spec.side === 'chat'
      ? [
          setupCallsReturned ?? compareChatToolCalls(source?.answer, sent.answer),
          translated ? compareTranslatedAnswer(source?.answer, sent.answer) : compareEvents(answered.map((a) => a.answer), sent.answer, sent.end),
        ]
      : [compareToolCalls(source?.answer, sent.answer), compareEvents(answered.map((a) => a.answer), sent.answer, sent.end)];
  if (spec.pacedMs !== undefined) {
    const response = (source?.call ?? recorded.calls.at(-1))?.response;
    observations.push(compareTiming({ upstreamFirstAt: response?.firstChunkAt, upstreamLastAt: response?.lastChunkAt, clientFirstAt: sent.firstEventAt, upstreamChunkAt: response?.chunkAt ?? [], clientEventAt: sent.eventAt ?? [], pacedMs: spec.pacedMs }));
  }
  return observations;
}

function upstreamAnswer(call: UpstreamExchange): Answer {
  const streamed = (call.response.headers['content-type'] ?? '').startsWith('text/event-stream');
  return streamed ? parseSseAnswer(call.response.text) : { kind: 'json', body: parseData(call.response.text) };
}

function toCheck(observation: Observation): CheckResult {
  const { severity } = fidelityRule(observation.id);
  const check: CheckResult = { id: observation.id, severity, status: observation.status, message: observation.message };
  if (observation.status === 'fail') check.failures = [boundFailure({ message: observation.message, expected: observation.expected, actual: observation.received })];
  return check;
}

function toFinding(observation: Observation, caseId: string): FidelityFinding {
  const bounded = boundFailure({ message: observation.message, expected: observation.expected, actual: observation.received });
  return {
    id: observation.id,
    severity: fidelityRule(observation.id).severity,
    caseId,
    message: bounded.message,
    ...(bounded.expected !== undefined && { expected: bounded.expected }),
    ...(bounded.actual !== undefined && { received: bounded.actual }),
  };
}
