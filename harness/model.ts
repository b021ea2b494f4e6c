// The one result model. report.json is this, serialized; every other output renders from it.
// Its JSON Schema is harness/schemas/report.schema.json: change both together and bump
// REPORT_SCHEMA_VERSION when a field changes meaning or disappears.

export const REPORT_SCHEMA_VERSION = 1;

/** required: Codex fails or silently loses output without it. recommended: spec conformance Codex tolerates. */
export type Severity = 'required' | 'recommended';
export type CheckStatus = 'pass' | 'fail' | 'skip';
export type CaseStatus = 'pass' | 'fail' | 'warn' | 'skip' | 'unsupported' | 'error';
export type CodexVerdict = 'compatible' | 'partial' | 'incompatible';
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
  | 'other';

export interface TransportError {
  kind: TransportErrorKind;
  message: string;
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
}

export interface CaseResult {
  id: string;
  suite: string;
  title: string;
  /** The sentence this case holds the relay to, shown when it fails. */
  requirement: string;
  status: CaseStatus;
  /** A core case decides on its own whether Codex can work at all (see the verdict rules). */
  core?: boolean;
  durationMs: number;
  http?: { status: number };
  error?: TransportError;
  /** Diagnoses beyond pass/fail, e.g. "chat-completions-only", "base-url-missing-v1". */
  labels: string[];
  checks: CheckResult[];
  transcript?: Transcript;
  /** Present when every case ran several times (`run --repeat K`); status is then the worst run's. */
  runs?: CaseRuns;
}

/** How one case went over the runs of a repeated run. */
export interface CaseRuns {
  /** The case's status in each run, in run order. */
  statuses: CaseStatus[];
  /** Broke (fail, unsupported or error) in some runs and not in others. */
  flaky: boolean;
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

export interface RunReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'relaycheck'; version: string };
  /** The Codex CLI release whose requests were sent and whose reading the verdict models. Optional
   * only so that reports written before it existed still read; relaycheck always writes it. */
  codex?: { version: string };
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
  cases: CaseResult[];
  /** Present when every case ran several times (`run --repeat K`). */
  repeat?: { runs: number };
}
