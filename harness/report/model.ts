// The one result model. report.json is this, serialized; every other output renders from it.
// Its JSON Schema is harness/schemas/report.schema.json: change both together and bump
// REPORT_SCHEMA_VERSION when a field changes meaning or disappears.

import type { CompactionPath } from '../codex/compaction-path.ts';
import type { RequestShape } from '../codex/request-shapes.ts';
import type { CodexHeaderEffect } from '../codex/codex-response-headers.ts';

export const REPORT_SCHEMA_VERSION = 1;

/** required: Codex fails or silently loses output without it. recommended: spec conformance Codex tolerates. */
export type Severity = 'required' | 'recommended';
export type CheckStatus = 'pass' | 'fail' | 'skip';
export type CaseStatus = 'pass' | 'fail' | 'warn' | 'skip' | 'unsupported' | 'error';
/** not-evaluated: the run held no case Codex depends on (only non-core suites, e.g. `--suite errors`). */
export type CodexVerdict = 'compatible' | 'partial' | 'incompatible' | 'not-evaluated';
export type SpecVerdict = 'conformant' | 'deviations' | 'not-evaluated';

/** One concrete mismatch: plain data, so every writer can show expected vs received. */
export interface Failure {
  message: string;
  /** JSON pointer into the payload the failure is about (an event's data, a response body). */
  path?: string;
  expected?: unknown;
  actual?: unknown;
  /** Index of the SSE event (0-based, in arrival order) the failure points at. */
  eventIndex?: number;
}

export interface CheckResult {
  id: string;
  severity: Severity;
  status: CheckStatus;
  /** One line: why it passed, skipped or failed. */
  message: string;
  failures?: Failure[];
}

/** Why the runner got no (complete) answer: a different kind from a wrong answer, all the way to JUnit. */
export type TransportErrorKind =
  | 'dns'
  | 'refused'
  | 'reset'
  | 'tls'
  | 'timeout'
  | 'not-http'
  | 'too-large'
  | 'redirect'
  | 'other'
  /** relaycheck did not send the case: the relay never answered the first one (fail-fast). */
  | 'not-attempted';

export interface TransportError {
  kind: TransportErrorKind;
  message: string;
  /** A `tls` error because the port answered the TLS hello in plain HTTP (base_url should say http://). */
  plainHttp?: true;
}

export interface TranscriptEvent {
  /** Milliseconds since the request was sent. */
  atMs: number;
  event?: string;
  type?: string;
  /** The data field, cut to a bounded length. */
  data: string;
}

/** What was sent and received, bounded and redacted: evidence, not a full capture. */
export interface Transcript {
  request: {
    method: string;
    url: string;
    headers: Record<string, string>;
    bodyBytes: number;
    /** The fixture the body was built from (its placeholders filled, its model set to `model`). */
    fixture?: string;
    /** The model the body named. */
    model?: string;
    /** The body itself, when no fixture holds it (a raw body, an agent's chat request) and it is short enough to keep whole. */
    body?: string;
  };
  response?: {
    status: number;
    statusText?: string;
    headers: Record<string, string>;
    /** Milliseconds to the response head. */
    headersMs?: number;
    /** The URL that answered, when same-origin 307/308 redirects were followed (as Codex does). */
    url?: string;
  };
  /** The first events of the stream. */
  events: TranscriptEvent[];
  eventsTotal: number;
  bytesReceived: number;
  /** Start of a non-SSE body (error pages, JSON errors), cut to a bounded length. */
  bodyPreview?: string;
  /** When every event arrived (sampled past a bound), for report.html's timeline. */
  arrivals?: EventArrivals;
}

/** The arrival times of a stream's events, bounded: event 0, `every`, 2·`every`, … */
export interface EventArrivals {
  every: number;
  /** Milliseconds since the request was sent, of the kept events (at most 257). */
  atMs: number[];
  /** The last event's arrival. */
  lastMs: number;
  /** When reading stopped. */
  endMs: number;
  /** The Codex idle timeout the run modelled. */
  idleTimeoutMs: number;
  /** Reading stopped because no event came for idleTimeoutMs: Codex gives up there. */
  idleEnded?: boolean;
}

/** What Codex does on a socket that stays silent: its built-in provider hangs, a custom one falls back to HTTPS after its idle timeout. */
export type SilentSocketEffect = 'hangs' | 'falls-back';

