// Runs one row of the agreement matrix on one Codex release: the real `codex exec --json` of that
// release through the relay (retries 0 unless the row takes Codex's defaults; short idle timeout), then
// relaycheck's cases for the same kind of turn against the same relay, modelling that release, and says
// where the two disagree.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExpectedReply } from '../checks/check.ts';
import type { CaseResult, CodexVerdict } from '../report/model.ts';
import { CODEX_DEFAULT_RETRIES } from '../retry/codex-retry-rules.ts';
import { startRelay } from '../relays/catalogue.ts';
import { HOSTILE_BEHAVIOURS } from '../relays/hostile/catalogue.ts';
import { getWebSocketRelay, startWebSocketRelay } from '../relays/websocket-relays.ts';
import { RESUMED_AFTER_COMPACTION, replyFor } from '../relays/reply-policy.ts';
import { runConformance } from '../run/runner.ts';
import { SHIPPED_SUITES } from '../../suites/index.ts';
import type { Suite } from '../run/suite.ts';
import { onEveryRequest } from './request-shapes.ts';
import { CASES_FOR_TURN, CATALOG_CASE, MATRIX_IDLE_TIMEOUT_MS, SHAPE_RUNS, WEBSOCKET_CASES_FOR_TURN, type CodexExpectation, type CodexWarning, type MatrixRow, expectationOn } from './agreement-matrix.ts';
import type { CodexProfile } from './codex-profile.ts';
import { type CodexTurnResult, judgeCodexTurn } from './codex-turn-result.ts';
import { type CodexOutcome, runCodexExec, tomlString } from './run-codex-exec.ts';
import { MODEL_CATALOG_PATH } from '../relays/model-catalog-relay.ts';
import { CODEX_PROMPTS, COMPACT_EARLY, IMAGE_PROMPT, PATCHED_FILE, TEST_IMAGE_PNG, TOOL_COMMAND_OUTPUT } from './turn-prompts.ts';

const KEY = 'sk-test-matrix-0123456789';
const MODEL = 'gpt-5.5';

/** A release to run rows on: its installed binary and the profile relaycheck models it with. */
export interface MatrixCodex {
  binary: string;
  profile: CodexProfile;
  /** The release whose measured outcomes the run is held to; default the profile's (a candidate
   * release for the pin, `npm run codex:drift`, is held to the pinned one's). */
  expectationsOf?: string;
}

export interface RowResult {
  row: MatrixRow;
  /** The Codex release the row ran on (and relaycheck modelled). */
  version: string;
  outcome: CodexOutcome;
  codex: CodexTurnResult;
  verdict: CodexVerdict;
  /** Ids of the required checks relaycheck failed, over the turn's cases. */
  failedRequired: string[];
  /** relaycheck says compatible exactly when Codex completes, and names the row's cause when it does not. */
  agrees: boolean;
  /** Every way the run differs from the row and from Codex, in words (empty: all as declared). */
  problems: string[];
}

/** What the simulated model answers to the turn's last request, as the user should see it; undefined: any answer. */
function expectedAnswer(row: MatrixRow): string | undefined {
  if (row.answer !== undefined) return row.answer;
  if (row.turn === 'remote-compaction') return RESUMED_AFTER_COMPACTION;
  // The resumed request carries Codex's own summary prompt, whose answer is not the tool's.
  if (row.turn === 'local-compaction') return undefined;
  const lastRequest: Record<ExpectedReply, unknown[]> = {
    message: [{ role: 'user', content: CODEX_PROMPTS.message }],
    function_call: [{ type: 'function_call_output', output: `${TOOL_COMMAND_OUTPUT}\n` }],
    custom_tool_call: [{ type: 'custom_tool_call_output', output: `Success. Updated the following files:\nA ${PATCHED_FILE.path}\n` }],
  };
  const reply = replyFor({ model: MODEL, input: lastRequest[row.turn] });
  return reply.type === 'message' ? reply.text : '';
}

