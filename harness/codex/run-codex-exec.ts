// Runs one `codex exec --json` turn against a relay and reports what Codex did: the ground truth
// behind "compatible". Everything is bounded: a hard timeout kills the process group, output capture
// is capped, the temporary CODEX_HOME and workdir are removed afterwards, and Codex reaches nothing
// but the loopback relay (network-guard.ts).
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureCodex } from './install-codex.ts';
import { startNetworkGuard } from './network-guard.ts';

export type CodexSandbox = 'read-only' | 'workspace-write' | 'danger-full-access';

export interface CodexExecOptions {
  /** The relay's base URL including any `/v1`: Codex posts to `${baseUrl}/responses`. Loopback only, unless remoteRelay. */
  baseUrl: string;
  /**
   * The user's own relay (`run --with-codex`): any host. Codex reaches that host directly and still
   * nothing else; the matrix and the recordings stay on loopback.
   */
  remoteRelay?: boolean;
  /** With remoteRelay: further hosts the user's config sends Codex to (its model_catalog_url's). */
  alsoReach?: readonly string[];
  /** Passed to Codex only through the environment; scrubbed from everything reported back. Absent: no env_key (a relay without a key). */
  apiKey?: string;
  /** Further entries of the provider table, as TOML `key = value` (e.g. env_http_headers, query_params). */
  providerEntries?: string[];
  /** Aborting it kills the running turn (its process group) and skips the rest; the run dir is still removed. */
  signal?: AbortSignal;
  model: string;
  prompt: string;
  /** Further user turns in the same conversation, each sent with `codex exec resume --last`. */
  followUpPrompts?: string[];
  /** Default: the pinned Codex from ensureCodex(). */
  binary?: string;
  /** Hard bound for the whole run; default 120 s. */
  timeoutMs?: number;
  /** Codex's default is 300 000 (longer than the default timeoutMs); set it low when a test provokes stalls. */
  streamIdleTimeoutMs?: number;
  /** Default 0: one request per failure, so outcomes are fast and countable. null: Codex's own default. */
  streamMaxRetries?: number | null;
  /** Default 0. null: Codex's own default. */
  requestMaxRetries?: number | null;
  /** `--sandbox`; Codex's exec default is read-only. apply_patch needs workspace-write. */
  sandbox?: CodexSandbox;
  /** Extra `-c key=value` overrides (TOML values), applied after relaycheck's own. */
  config?: string[];
  /** Extra environment for the Codex process (the parent environment is not inherited; proxy variables are the guard's). */
  env?: Record<string, string>;
  /**
   * Parent of the per-run dirs; default `<os temp dir>/relaycheck-codex`. Keep it outside any git
   * worktree: Codex treats an enclosing repo as the workspace (loads its AGENTS.md, sends its commit
   * hash to the relay in `x-codex-turn-metadata`).
   */
  runRoot?: string;
  /** Called with the workdir before it is removed, e.g. to see which files a patch wrote. */
  inspectWorkdir?: (workdir: string) => void | Promise<void>;
  /** Cap per stream (stdout, stderr); default 4 MiB. */
  maxOutputBytes?: number;
  /**
   * Which provider Codex talks to the relay through: a custom `model_providers` entry of this name
   * (default "relaycheck"; "OpenAI" and "Azure" put Codex on remote compaction), or `built-in`, the
   * built-in OpenAI provider aimed at the relay with `openai_base_url`.
   */
  provider?: { name: string } | 'built-in';
  /** Images attached to the first prompt (`-i`), written into the workdir under these names first. */
  images?: Record<string, Uint8Array>;
}

export interface CodexCommandExecution {
  command: string;
  exitCode?: number;
  output?: string;
  status?: string;
}

export interface CodexFileChange {
  status: string;
  changes: { path: string; kind: string }[];
}