export interface CaseResult {
  id: string;
  suite: string;
  title: string;
  /** The sentence this case holds the relay to, shown when it fails. */
  requirement: string;
  status: CaseStatus;
  /** A core case decides on its own whether Codex can work at all (see the verdict rules); a shapes
   * case is core when the run's config puts its shape on every request. */
  core?: boolean;
  /** A websocket case whose socket upgraded and then answered its frame with nothing: what the user's
   * Codex does then (websocket-checks.ts, measured). */
  silentSocket?: SilentSocketEffect;
  durationMs: number;
  http?: { status: number };
  error?: TransportError;
  /** Diagnoses beyond pass/fail, e.g. "chat-completions-only", "base-url-missing-v1", "model-not-served" (the run's `diagnosis` has the evidence). */
  labels: string[];
  checks: CheckResult[];
  transcript?: Transcript;
  /** Present when every case ran several times (`run --repeat K`); status is then the worst run's. */
  runs?: CaseRuns;
  /** Present when Codex would have retried before the answer judged here (the transcript is that last answer). */
  retries?: CaseRetries;
  /** The tokens the relay reported for this case's requests (every attempt, and the turn a case carries reasoning from). */
  tokens?: TokenCounts;
}

/** Token counts as a relay reports them in response.usage; `cached` is the part of `input` served from cache. */
export interface TokenCounts {
  input: number;
  cached: number;
  output: number;
}

/** The tokens of the whole run (every repeat), and how many cases reported any. */
export interface RunTokens extends TokenCounts {
  cases: number;
}

/** The answers before the judged one that Codex retries, and the waiting it adds. */
export interface CaseRetries {
  count: number;
  /** Sum of the delays Codex waits before its retries. */
  delayMs: number;
  answers: RetriedAnswer[];
  /** The case timeout ended the retries before Codex's retry limit did. */
  cutShort?: boolean;
}

/** One answer Codex retries. */
export interface RetriedAnswer {
  /** request: a 5xx Codex re-sends silently; stream: the turn request sent again ("Reconnecting... n/5"). */
  layer: 'request' | 'stream';
  /** HTTP status, absent when the connection broke before one. */
  status?: number;
  /** What was wrong with the answer, one line. */
  cause: string;
  /** How long Codex waits before its next request. */
  delayMs: number;
  /** Where the delay comes from: the relay's Retry-After header, its "try again in" message, or Codex's own backoff. */
  delaySource: 'retry-after' | 'try-again-in' | 'backoff';
}

/** How one case went over the runs of a repeated run. */
export interface CaseRuns {
  /** The case's status in each run, in run order. */
  statuses: CaseStatus[];
  /** Broke (fail, unsupported or error) in some runs and not in others. */
  flaky: boolean;
}

/** A request the runner sent beside the cases to explain a refusal (GET /models, POST /chat/completions, …). */
export interface DiagnosisProbe {
  purpose: 'chat-completions' | 'responses-under-v1' | 'models' | 'models-without-key';
  method: 'GET' | 'POST';
  url: string;
  /** Absent when no HTTP answer came (then `error` says why). */
  status?: number;
  error?: string;
  /** The relay's own message, for an answer that is not a 2xx (bounded). */
  message?: string;
  /** POST probes: what the answer says, as diagnosis/answer-kind.ts reads status and body. */
  answer?: 'model-not-served' | 'credentials-refused' | 'endpoint-unsupported' | 'other';
  /** GET /models probes that got a model list: how many names, and the first few. */
  models?: { count: number; names: string[] };
}

/** Why the Codex cases were refused, with the evidence the runner gathered: data every output reads. */
export interface RunDiagnosis {
  /** POST /responses does not exist there, or the relay does not serve the model sent. */
  kind: 'endpoint-unsupported' | 'model-not-served';
  /** The labels the refused cases carry. */
  labels: string[];
  /** The refusal: its URL, HTTP status and the relay's own message. */
  refusal: { url: string; status: number; message: string };
  /** model-not-served: the model sent, and the served names closest to it (best first, from /models). */
  model?: { requested: string; closest: string[] };
  probes: DiagnosisProbe[];
}

export interface RunSummary {
  total: number;
  passed: number;
  failed: number;
  warned: number;
  skipped: number;
  unsupported: number;
  errored: number;
}

/** Something the user must know about how the run was made, shown at the top of every output. */
export interface RunWarning {
  /** Stable id, e.g. `credentials.chatgpt-token-sent`. */
  id: string;
  message: string;
}

/** A response header Codex reads, as the run's answers carried it (harness/run/header-observations.ts). */
export interface HeaderObservation {
  /** Lower-case name. */
  name: string;
  /** The first value seen, bounded. */
  value: string;
  /** What Codex was measured to do with it (docs/codex-ground-truth.md). */
  effect: CodexHeaderEffect;
  /** How many answers carried it. */
  answers: number;
  /** The cases whose answers carried it (bounded). */
  cases: string[];
}