function startRow(row: MatrixRow) {
  if (row.source === 'websocket') {
    const relay = getWebSocketRelay(row.relay);
    if (!relay) throw new Error(`no websocket relay ${row.relay}`);
    return startWebSocketRelay(relay);
  }
  if (row.source !== 'hostile') return startRelay(row.relay);
  const behaviour = HOSTILE_BEHAVIOURS.find((b) => b.name === row.relay);
  if (!behaviour) throw new Error(`no hostile relay ${row.relay}`);
  return behaviour.start();
}

function suitesFor(row: MatrixRow): Suite[] {
  // A shape row runs the plain turn too, as a user's run does: only then can relaycheck say partial where Codex fails every turn.
  const ids = row.shape ? [...CASES_FOR_TURN.message, SHAPE_RUNS[row.shape].caseId] : [...CASES_FOR_TURN[row.turn], ...(row.transport === 'websocket' ? WEBSOCKET_CASES_FOR_TURN[row.turn] : []), ...(row.modelCatalog ? [CATALOG_CASE] : [])];
  return SHIPPED_SUITES.map((suite) => ({ ...suite, cases: suite.cases.filter((c) => ids.includes(c.id)) })).filter((suite) => suite.cases.length > 0);
}

/** What makes Codex open the socket first. */
const WEBSOCKETS_ON = 'model_providers.relay.supports_websockets=true';

export interface RowOptions {
  /**
   * Idle timeout on both sides; default MATRIX_IDLE_TIMEOUT_MS, short so that stalls cost seconds.
   * A longer one suits only rows whose relay never pauses: there it changes nothing but how long a
   * busy machine may take between two events before either side calls it a stall.
   */
  idleTimeoutMs?: number;
}

