// One Codex turn against the relay: the recorded plain-turn request, sent through the conformance
// runner so the doctor sees exactly what `relaycheck run` sees (the same request, checks, transport
// classification and diagnosis of a refusal), just for the one case Codex cannot do without.
import { runConformance } from '../run/runner.ts';
import type { CaseResult, RunDiagnosis, RunReport } from '../report/model.ts';
import type { ReplayTarget } from '../replay/instantiate-request.ts';
import type { ExchangeLimits } from '../exchange/exchange.ts';
import type { CodexProfile } from '../codex/codex-profile.ts';
import type { Suite } from '../run/suite.ts';
import { turnsSuite } from '../../suites/turns.ts';
import type { NetworkSettings } from '../http/network-settings.ts';

export const PROBE_CASE_ID = 'turns.plain';

const probeSuite: Suite = { ...turnsSuite, cases: turnsSuite.cases.filter((c) => c.id === PROBE_CASE_ID) };

export interface ProbeOptions {
  limits: Pick<ExchangeLimits, 'deadlineMs' | 'idleTimeoutMs'>;
  secrets: string[];
  codex?: CodexProfile;
  fixturesDir?: string;
  network?: NetworkSettings;
}

export interface TurnProbe {
  target: ReplayTarget;
  result: CaseResult;
  /** The run's verdict reasons, shown as evidence where no diagnoser explains more. */
  reasons: string[];
  /** What the runner found out about a refusal (unsupported endpoint, model not served). */
  diagnosis?: RunDiagnosis;
  passed: boolean;
  /** The model sent: the target's, else the one the fixture recorded. */
  model: string;
  status?: number;
  headers: Record<string, string>;
  /** Start of a non-stream body (error JSON, an HTML page), redacted. */
  body?: string;
  /** The URL that answered after same-origin 307/308 redirects (which Codex follows too). */
  redirectedTo?: string;
}

export async function probeTurn(target: ReplayTarget, options: ProbeOptions): Promise<TurnProbe> {
  const report: RunReport = await runConformance({ target, suites: [probeSuite], limits: options.limits, secrets: options.secrets, ...(options.codex && { codex: options.codex }), fixturesDir: options.fixturesDir, ...(options.network && { network: options.network }) });
  const result = report.cases[0]!;
  return {
    target,
    result,
    reasons: report.verdict.reasons,
    ...(report.diagnosis && { diagnosis: report.diagnosis }),
    passed: report.verdict.codex === 'compatible',
    model: report.target.model,
    ...(result.http ? { status: result.http.status } : {}),
    headers: result.transcript?.response?.headers ?? {},
    ...(result.transcript?.bodyPreview !== undefined ? { body: result.transcript.bodyPreview } : {}),
    ...(result.transcript?.response?.url ? { redirectedTo: result.transcript.response.url } : {}),
  };
}
