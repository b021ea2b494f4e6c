// `run --with-codex`: after relaycheck's cases, the real Codex (the release the verdict models) takes
// its three turns through the same relay with the same key, and its outcome joins the report.
import { ensureCodex, type CodexInstall, type EnsureCodexOptions } from '../codex/install-codex.ts';
import { LIVE_CODEX_TURNS, runLiveCodex, type LiveCodexSettings } from '../codex/live-codex.ts';
import { liveCodexOf, predictTurn } from '../codex/live-codex-agreement.ts';
import type { ReplayTarget } from '../replay/instantiate-request.ts';
import type { RunReport } from '../report/model.ts';
import { Redactor } from '../redact/redact.ts';
import type { ConsoleReporter } from '../report/console-reporter.ts';
import type { CodexRetrySettings } from '../retry/codex-retry-rules.ts';
import { looksSecret } from '../run/runner.ts';
import { UsageError } from './usage-error.ts';

export const WITH_CODEX_FLAG = '--with-codex';
export const WITH_CODEX_HELP =
  'also run the real Codex CLI (the release the verdict models) through the relay with your key: a plain, an exec_command and an apply_patch turn, each bounded by --timeout-ms, its outcome beside the verdict';

/** The modelled release's binary, installed as the agreement matrix installs it; a failure is one line, exit 2. */
export async function codexForLiveRun(version: string, ensure: (options: EnsureCodexOptions) => Promise<CodexInstall> = ensureCodex): Promise<string> {
  try {
    return (await ensure({ version })).binary;
  } catch (error) {
    const why = (error instanceof Error ? error.message : String(error)).split('\n', 1)[0];
    throw new UsageError(`${WITH_CODEX_FLAG}: cannot run Codex ${version}: ${why}`);
  }
}

export interface LiveRun {
  binary: string;
  version: string;
  target: ReplayTarget;
  /** What the user's config sets beyond the target (catalog, service_tier, provider name, transport). */
  settings?: LiveCodexSettings;
  timeoutMs: number;
  idleTimeoutMs: number;
  retries?: CodexRetrySettings;
  /** The run's secrets beyond the key and the extra headers (tokens from auth.json, …). */
  secrets?: readonly string[];
  signal: AbortSignal;
  reporter: ConsoleReporter;
}

/** The report with `liveCodex`; as it was when Ctrl-C stopped the first turn. */
export async function withLiveCodex(report: RunReport, run: LiveRun): Promise<RunReport> {
  const { target } = run;
  const redactor = new Redactor([target.apiKey, ...(run.secrets ?? []), ...Object.values(target.extraHeaders ?? {}).filter(looksSecret)]);
  run.reporter.onLiveCodexStart(run.version, LIVE_CODEX_TURNS.length);
  const outcomes = await runLiveCodex({
    binary: run.binary,
    target,
    // Without --model the cases sent each fixture's model: the report names it.
    model: target.model ?? report.target.model,
    ...(run.settings && { settings: run.settings }),
    timeoutMs: run.timeoutMs,
    idleTimeoutMs: run.idleTimeoutMs,
    ...(run.retries && { retries: run.retries }),
    redactor,
    signal: run.signal,
    onTurnEnd: (outcome) => run.reporter.onLiveCodexTurn({ ...outcome, relaycheck: predictTurn(outcome.turn, report.cases) }),
  });
  if (outcomes.length === 0) return report;
  return { ...report, liveCodex: liveCodexOf(run.version, outcomes, report.cases, report.verdict.codex) };
}