export async function runRow(row: MatrixRow, { binary, profile, expectationsOf }: MatrixCodex, options: RowOptions = {}): Promise<RowResult> {
  const idleTimeoutMs = options.idleTimeoutMs ?? MATRIX_IDLE_TIMEOUT_MS;
  const relay = await startRow(row);
  try {
    let patchedFile: string | undefined;
    const compacting = row.turn === 'remote-compaction' || row.turn === 'local-compaction';
    // A compaction happens inside a tool-call turn: Codex runs the tool, compacts, resumes.
    const reply: ExpectedReply = row.turn === 'remote-compaction' || row.turn === 'local-compaction' ? 'function_call' : row.turn;
    const shape = row.shape && SHAPE_RUNS[row.shape];
    const model = shape?.model ?? MODEL;
    const catalogUrl = `${relay.baseUrl}${MODEL_CATALOG_PATH}`;
    const builtIn = row.provider === 'built-in';
    // The built-in provider takes Codex's own retries, whatever the row says: relaycheck models those.
    const defaultRetries = row.defaultRetries === true || builtIn;
    const config = [...(compacting ? [COMPACT_EARLY] : []), ...(row.transport === 'websocket' && !builtIn ? [WEBSOCKETS_ON] : []), ...(shape?.config ?? [])];
    const answer = expectedAnswer(row);
    const outcome = await runCodexExec({
      binary,
      baseUrl: relay.baseUrl,
      apiKey: KEY,
      model,
      prompt: shape?.image ? IMAGE_PROMPT : CODEX_PROMPTS[reply],
      ...(shape?.provider && { provider: shape.provider }),
      ...(shape?.image && { images: { 'img.png': TEST_IMAGE_PNG } }),
      // Codex compacts remotely only through a provider named "OpenAI" (or "Azure"); the driver's default name compacts locally.
      ...(row.turn === 'remote-compaction' && { provider: { name: 'OpenAI' } }),
      ...(builtIn && { provider: 'built-in' as const }),
      ...(config.length > 0 && { config }),
      ...(row.modelCatalog && { providerEntries: [`model_catalog_url = ${tomlString(catalogUrl)}`] }),
      streamIdleTimeoutMs: idleTimeoutMs,
      timeoutMs: 30_000,
      ...(defaultRetries && { streamMaxRetries: null, requestMaxRetries: null }),
      ...(row.turn === 'custom_tool_call' ? { sandbox: 'workspace-write' as const } : {}),
      inspectWorkdir: async (workdir) => {
        patchedFile = await readFile(path.join(workdir, PATCHED_FILE.path), 'utf8').catch(() => undefined);
      },
    });
    const codex = judgeCodexTurn(reply, { outcome, ...(answer !== undefined && { expectedAnswer: answer }), ...(patchedFile !== undefined && { patchedFile }) });
    const report = await runConformance({
      target: { baseUrl: relay.baseUrl, apiKey: KEY, model },
      suites: suitesFor(row),
      websockets: row.transport === 'websocket',
      ...(builtIn && { builtInProvider: true }),
      concurrency: 3,
      limits: { deadlineMs: 15_000, idleTimeoutMs, failedCloseGraceMs: 500 },
      codex: profile,
      ...(compacting && { compactionPath: row.turn === 'remote-compaction' ? ('remote' as const) : ('local' as const) }),
      ...(row.shape && { shapes: [row.shape] }),
      ...(row.modelCatalog && { modelCatalog: { url: catalogUrl, sendKey: true } }),
      // The delays are reported, not waited: the simulated relays count tries, not time.
      ...(defaultRetries && { retries: { settings: { ...CODEX_DEFAULT_RETRIES }, wait: async () => undefined } }),
      // Codex runs with retries 0: what a refused upgrade costs is said for that (nothing to wait for).
      ...(row.transport === 'websocket' && !defaultRetries && { retries: { settings: { requestMaxRetries: 0, streamMaxRetries: 0 }, wait: async () => undefined } }),
    });
    const failing = (severity: string) => [...new Set(report.cases.flatMap((c) => c.checks.filter((k) => k.severity === severity && k.status === 'fail').map((k) => k.id)))];
    const failedRequired = failing('required');
    const problems = judgesOtherTurns(row) ? compareBeside(codex, report.verdict.codex) : compare(expectationOn(row, expectationsOf ?? profile.version), codex, report.verdict.codex, failedRequired);
    if (codex.kind === 'fails' && failsEveryTurn(row) && report.verdict.codex !== 'incompatible') problems.push(`relaycheck says ${report.verdict.codex}, but Codex fails a plain message turn, so every turn: ${codex.message}`);
    if (row.warns) problems.push(...compareWarnings(row.warns, outcome, failing('recommended')));
    if (row.defaultRetries && row.turn === 'message') problems.push(...compareReconnects(outcome, report.cases.find((c) => c.id === 'turns.plain')));
    const agrees = !problems.some((p) => p.startsWith('relaycheck'));
    return { row, version: profile.version, outcome, codex, verdict: report.verdict.codex, failedRequired, agrees, problems };
  } finally {
    await relay.close();
  }
}

/**
 * A message turn that sends nothing but what every request of that config carries: when Codex fails
 * it, it fails them all. Over HTTP; or through the built-in provider, whose every turn goes over the
 * socket it never leaves when silent (a custom provider's socket falls back, so it can fail one turn only).
 */
function failsEveryTurn(row: MatrixRow): boolean {
  return row.turn === 'message' && (row.transport === undefined || row.provider === 'built-in') && (row.shape === undefined || onEveryRequest(row.shape));
}

/** The warnings Codex printed on a completed turn against the row's, and the recommended check relaycheck fails for one. */
function compareWarnings(warns: CodexWarning, outcome: CodexOutcome, failedRecommended: string[]): string[] {
  if (warns === 'nothing') return outcome.errors.length === 0 ? [] : [`matrix row is stale: declares that Codex prints nothing, but it prints ${JSON.stringify(outcome.errors.slice(0, 3))}`];
  const problems: string[] = [];
  if (!outcome.errors.some((e) => warns.says.test(e))) problems.push(`matrix row is stale: Codex prints no warning matching ${warns.says} (it prints ${JSON.stringify(outcome.errors.slice(0, 3))})`);
  if (!failedRecommended.includes(warns.check)) problems.push(`relaycheck does not fail ${warns.check}, the check naming Codex's warning (it fails: ${failedRecommended.join(', ') || 'none'})`);
  return problems;
}