/** What `run --case` / `--check` kept. */
export interface RunFilter {
  /** The case ids asked for. */
  cases?: string[];
  /** The check ids asked for: the cases that run any of them were kept. */
  checks?: string[];
  /** Cases kept, of the cases the selected suites hold. */
  selected: number;
  of: number;
}

export interface RunReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'relaycheck'; version: string };
  /** The Codex CLI release whose requests were sent and whose reading the verdict models. Optional
   * only so that reports written before it existed still read; relaycheck always writes it. */
  /** compactionPath: how the user's Codex compacts (its provider's name), when the run knew it; requestShapes: the shapes its config sends (request-shapes.ts), when any.
   * modelCatalog: the provider's model_catalog_url (redacted) when one is configured, and whether the key went with the GET. */
  codex?: { version: string; compactionPath?: CompactionPath; requestShapes?: RequestShape[]; modelCatalog?: { url: string; keySent: boolean } };
  target: { baseUrl: string; model: string };
  startedAt: string;
  finishedAt: string;
  summary: RunSummary;
  verdict: {
    codex: CodexVerdict;
    spec: SpecVerdict;
    /** Short sentences naming what decided the verdict (the causes Codex would hit). */
    reasons: string[];
  };
  /** Present when the run did something the user must know about (sent a ChatGPT login, …). */
  warnings?: RunWarning[];
  cases: CaseResult[];
  /** Present when a case was refused as unsupported or for its model: what the runner found out. */
  diagnosis?: RunDiagnosis;
  /** The suites the run took its cases from, with the capability each tests (report.html's table). */
  suites?: Array<{ id: string; title: string }>;
  /** Present when every case ran several times (`run --repeat K`). */
  repeat?: { runs: number };
  /** Present when the user stopped the run (Ctrl-C): cases holds only those that finished. */
  interrupted?: { planned: number };
  /** The tokens the relay reported over the run; absent when no answer reported usage. */
  tokens?: RunTokens;
  /** Present when `--case` / `--check` kept only some cases: the verdict then covers only those. */
  filter?: RunFilter;
  /** Present when an answer carried a response header Codex reads: what it was, and what Codex does with it. */
  headers?: HeaderObservation[];
  /** Codex's retry limits the run modelled; absent when retries were off (`--no-retries`). */
  codexRetries?: { requestMaxRetries: number; streamMaxRetries: number };
  /** Present with `run --with-codex`: what the real Codex did through this relay, beside the verdict. */
  liveCodex?: LiveCodex;
  /** Present in a `relaycheck fidelity` report: what the relay changed between client and upstream. */
  fidelity?: FidelityReport;
}

/** The kinds of turn `--with-codex` takes: a plain answer, an exec_command call, an apply_patch call. */
export type LiveCodexTurnKind = 'message' | 'function_call' | 'custom_tool_call';

/** What relaycheck's cases for one kind of turn say: none broke, some broke, or none was run. */
export type LiveCodexPrediction = 'succeeds' | 'fails' | 'not-evaluated';

export interface LiveCodexTurn {
  turn: LiveCodexTurnKind;
  /** Codex completed the turn: exit 0 and turn.completed, with the answer shown, the command run or the patch written. */
  succeeded: boolean;
  /** null when Codex was killed (the case timeout, Ctrl-C). */
  exitCode: number | null;
  /** Why the turn did not succeed, in Codex's words (the relay controls them: bounded and redacted). */
  error?: string;
  /** The turn succeeded over HTTPS after Codex fell back from the WebSocket with this warning. */
  fallback?: string;
  relaycheck: LiveCodexPrediction;
  durationMs: number;
}

export interface LiveCodex {
  /** The Codex CLI release that ran (the one the verdict models). */
  version: string;
  /** relaycheck's verdict and Codex's turns tell the same story (harness/codex/live-codex-agreement.ts). */
  agrees: boolean;
  turns: LiveCodexTurn[];
}

/** One way the relay was not transparent, in one case (ids: harness/fidelity/finding-ids.ts). */
export interface FidelityFinding {
  id: string;
  severity: Severity;
  caseId: string;
  message: string;
  /** What a faithful relay would have passed on, and what it did (bounded, redacted). */
  expected?: unknown;
  received?: unknown;
}

export interface FidelityReport {
  /** relaycheck's reference upstream the relay forwarded to. */
  upstreamUrl: string;
  /** The client APIs the cases spoke to the relay: Codex's Responses, an agent's Chat Completions. */
  sides: Array<'responses' | 'chat'>;
  /** The run's headline (harness/fidelity/fidelity-verdict.ts); the exit code follows it, not `verdict.codex`. */
  verdict: 'faithful' | 'not-faithful';
  requiredFindings: number;
  /** Cases that got no answer to compare (an error): they make the relay not faithful too. */
  unansweredCases: number;
  findings: FidelityFinding[];
}
