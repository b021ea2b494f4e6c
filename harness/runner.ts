// The conformance run: every selected case against one relay, with bounded concurrency, then the
// endpoint diagnosis, redaction, and the verdict. This is relaycheck's programmatic API.
import pLimit from 'p-limit';
import type { CaseResult, RunReport } from './model.ts';
import { REPORT_SCHEMA_VERSION } from './model.ts';
import { HttpClient } from './http/http-client.ts';
import { DEFAULT_LIMITS, type ExchangeLimits } from './exchange.ts';
import { loadFixture, type Fixture } from './fixtures/fixture.ts';
import type { ReplayTarget } from './fixtures/instantiate-request.ts';
import { runCase } from './run-case.ts';
import { diagnoseUnsupportedEndpoint, type EndpointDiagnosis } from './endpoint-diagnosis.ts';
import { decideVerdict, summarize } from './verdict.ts';
import { Redactor } from './redact.ts';
import { TOOL_VERSION } from './tool-version.ts';
import type { CaseSpec, Suite } from './suite.ts';
import { type CodexProfile, PINNED_PROFILE } from './codex/codex-profile.ts';

/** Progress callbacks, for the console reporter and anything else that watches a run. */
export interface RunListener {
  onRunStart?(target: RunReport['target'], caseCount: number): void;
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
}

export async function runConformance(options: RunOptions): Promise<RunReport> {
  const startedAt = new Date().toISOString();
  const limits: ExchangeLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const redactor = new Redactor([options.target.apiKey, ...(options.secrets ?? []), ...Object.values(options.target.extraHeaders ?? {}).filter(looksSecret)]);
  const planned = options.suites.flatMap((suite) => suite.cases.map((spec) => ({ suite, spec })));
  const codex = options.codex ?? PINNED_PROFILE;
  const fixtures = await loadFixtures(planned.map((p) => p.spec), options.fixturesDir ?? codex.fixturesDir);
  const model = options.target.model ?? fixtures.get(planned[0]?.spec.fixture ?? '')?.request.body.model ?? 'as recorded';
  const target = { baseUrl: redactor.text(options.target.baseUrl), model };

  options.listener?.onRunStart?.(target, planned.length);
  const client = new HttpClient();
  const limit = pLimit(Math.max(1, options.concurrency ?? 1));
  let diagnosis: EndpointDiagnosis | undefined;
  const runOne = async ({ suite, spec }: PlannedCase): Promise<CaseResult> => {
    options.listener?.onCaseStart?.({ id: spec.id, title: spec.title, suite: suite.id });
    const previousTurn = spec.carriesReasoningFrom === undefined ? undefined : fixtures.get(spec.carriesReasoningFrom);
    const result = redactCase(await runCase(spec, suite.id, fixtures.get(spec.fixture)!, { client, target: options.target, limits, decodes: codex.decodes, ...(previousTurn && { previousTurn }) }), redactor);
    if (spec.core) result.core = true;
    if (result.status === 'unsupported' && !diagnosis) {
      diagnosis = redactor.deep(await diagnoseUnsupportedEndpoint(client, options.target, result.http!.status, model));
    }
    // With /responses missing, every case that hit it is unsupported, error cases included.
    if (diagnosis && (result.http?.status === 404 || result.http?.status === 405)) {
      result.status = 'unsupported';
      result.labels.push(...diagnosis.labels);
    }
    options.listener?.onCaseEnd?.(result);
    return result;
  };
  let cases: CaseResult[];
  try {
    // The first case runs alone: it tells whether /responses exists before the rest is reported.
    const [first, ...rest] = planned;
    cases = first ? [await runOne(first), ...(await Promise.all(rest.map((p) => limit(() => runOne(p)))))] : [];
  } finally {
    await client.close();
  }

  const report: RunReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'relaycheck', version: TOOL_VERSION },
    codex: { version: codex.version },
    target,
    startedAt,
    finishedAt: new Date().toISOString(),
    summary: summarize(cases),
    verdict: decideVerdict(cases, diagnosis?.reasons),
    cases,
  };
  options.listener?.onRunEnd?.(report);
  return report;
}

interface PlannedCase {
  suite: Suite;
  spec: CaseSpec;
}

async function loadFixtures(specs: CaseSpec[], dir?: string): Promise<Map<string, Fixture>> {
  const fixtures = new Map<string, Fixture>();
  const ids = specs.flatMap((s) => (s.carriesReasoningFrom === undefined ? [s.fixture] : [s.fixture, s.carriesReasoningFrom]));
  for (const id of new Set(ids)) fixtures.set(id, await loadFixture(id, dir));
  return fixtures;
}

/** Credential headers go whole (whatever their value looks like), then every string is scanned. */
function redactCase(result: CaseResult, redactor: Redactor): CaseResult {
  const transcript = result.transcript;
  if (transcript) {
    transcript.request.headers = redactor.headers(transcript.request.headers);
    if (transcript.response) transcript.response.headers = redactor.headers(transcript.response.headers);
  }
  return redactor.deep(result);
}

/** Extra headers are often credentials (x-api-key, custom auth): redact any long opaque value. */
function looksSecret(value: string): boolean {
  return value.length >= 16 && /^[A-Za-z0-9._~+/=:-]+$/.test(value.replace(/^(Bearer|Basic)\s+/i, ''));
}