/** Codex says "Reconnecting... n/N" once per stream-layer retry: relaycheck must model as many. */
function compareReconnects(outcome: CodexOutcome, plain: CaseResult | undefined): string[] {
  const codex = outcome.errors.filter((e) => /^Reconnecting\.\.\. \d+\/\d+/.test(e)).length;
  const modelled = plain?.retries?.answers.filter((a) => a.layer === 'stream').length ?? 0;
  return codex === modelled ? [] : [`relaycheck models ${modelled} stream retr${modelled === 1 ? 'y' : 'ies'} of turns.plain, but Codex reconnected ${codex} time(s)`];
}

/** A shape row whose Codex turn is not the one its shape case replays: that case judges other turns. */
const judgesOtherTurns = (row: MatrixRow) => row.shape !== undefined && row.turn !== SHAPE_RUNS[row.shape].turn;

/** Codex's turn beside a case about other turns: relaycheck says incompatible exactly when Codex fails this turn too. */
function compareBeside(codex: CodexTurnResult, verdict: CodexVerdict): string[] {
  const completes = codex.kind === 'completes';
  if (completes === (verdict !== 'incompatible')) return [];
  return [`relaycheck says ${verdict}, but Codex ${completes ? 'completes this turn, which the failing case is not about' : `does not complete this turn (${codex.kind})`}`];
}

function compare(expect: CodexExpectation, codex: CodexTurnResult, verdict: CodexVerdict, failedRequired: string[]): string[] {
  if (codex.kind === 'falls-back' || expect.codex === 'falls-back') return compareFallback(expect, codex, verdict, failedRequired);
  const problems: string[] = [];
  const completes = codex.kind === 'completes';
  if (completes !== (verdict === 'compatible')) {
    problems.push(`relaycheck says ${verdict}, but Codex ${completes ? 'completes the turn' : codex.kind === 'loses' ? `loses ${codex.lost}` : `fails: ${codex.message}`}`);
  }
  if (!completes && expect.codex !== 'completes' && !failedRequired.includes(expect.check)) {
    problems.push(`relaycheck does not fail ${expect.check}, the check naming this cause (it fails: ${failedRequired.join(', ') || 'none'})`);
  }
  // The row is the measured ground truth: when the binary does something else, the row is stale.
  if (codex.kind !== expect.codex) {
    problems.push(`matrix row is stale: declares that Codex ${expect.codex}, but Codex ${codex.kind === 'fails' ? `fails: ${codex.message}` : codex.kind === 'loses' ? `loses ${codex.lost}` : 'completes'}`);
  } else if (codex.kind === 'fails' && expect.codex === 'fails' && !expect.says.test(codex.message)) {
    problems.push(`matrix row is stale: Codex's message ${JSON.stringify(codex.message)} does not match ${expect.says}`);
  }
  return problems;
}

/** A turn that completes only after Codex gave up on the socket: relaycheck must not call the relay compatible, and must name why. */
function compareFallback(expect: CodexExpectation, codex: CodexTurnResult, verdict: CodexVerdict, failedRequired: string[]): string[] {
  const problems: string[] = [];
  if (codex.kind === 'falls-back') {
    if (verdict === 'compatible') problems.push(`relaycheck says compatible, but Codex falls back to HTTPS: ${codex.message}`);
    if (expect.codex === 'falls-back' && !failedRequired.includes(expect.check)) problems.push(`relaycheck does not fail ${expect.check}, the check naming this cause (it fails: ${failedRequired.join(', ') || 'none'})`);
  }
  if (codex.kind !== expect.codex) {
    const did = codex.kind === 'falls-back' ? `falls back: ${codex.message}` : codex.kind === 'fails' ? `fails: ${codex.message}` : codex.kind === 'loses' ? `loses ${codex.lost}` : 'completes';
    problems.push(`matrix row is stale: declares that Codex ${expect.codex}, but Codex ${did}`);
  } else if (codex.kind === 'falls-back' && expect.codex === 'falls-back' && !expect.says.test(codex.message)) {
    problems.push(`matrix row is stale: Codex's message ${JSON.stringify(codex.message)} does not match ${expect.says}`);
  }
  return problems;
}
