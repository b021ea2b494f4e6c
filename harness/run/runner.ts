// The conformance run: every selected case against one relay, with bounded concurrency, then the
// diagnosis of refused cases (data in report.json), redaction, and the verdict. This is
// relaycheck's programmatic API.
import pLimit from 'p-limit';
import type { CaseResult, RunFilter, RunReport, RunWarning } from '../report/model.ts';
import { REPORT_SCHEMA_VERSION } from '../report/model.ts';
import { observeCodexHeaders } from './header-observations.ts';
import { HttpClient } from '../http/http-client.ts';
import type { NetworkSettings } from '../http/network-settings.ts';
import { DEFAULT_LIMITS, type ExchangeLimits } from '../exchange/exchange.ts';
import { loadFixture, type Fixture } from '../replay/fixture.ts';
import type { ReplayTarget } from '../replay/instantiate-request.ts';
import { runCase } from './run-case.ts';
import { runWebSocketCase } from '../websocket/run-websocket-case.ts';
import { type ModelCatalogTarget, runCatalogCase } from '../catalog/run-catalog-case.ts';
import { diagnoseRun, labelCases } from '../diagnosis/run-diagnosis.ts';
import { decideVerdict, summarize } from './verdict.ts';
import { Redactor } from '../redact/redact.ts';
import { redactSplitSecrets } from '../redact/redact-split-secrets.ts';
import { TOOL_VERSION } from '../package/tool-version.ts';
import { boundReportCases } from '../bounds/result-bounds.ts';
import { type CaseSpec, type Suite, isCodexSuite } from './suite.ts';
import { CHAT_DEFAULT_MODEL } from '../chat/agent-requests.ts';
import { runTokens } from './token-usage.ts';
import type { RetryOptions } from '../retry/retry-like-codex.ts';
import { type CodexProfile, PINNED_PROFILE } from '../codex/codex-profile.ts';
import type { CompactionPath } from '../codex/compaction-path.ts';
import type { RequestShape } from '../codex/request-shapes.ts';

/** Progress callbacks, for the console reporter and anything else that watches a run. */
export interface RunListener {
  onRunStart?(target: RunReport['target'], caseCount: number, warnings?: RunWarning[]): void;
  onCaseStart?(spec: { id: string; title: string; suite: string }): void;
  onCaseEnd?(result: CaseResult): void;
  onRunEnd?(report: RunReport): void;
}

export interface RunOptions {
  target: ReplayTarget;
  suites: Suite[];
  concurrency?: number;
  limits?: Partial<ExchangeLimits>;
  listener?: RunListener;
  /** Values that must never appear in output, beyond the target's key (tokens, account ids). */
  secrets?: string[];
  /** The Codex release whose requests are sent and whose reading is modelled; default the pinned one. */
  codex?: CodexProfile;
  /** Default: the modelled release's fixtures. */
  fixturesDir?: string;
  /** Shown at the top of every output (e.g. a ChatGPT login sent with the user's permission). */
  warnings?: RunWarning[];
  /**
   * Default true: when the first case gets no response head by its deadline, the others are not
   * sent (each would wait out its own deadline on a host that accepts and never answers).
   */
  failFast?: boolean;
  /** Aborting it stops the run: cases still running are dropped, the report covers those that finished. */
  signal?: AbortSignal;
  /** Retry each case's request as Codex would (with these limits); absent: the first answer is judged. */
  retries?: RetryOptions;
  /** The user's provider uses WebSockets (supports_websockets): the websocket suite's checks are required. */
  websockets?: boolean;
  /** The user's Codex talks through its built-in provider (`openai_base_url`): a silent socket hangs its every turn. */
  builtInProvider?: boolean;
  /** Proxies and private CAs between relaycheck and the relay. */
  network?: NetworkSettings;
  /** What `--case` / `--check` kept of the suites (already narrowed): recorded, and the verdict covers only those cases. */
  filter?: RunFilter;
  /** How the user's Codex compacts (from its provider); absent: unknown, compaction checks are recommended. */
  compactionPath?: CompactionPath;
  /** The request shapes the user's config sends (request-shapes.ts); their shapes cases are required. */
  shapes?: readonly RequestShape[];
  /** The provider's model_catalog_url, when one is configured: the catalog suite's case fetches it. */
  modelCatalog?: ModelCatalogTarget;
}

