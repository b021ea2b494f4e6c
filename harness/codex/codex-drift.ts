// `npm run codex:drift -- [--version latest|X.Y.Z]`: what would change if relaycheck pinned that
// Codex release. It installs the release, records every fixture scenario with it into a temporary
// folder, compares the requests with the pinned release's fixtures, runs the whole agreement matrix
// on it (relaycheck sending the new requests and held to the pinned release's measured outcomes),
// and says in words what changed. Exit 0: nothing changed; 1: drift; 2: usage; 3: internal error.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { syncFixtures } from '../recorder/record-fixtures.ts';
import { MATRIX, behaviourName, type MatrixRow } from './agreement-matrix.ts';
import { type RowResult, runRow } from './agreement-run.ts';
import { codexColumn } from './agreement-table.ts';
import { type CodexProfile, PINNED_PROFILE, codexProfile } from './codex-profile.ts';
import { ensureCodex } from './install-codex.ts';
import { UsageError } from '../cli/usage-error.ts';
import { scriptMain } from '../cli/script-main.ts';

const RELEASE = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
const CONCURRENCY = 3;

/** A bad --version: exit 2, as every usage error (cli/script-main.ts). */
export class DriftUsageError extends UsageError {
  override name = 'DriftUsageError';
}

export interface DriftOptions {
  /** A release, X.Y.Z. */
  version: string;
  /** Default the whole matrix. */
  rows?: readonly MatrixRow[];
  log?: (line: string) => void;
}

export interface DriftResult {
  version: string;
  /** Sentences on how the requests differ from the pinned release's fixtures, by fixture. */
  requestChanges: Array<{ fixture: string; changes: string[] }>;
  /** Matrix rows whose outcome on the release differs from the pinned release's (or relaycheck disagrees). */
  changedRows: RowResult[];
  rowsRun: number;
  drifted: boolean;
}

export async function runDrift(options: DriftOptions): Promise<DriftResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const { version } = options;
  if (!RELEASE.test(version)) throw new DriftUsageError(`--version takes latest or a release like 0.171.0, got "${version}"`);
  const dir = await mkdtemp(path.join(tmpdir(), `relaycheck-drift-${version}-`));
  try {
    log(`Codex ${version} against the pinned ${PINNED_PROFILE.version}`);
    const { binary } = await ensureCodex({ version });
    log(`recording the fixture scenarios with Codex ${version}…`);
    const { changes: requestChanges } = await syncFixtures({ check: false, version, fixturesDir: dir, compareWithDir: PINNED_PROFILE.fixturesDir, log: () => undefined });
    // The candidate is modelled like the pin, with the requests it really sends; a release
    // relaycheck already models keeps its own profile.
    const profile: CodexProfile = codexProfile(version) ?? { ...PINNED_PROFILE, version, fixturesDir: dir };
    const rows = options.rows ?? MATRIX;
    log(`running ${rows.length} matrix rows on Codex ${version}…`);
    const limit = pLimit(CONCURRENCY);
    const results = await Promise.all(rows.map((row) => limit(() => runRow(row, { binary, profile, expectationsOf: PINNED_PROFILE.version }))));
    const changedRows = results.filter((r) => r.problems.length > 0);
    const result = { version, requestChanges, changedRows, rowsRun: rows.length, drifted: requestChanges.length > 0 || changedRows.length > 0 };
    for (const line of describeDrift(result)) log(line);
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The drift in words, for a maintainer deciding whether to bump the pin. */
export function describeDrift(result: DriftResult): string[] {
  const pinned = PINNED_PROFILE.version;
  const lines: string[] = [];
  if (result.requestChanges.length === 0) lines.push(`Requests: Codex ${result.version} sends what the ${pinned} fixtures hold.`);
  else {
    lines.push(`Requests: Codex ${result.version} sends something else than ${pinned} in ${result.requestChanges.length} fixture(s):`);
    for (const { fixture, changes } of result.requestChanges) lines.push(`  ${fixture}:`, ...changes.map((c) => `    - ${c}`));
  }
  if (result.changedRows.length === 0) lines.push(`Matrix: all ${result.rowsRun} rows behave on ${result.version} as measured on ${pinned}, and relaycheck agrees.`);
  else {
    lines.push(`Matrix: ${result.changedRows.length} of ${result.rowsRun} rows differ on ${result.version}:`);
    for (const row of result.changedRows) lines.push(`  ${behaviourName(row.row)}: Codex ${result.version} ${codexColumn(row)}; ${row.problems.join('; ')}`);
  }
  lines.push(
    result.drifted
      ? `Drift. To pin ${result.version}: add its profile to harness/codex/codex-profile.ts, set harness/codex/codex-version.ts, record its fixtures (npm run fixtures:record), give the rows above their measured outcome with expectOn, and document each difference in docs/codex-ground-truth.md.`
      : `No drift: pinning ${result.version} changes nothing relaycheck models.`,
  );
  return lines;
}

/**
 * The release `spec` names on the npm registry (`@openai/codex` for the latest, `@openai/codex@X`
 * to check X exists): undefined when the registry has no such release.
 */
export function registryRelease(spec: string, timeoutMs = 60_000): Promise<string | undefined> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  return new Promise((resolve, reject) => {
    const child = spawn(npm, ['view', spec, 'version', '--loglevel=error'], { stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (out.length < 1024) out += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.length < 4096) err += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not run npm view ${spec} version: ${error.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const version = out.trim();
      if (code === 0 && RELEASE.test(version)) resolve(version);
      else if (/\bE404\b/.test(err)) resolve(undefined);
      else reject(new Error(`npm view ${spec} version ${code === 0 ? `printed ${JSON.stringify(version.slice(0, 80))}` : `exited ${code}: ${err.trim().split('\n')[0] ?? ''}`}`));
    });
  });
}

/** `--version X` from the command line; default latest. */
export function versionArgument(argv: readonly string[]): string {
  const unknown = argv.filter((arg, i) => arg.startsWith('--') && arg !== '--version' && argv[i - 1] !== '--version');
  if (unknown.length > 0) throw new DriftUsageError(`unknown option ${unknown[0]} (usage: npm run codex:drift -- [--version latest|X.Y.Z])`);
  const at = argv.indexOf('--version');
  if (at < 0) return 'latest';
  const value = argv[at + 1];
  if (value === undefined || value.startsWith('--')) throw new DriftUsageError('--version takes latest or a release like 0.171.0');
  return value;
}

/** The script: 0 no drift, 1 drift; script-main.ts turns a throw into 2 (usage) or 3. */
export async function driftMain(argv: readonly string[]): Promise<number> {
  const asked = versionArgument(argv);
  if (asked !== 'latest' && !RELEASE.test(asked)) throw new DriftUsageError(`--version takes latest or a release like 0.171.0, got "${asked}"`);
  const version = await registryRelease(asked === 'latest' ? '@openai/codex' : `@openai/codex@${asked}`);
  if (!version) throw new DriftUsageError(`the npm registry has no @openai/codex ${asked}`);
  return (await runDrift({ version })).drifted ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await scriptMain('codex:drift', () => driftMain(process.argv.slice(2)));
