// `run --with-codex`: the real Codex, three turns through the user's own relay with the user's key,
// as the agreement matrix runs it (run-codex-exec.ts: throwaway CODEX_HOME and work folder, removed
// afterwards; nothing reached but the relay). The key and any extra header reach Codex only through
// environment variables the provider table names (env_key, env_http_headers): never argv or disk.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReplayTarget } from '../replay/instantiate-request.ts';
import type { LiveCodexTurn, LiveCodexTurnKind } from '../report/model.ts';
import type { Redactor } from '../redact/redact.ts';
import { truncate } from '../report/plain-text.ts';
import type { CodexRetrySettings } from '../retry/codex-retry-rules.ts';
import { judgeCodexTurn } from './codex-turn-result.ts';
import { runCodexExec, tomlString } from './run-codex-exec.ts';
import { CODEX_PROMPTS, PATCHED_FILE } from './turn-prompts.ts';

export const LIVE_CODEX_TURNS: readonly LiveCodexTurnKind[] = ['message', 'function_call', 'custom_tool_call'];

/** Codex's error text is the relay's to choose: this much of it is kept. */
export const LIVE_CODEX_ERROR_CHARS = 500;

export type LiveCodexOutcome = Omit<LiveCodexTurn, 'relaycheck'>;

/** What the user's Codex config sets that changes the requests, so the live turns send what it sends. */
export interface LiveCodexSettings {
  /** The provider's `name` ("OpenAI" adds the metadata passthrough to every input item). */
  providerName?: string;
  /** Codex GETs its model metadata there with the key; without it the apply_patch tool can go. */
  modelCatalogUrl?: string;
  serviceTier?: string;
  /** The provider speaks WebSocket (supports_websockets, or the built-in one with openai_base_url). */
  websockets?: boolean;
  /**
   * The config aims Codex's built-in provider at the relay (openai_base_url): the live Codex does the
   * same, since that provider never falls back from a silent socket where a custom one does (measured,
   * docs/codex-ground-truth.md), and takes Codex's own retries and idle timeout.
   */
  builtInProvider?: boolean;
}

export interface LiveCodexOptions {
  binary: string;
  target: ReplayTarget;
  model: string;
  settings?: LiveCodexSettings;
  /** Each turn's bound (the run's case timeout). */
  timeoutMs: number;
  /** Codex's stream_idle_timeout_ms: the run's, so both sides call the same silence a stall. */
  idleTimeoutMs: number;
  /** The retries the run modelled; absent (`--no-retries`): Codex retries nothing either. */
  retries?: CodexRetrySettings;
  /** The run's secrets: Codex's messages can quote what the relay echoed. */
  redactor: Redactor;
  signal?: AbortSignal;
  onTurnEnd?: (turn: LiveCodexOutcome) => void;
  /** Parent of the throwaway folders; default run-codex-exec's. */
  runRoot?: string;
}

const HEADER_ENV = (i: number) => `RELAYCHECK_CODEX_HEADER_${i}`;

// Codex's shell snapshot writes the session's environment, the key's variable included, into
// CODEX_HOME/shell_snapshots/*.sh (measured on 0.171.0): a real key must not land on disk that way.
const LIVE_CODEX_CONFIG = ['features.shell_snapshot=false'];

/** The turns that finished, in order; fewer than three when the signal stopped them. */
export async function runLiveCodex(options: LiveCodexOptions): Promise<LiveCodexOutcome[]> {
  const headers = Object.entries(options.target.extraHeaders ?? {});
  const providerEntries = [
    ...(headers.length > 0 ? [`env_http_headers = { ${headers.map(([name], i) => `${tomlString(name)} = "${HEADER_ENV(i)}"`).join(', ')} }`] : []),
    ...(options.target.queryParams && Object.keys(options.target.queryParams).length > 0 ? [`query_params = ${tomlInlineTable(options.target.queryParams)}`] : []),
    ...(options.settings?.modelCatalogUrl !== undefined ? [`model_catalog_url = ${tomlString(options.settings.modelCatalogUrl)}`] : []),
    ...(options.settings?.websockets ? ['supports_websockets = true'] : []),
  ];
  const config = [...LIVE_CODEX_CONFIG, ...(options.settings?.serviceTier !== undefined ? [`service_tier=${tomlString(options.settings.serviceTier)}`] : [])];
  const env = Object.fromEntries(headers.map(([, value], i) => [HEADER_ENV(i), value]));
  const outcomes: LiveCodexOutcome[] = [];
  for (const turn of LIVE_CODEX_TURNS) {
    if (options.signal?.aborted) break;
    let patchedFile: string | undefined;
    const outcome = await runCodexExec({
      binary: options.binary,
      baseUrl: options.target.baseUrl,
      remoteRelay: true,
      ...(options.settings?.modelCatalogUrl !== undefined && { alsoReach: [new URL(options.settings.modelCatalogUrl).hostname] }),
      ...(options.target.apiKey !== undefined && { apiKey: options.target.apiKey }),
      model: options.model,
      prompt: CODEX_PROMPTS[turn],
      providerEntries,
      ...(options.settings?.builtInProvider ? { provider: 'built-in' as const } : options.settings?.providerName !== undefined && { provider: { name: options.settings.providerName } }),
      env,
      config,
      timeoutMs: options.timeoutMs,
      streamIdleTimeoutMs: options.idleTimeoutMs,
      streamMaxRetries: options.retries?.streamMaxRetries ?? 0,
      requestMaxRetries: options.retries?.requestMaxRetries ?? 0,
      ...(turn === 'custom_tool_call' && { sandbox: 'workspace-write' as const }),
      ...(options.signal && { signal: options.signal }),
      ...(options.runRoot !== undefined && { runRoot: options.runRoot }),
      inspectWorkdir: async (workdir) => {
        patchedFile = await readFile(path.join(workdir, PATCHED_FILE.path), 'utf8').catch(() => undefined);
      },
    });
    // Killed by Ctrl-C: no outcome of the relay's, so no turn to report.
    if (options.signal?.aborted) break;
    const judged = judgeCodexTurn(turn, { outcome, ...(patchedFile !== undefined && { patchedFile }) });
    const why = judged.kind === 'fails' ? judged.message : judged.kind === 'loses' ? `exit 0, but Codex lost ${judged.lost}` : undefined;
    // Cut before redacting too: a relay's 4 MiB error body costs nothing (the Redactor finds cut secrets).
    const bounded = (text: string) => truncate(options.redactor.text(truncate(text, 8 * LIVE_CODEX_ERROR_CHARS)), LIVE_CODEX_ERROR_CHARS);
    const result: LiveCodexOutcome = {
      turn,
      // A fallback to HTTPS completes the turn (the warning is kept): what relaycheck predicts for a
      // custom provider's silent or refused socket (agreement matrix, websocket rows).
      succeeded: judged.kind === 'completes' || judged.kind === 'falls-back',
      exitCode: outcome.exitCode,
      ...(why !== undefined && { error: bounded(why) }),
      ...(judged.kind === 'falls-back' && { fallback: bounded(judged.message) }),
      durationMs: outcome.durationMs,
    };
    outcomes.push(result);
    options.onTurnEnd?.(result);
  }
  return outcomes;
}

function tomlInlineTable(entries: Record<string, string>): string {
  return `{ ${Object.entries(entries).map(([name, value]) => `${tomlString(name)} = ${tomlString(value)}`).join(', ')} }`;
}