export async function runConformance(options: RunOptions): Promise<RunReport> {
  const startedAt = new Date().toISOString();
  const limits: ExchangeLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const redactor = new Redactor([options.target.apiKey, ...(options.secrets ?? []), ...Object.values(options.target.extraHeaders ?? {}).filter(looksSecret)]);
  const planned = options.suites.flatMap((suite) => suite.cases.map((spec) => ({ suite, spec })));
  const codex = options.codex ?? PINNED_PROFILE;
  const fixtures = await loadFixtures(planned.map((p) => p.spec), options.fixturesDir ?? codex.fixturesDir);
  const firstSpec = planned[0]?.spec;
  const model = options.target.model ?? (firstSpec?.chatRequest !== undefined ? CHAT_DEFAULT_MODEL : fixtures.get(firstSpec?.fixture ?? '')?.request.body.model) ?? 'as recorded';
  const target = { baseUrl: redactor.text(options.target.baseUrl), model };

  options.listener?.onRunStart?.(target, planned.length, redactor.deep(options.warnings ?? []));
  const client = new HttpClient({ ...(options.network && { network: options.network }) });
  const limit = pLimit(Math.max(1, options.concurrency ?? 1));
  /** The model each case sent: its own, else the user's, else the one its fixture recorded. */
  const sentModels = new Map<string, string>();
  const runOne = async ({ suite, spec }: PlannedCase): Promise<CaseResult> => {
    options.listener?.onCaseStart?.({ id: spec.id, title: spec.title, suite: suite.id });
    const fixture = spec.fixture === undefined ? undefined : fixtures.get(spec.fixture);
    sentModels.set(spec.id, spec.model ?? options.target.model ?? fixture?.request.body.model ?? CHAT_DEFAULT_MODEL);
    const previousTurn = spec.carriesReasoningFrom === undefined ? undefined : fixtures.get(spec.carriesReasoningFrom);
    if (spec.modelCatalog && !options.modelCatalog) throw new Error(`relaycheck bug: case ${spec.id} runs without a model catalog configured`);
    const ran = spec.modelCatalog
      ? runCatalogCase(spec, suite.id, { client, catalog: options.modelCatalog!, ...(options.target.apiKey && { apiKey: options.target.apiKey }), model: sentModels.get(spec.id)!, codexVersion: codex.version })
      : spec.websocket && fixture
      ? runWebSocketCase(spec, suite.id, fixture, {
          target: options.target,
          limits,
          before: (spec.websocket.before ?? []).map((id) => fixtures.get(id)!),
          websocketsRequired: options.websockets === true,
          builtInProvider: options.builtInProvider === true,
          ...(options.retries && { streamMaxRetries: options.retries.settings.streamMaxRetries }),
        })
      : runCase(spec, suite.id, fixture, { client, target: options.target, limits, decodes: codex.decodes, ...(previousTurn && { previousTurn }), ...(options.retries && { retries: options.retries }), ...(options.compactionPath && { compactionPath: options.compactionPath }), ...(options.shapes && { shapes: options.shapes }) });
    const result = redactCase(await ran, redactor);
    options.listener?.onCaseEnd?.(result);
    return result;
  };
  const stopped = options.signal ? abortedPromise(options.signal) : undefined;
  // A case still running when the user stops the run is dropped, not waited for.
  const runUnlessStopped = async (p: PlannedCase): Promise<CaseResult | undefined> => {
    if (options.signal?.aborted) return undefined;
    return stopped ? Promise.race([runOne(p), stopped]) : runOne(p);
  };
  let cases: CaseResult[];
  let diagnosis: RunReport['diagnosis'];
  try {
    // The first case runs alone: a host that never answers it is not sent the others.
    const [first, ...rest] = planned;
    const firstResult = first && (await runUnlessStopped(first));
    let finished: Array<CaseResult | undefined>;
    if (firstResult && options.failFast !== false && neverAnswered(firstResult)) {
      finished = [firstResult, ...rest.map((p) => notAttempted(p, firstResult))];
      for (const result of finished.slice(1)) options.listener?.onCaseEnd?.(result!);
    } else {
      finished = first ? [firstResult, ...(await Promise.all(rest.map((p) => limit(() => runUnlessStopped(p)))))] : [];
    }
    cases = finished.filter((c): c is CaseResult => c !== undefined);
    // A stopped run probes nothing more.
    // The diagnosis explains refused Codex requests: a chat endpoint's refusal is its own case's story.
    const codexCases = cases.filter((c) => isCodexSuite(c.suite));
    const found = options.signal?.aborted ? undefined : await diagnoseRun(client, options.target, codexCases, (id) => sentModels.get(id) ?? model);
    if (found) diagnosis = redactor.deep(found);
  } finally {
    await client.close();
  }
  boundReportCases(cases);
  cases = labelCases(cases, diagnosis);
  const interrupted = options.signal?.aborted === true;
  const verdict = decideVerdict(cases, diagnosis, options.filter);
  if (interrupted) verdict.reasons.unshift(interruptionReason(cases.length, planned.length));

  const report: RunReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'relaycheck', version: TOOL_VERSION },
    codex: { version: codex.version, ...(options.compactionPath && { compactionPath: options.compactionPath }), ...(options.shapes?.length && { requestShapes: [...options.shapes] }), ...(options.modelCatalog && { modelCatalog: { url: redactor.text(options.modelCatalog.url), keySent: options.modelCatalog.sendKey && options.target.apiKey !== undefined } }) },
    target,
    startedAt,
    finishedAt: new Date().toISOString(),
    summary: summarize(cases),
    verdict,
    ...(interrupted ? { interrupted: { planned: planned.length } } : {}),
    ...(options.warnings?.length ? { warnings: redactor.deep(options.warnings) } : {}),
    cases,
    ...(diagnosis && { diagnosis }),
    suites: options.suites.map((suite) => ({ id: suite.id, title: suite.title })),
    ...(options.filter && { filter: options.filter }),
  };
  const tokens = runTokens(cases);
  if (tokens) report.tokens = tokens;
  const headers = observeCodexHeaders(cases);
  if (headers.length > 0) report.headers = headers;
  if (options.retries) report.codexRetries = { ...options.retries.settings };
  options.listener?.onRunEnd?.(report);
  return report;
}