export interface CodexOutcome {
  /** null when the process was killed by a signal (e.g. the timeout). */
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  threadId?: string;
  /** Final `item.completed` agent_message texts, in order: what the user sees as the answer. */
  agentMessages: string[];
  reasoning: string[];
  commandExecutions: CodexCommandExecution[];
  fileChanges: CodexFileChange[];
  turnCompleted: boolean;
  /** `turn.failed.error.message`. */
  turnFailed?: string;
  /** Top-level `error` events (e.g. "Reconnecting... 1/5 …") and `error` items (warnings), in order. */
  errors: string[];
  usage?: Record<string, number>;
  /** Every `type` seen on stdout, in order (bounded), for diagnosis. */
  eventTypes: string[];
  /** stdout lines that were not JSON events. */
  unparsedLines: number;
  stderrTail: string;
  /** Where Codex tried to connect beyond loopback (refused by the network guard), in order. */
  refusedConnections: string[];
}

const KEY_ENV = 'RELAYCHECK_CODEX_API_KEY';
const STDERR_TAIL = 4000;
const MAX_EVENT_TYPES = 1000;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export async function runCodexExec(options: CodexExecOptions): Promise<CodexOutcome> {
  const host = URL.canParse(options.baseUrl) ? new URL(options.baseUrl).hostname : '';
  if (!host || (!LOOPBACK_HOSTS.has(host) && !options.remoteRelay)) throw new Error(`runCodexExec runs Codex against loopback relays only, not ${options.baseUrl}`);
  const binary = options.binary ?? (await ensureCodex()).binary;
  const runRoot = options.runRoot ?? path.join(tmpdir(), 'relaycheck-codex');
  await mkdir(runRoot, { recursive: true });
  const runDir = await mkdtemp(path.join(runRoot, 'run-'));
  // CODEX_HOME is ~/.codex, as for a real user: Codex names paths under it in its requests.
  const home = path.join(runDir, 'home');
  const dirs = { home, codexHome: path.join(home, '.codex'), work: path.join(runDir, 'work'), tmp: path.join(runDir, 'tmp') };
  for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(options.images ?? {})) await writeFile(path.join(dirs.work, path.basename(name)), bytes);
  // NO_PROXY names an IPv6 host without its URL brackets.
  const reached = options.remoteRelay ? [host, ...(options.alsoReach ?? [])].filter((h) => !LOOPBACK_HOSTS.has(h)) : [];
  const guard = await startNetworkGuard([...new Set(reached.map((h) => h.replace(/^\[(.*)\]$/, '$1')))]);
  try {
    const spawnTurn = (prompt: string, resume: boolean) =>
      spawnBounded(binary, codexExecArgs({ ...options, prompt }, dirs.work, resume), {
        cwd: dirs.work,
        env: { ...childEnv(options, dirs), ...guard.env },
        timeoutMs: options.timeoutMs ?? 120_000,
        maxBytes: options.maxOutputBytes ?? 4 * 1024 * 1024,
        signal: options.signal,
      });
    let result = await spawnTurn(options.prompt, false);
    // Later turns resume the session the first one recorded; a failed turn ends the conversation.
    for (const prompt of options.followUpPrompts ?? []) {
      if (result.exitCode !== 0 || options.signal?.aborted) break;
      result = await spawnTurn(prompt, true);
    }
    if (options.inspectWorkdir) await options.inspectWorkdir(dirs.work);
    // Scrub before parsing: a relay may echo the Authorization header in an error body Codex prints.
    // (A key under 6 characters is no secret, and scrubbing it would mangle ordinary text.)
    const key = options.apiKey ?? '';
    const scrub = (text: string) => (key.length >= 6 ? text.split(key).join('[redacted]') : text);
    return {
      ...parseCodexJsonl(scrub(result.stdout)),
      exitCode: result.exitCode,
      timedOut: result.timedOut,
      durationMs: result.durationMs,
      stderrTail: scrub(result.stderr).slice(-STDERR_TAIL),
      refusedConnections: [...guard.refused],
    };
  } finally {
    await guard.close();
    await rm(runDir, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** The argv after the binary. Exported so the ground-truth doc and reproducers show the same command. */
export function codexExecArgs(options: CodexExecOptions, workdir: string, resume = false): string[] {
  const args = [
    'exec',
    '--skip-git-repo-check',
    // A conversation of several turns needs its session kept on disk for `resume`.
    ...(options.followUpPrompts?.length ? [] : ['--ephemeral']),
    '--json',
    '--color',
    'never',
    '-C',
    workdir,
    ...providerArgs(options),
    '-c',
    `model=${tomlString(options.model)}`,
  ];
  if (options.sandbox) args.push('--sandbox', options.sandbox);
  for (const override of options.config ?? []) args.push('-c', override);
  if (resume) args.push('resume', '--last');
  else for (const name of Object.keys(options.images ?? {})) args.push('-i', path.basename(name));
  // `--` so a prompt starting with "-" is not read as a flag.
  args.push('--', options.prompt);
  return args;
}

/** The `-c` overrides that point Codex at the relay. The built-in provider takes no retry or idle
 * settings from `-c`: it runs with Codex's own. */
function providerArgs(options: CodexExecOptions): string[] {
  if (options.provider === 'built-in') return ['-c', `openai_base_url=${tomlString(options.baseUrl)}`];
  const provider = [
    `name = ${tomlString(options.provider?.name ?? 'relaycheck')}`,
    `base_url = ${tomlString(options.baseUrl)}`,
    `wire_api = "responses"`,
    ...(options.apiKey !== undefined ? [`env_key = "${KEY_ENV}"`] : []),
    ...(options.providerEntries ?? []),
  ];
  const streamRetries = options.streamMaxRetries === undefined ? 0 : options.streamMaxRetries;
  const requestRetries = options.requestMaxRetries === undefined ? 0 : options.requestMaxRetries;
  if (streamRetries !== null) provider.push(`stream_max_retries = ${streamRetries}`);
  if (requestRetries !== null) provider.push(`request_max_retries = ${requestRetries}`);
  if (options.streamIdleTimeoutMs !== undefined) provider.push(`stream_idle_timeout_ms = ${Math.round(options.streamIdleTimeoutMs)}`);
  return ['-c', 'model_provider="relay"', '-c', `model_providers.relay={ ${provider.join(', ')} }`];
}

// JSON string syntax is a valid TOML basic string for everything JSON.stringify emits.
export function tomlString(value: string): string {
  return JSON.stringify(value);
}

// A clean environment: no inherited proxies (the network guard sets its own), no OPENAI_API_KEY, no
// user config. HOME points into the run dir so nothing from the real home leaks in. TMPDIR is outside
// HOME: Codex refuses to create its helper binaries (PATH aliases) under the temp dir, and a real
// user's ~/.codex never is there.
function childEnv(options: CodexExecOptions, dirs: { home: string; codexHome: string; tmp: string }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dirs.home,
    CODEX_HOME: dirs.codexHome,
    TMPDIR: dirs.tmp,
    LANG: process.env.LANG ?? 'C.UTF-8',
    NO_COLOR: '1',
    ...(options.apiKey !== undefined && { [KEY_ENV]: options.apiKey }),
    // The built-in provider reads its key from here (codex exec's API-key login).
    ...(options.provider === 'built-in' && options.apiKey !== undefined && { CODEX_API_KEY: options.apiKey }),
  };
  if (process.platform === 'win32') {
    for (const name of ['SystemRoot', 'USERPROFILE', 'TEMP', 'TMP']) if (process.env[name]) env[name] = process.env[name];
  }
  return { ...env, ...options.env };
}

interface SpawnResult {
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  stdout: string;
  stderr: string;
}

function spawnBounded(
  binary: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; maxBytes: number; signal?: AbortSignal | undefined },
): Promise<SpawnResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // detached: Codex gets its own process group, so the timeout also ends the commands it spawned.
    const child = spawn(binary, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
    const stdout = new BoundedBuffer(opts.maxBytes, 'head');
    const stderr = new BoundedBuffer(opts.maxBytes, 'tail');
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    let timedOut = false;
    const killGroup = () => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, opts.timeoutMs);
    // The child runs in its own process group, so a Ctrl-C at the terminal does not reach it: end it here.
    if (opts.signal?.aborted) killGroup();
    opts.signal?.addEventListener('abort', killGroup, { once: true });
    let exitCode: number | null = null;
    let drainTimer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', killGroup);
      clearTimeout(drainTimer);
      resolve({ exitCode, timedOut, durationMs: Math.round(performance.now() - started), stdout: stdout.text(), stderr: stderr.text() });
    };
    child.on('error', (error) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', killGroup);
      reject(new Error(`could not start Codex (${binary}): ${error.message}`));
    });
    child.on('exit', (code) => {
      exitCode = code;
      // Leftover tool processes in the group could hold stdout open forever: end them, drain briefly.
      killGroup();
      drainTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish();
      }, 2000);
    });
    child.on('close', finish);
  });
}

class BoundedBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(
    private readonly limit: number,
    private readonly keep: 'head' | 'tail',
  ) {}
  push(chunk: Buffer): void {
    if (this.keep === 'head') {
      if (this.size >= this.limit) return;
      const part = chunk.subarray(0, this.limit - this.size);
      this.chunks.push(part);
      this.size += part.length;
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - (this.chunks[0]?.length ?? 0) >= this.limit) this.size -= this.chunks.shift()!.length;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

type Parsed = Omit<CodexOutcome, 'exitCode' | 'timedOut' | 'durationMs' | 'stderrTail' | 'refusedConnections'>;

/**
 * Folds `codex exec --json` lines (codex-rs exec_events.rs: thread.started, turn.started,
 * item.started/updated/completed, turn.completed, turn.failed, error) into an outcome.
 * Only `item.completed` counts for items: started/updated carry in-progress states.
 */
export function parseCodexJsonl(stdout: string): Parsed {
  const parsed: Parsed = {
    agentMessages: [],
    reasoning: [],
    commandExecutions: [],
    fileChanges: [],
    turnCompleted: false,
    errors: [],
    eventTypes: [],
    unparsedLines: 0,
  };
  for (const line of stdout.split('\n')) {
    if (!line.trim()) continue;
    let event: Record<string, unknown>;
    try {
      const value: unknown = JSON.parse(line);
      if (!isRecord(value) || typeof value.type !== 'string') throw new Error('not an event');
      event = value;
    } catch {
      parsed.unparsedLines++;
      continue;
    }
    if (parsed.eventTypes.length < MAX_EVENT_TYPES) parsed.eventTypes.push(event.type as string);
    switch (event.type) {
      case 'thread.started':
        if (typeof event.thread_id === 'string') parsed.threadId = event.thread_id;
        break;
      case 'turn.completed':
        parsed.turnCompleted = true;
        if (isRecord(event.usage)) parsed.usage = numbersOf(event.usage);
        break;
      case 'turn.failed':
        parsed.turnFailed = isRecord(event.error) && typeof event.error.message === 'string' ? event.error.message : JSON.stringify(event.error ?? null);
        break;
      case 'error':
        parsed.errors.push(typeof event.message === 'string' ? event.message : JSON.stringify(event));
        break;
      case 'item.completed':
        if (isRecord(event.item)) addItem(parsed, event.item);
        break;
    }
  }
  return parsed;
}

function addItem(parsed: Parsed, item: Record<string, unknown>): void {
  switch (item.type) {
    case 'agent_message':
      parsed.agentMessages.push(String(item.text ?? ''));
      break;
    case 'reasoning':
      parsed.reasoning.push(String(item.text ?? ''));
      break;
    case 'command_execution':
      parsed.commandExecutions.push({
        command: String(item.command ?? ''),
        ...(typeof item.exit_code === 'number' ? { exitCode: item.exit_code } : {}),
        ...(typeof item.aggregated_output === 'string' ? { output: item.aggregated_output } : {}),
        ...(typeof item.status === 'string' ? { status: item.status } : {}),
      });
      break;
    case 'file_change':
      parsed.fileChanges.push({
        status: String(item.status ?? ''),
        changes: Array.isArray(item.changes)
          ? item.changes.filter(isRecord).map((change) => ({ path: String(change.path ?? ''), kind: String(change.kind ?? '') }))
          : [],
      });
      break;
    case 'error':
      parsed.errors.push(String(item.message ?? ''));
      break;
  }
}

function numbersOf(record: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(record)) if (typeof value === 'number') out[key] = value;
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