/** No response head by the deadline: the host accepts connections and says nothing. */
function neverAnswered(result: CaseResult): boolean {
  return result.status === 'error' && result.error?.kind === 'timeout' && result.http === undefined;
}

function notAttempted({ suite, spec }: PlannedCase, first: CaseResult): CaseResult {
  return {
    id: spec.id,
    suite: suite.id,
    title: spec.title,
    requirement: spec.requirement,
    status: 'error',
    ...(spec.core ? { core: true } : {}),
    durationMs: 0,
    error: { kind: 'not-attempted', message: `not attempted: the relay sent no response to the first request (${first.id}); --no-fail-fast sends every case anyway` },
    labels: [],
    checks: [],
  };
}

function interruptionReason(finished: number, planned: number): string {
  return `the run was interrupted after ${finished} of ${planned} cases: this verdict covers only those`;
}

function abortedPromise(signal: AbortSignal): Promise<undefined> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(undefined);
    else signal.addEventListener('abort', () => resolve(undefined), { once: true });
  });
}

interface PlannedCase {
  suite: Suite;
  spec: CaseSpec;
}

async function loadFixtures(specs: CaseSpec[], dir?: string): Promise<Map<string, Fixture>> {
  const fixtures = new Map<string, Fixture>();
  const ids = specs.flatMap((s) => [s.fixture, s.carriesReasoningFrom, ...(s.websocket?.before ?? [])].filter((id): id is string => id !== undefined));
  for (const id of new Set(ids)) fixtures.set(id, await loadFixture(id, dir));
  return fixtures;
}

/** Secrets split over deltas first, credential headers whole (whatever their value looks like), then every string is scanned. */
function redactCase(result: CaseResult, redactor: Redactor): CaseResult {
  const transcript = result.transcript;
  if (transcript) {
    transcript.events = redactSplitSecrets(transcript.events, redactor);
    transcript.request.headers = redactor.headers(transcript.request.headers);
    if (transcript.response) transcript.response.headers = redactor.headers(transcript.response.headers);
  }
  return redactor.deep(result);
}

/** Extra headers are often credentials (x-api-key, custom auth): redact any long opaque value. */
export function looksSecret(value: string): boolean {
  return value.length >= 16 && /^[A-Za-z0-9._~+/=:-]+$/.test(value.replace(/^(Bearer|Basic)\s+/i, ''));
}
