// matrix.json: relay × case, like Autobahn's implementation × case table. Built only from the
// relays' report.json files and their place in the targets file, with no timings or clock, so a
// sharded run merged afterwards gives the very same matrix as one unsharded run.
import type { CaseStatus, CodexVerdict, RunReport, RunSummary, SpecVerdict } from '../report/model.ts';
import { runSucceeded } from '../run/verdict.ts';
import { TOOL_VERSION } from '../package/tool-version.ts';
import { badgeFor, type BadgeColor } from '../report/badge.ts';
import type { Shard } from './shard.ts';

export const MATRIX_FORMAT_VERSION = 1;

export interface MatrixCase {
  id: string;
  suite: string;
  title: string;
}

export interface MatrixCell {
  status: CaseStatus;
  /** The case's index in the relay's report.json `cases` (report.html anchors it as #case-<index>). */
  index: number;
  /** With --repeat: broke in some runs and not in others. */
  flaky?: true;
}

export interface MatrixRelay {
  name: string;
  /** 0-based position in the targets file. */
  position: number;
  /** The relay's report folder, relative to the matrix file. */
  dir: string;
  /** As in its report: credentials redacted. */
  baseUrl: string;
  model: string;
  verdict: { codex: CodexVerdict; spec: SpecVerdict };
  badge: { message: string; color: BadgeColor };
  summary: RunSummary;
  /** Case id → result; cases the relay did not run are absent. */
  results: Record<string, MatrixCell>;
}

export interface MatrixReport {
  matrixVersion: typeof MATRIX_FORMAT_VERSION;
  tool: { name: 'relaycheck'; version: string };
  /** The targets file: its digest and how many relays it names in all. */
  targets: { digest: string; total: number };
  /** Present on one shard's matrix; absent when the matrix covers every relay of the file. */
  shard?: Shard;
  /** Every case any relay ran, in suite order. */
  cases: MatrixCase[];
  /** In targets-file order. */
  relays: MatrixRelay[];
}

export interface MatrixEntry {
  name: string;
  position: number;
  dir: string;
  report: RunReport;
}

/** What the matrix keeps of one relay's report: its row and the cases it ran (~1 kB, not the report's ~1 MB). */
export interface MatrixRow {
  relay: MatrixRelay;
  cases: MatrixCase[];
}

/** One relay's row, taken as soon as its report exists, so a fleet holds no report longer than that. */
export function matrixRow({ name, position, dir, report }: MatrixEntry): MatrixRow {
  const { message, color } = badgeFor(report);
  // fromEntries defines own properties, so even a case id like "__proto__" stays a plain key.
  const results: Record<string, MatrixCell> = Object.fromEntries(
    report.cases.map((c, index) => [c.id, { status: c.status, index, ...(c.runs?.flaky && { flaky: true as const }) }]),
  );
  return {
    relay: {
      name,
      position,
      dir,
      baseUrl: report.target.baseUrl,
      model: report.target.model,
      verdict: { codex: report.verdict.codex, spec: report.verdict.spec },
      badge: { message, color },
      summary: report.summary,
      results,
    },
    cases: report.cases.map((c) => ({ id: c.id, suite: c.suite, title: c.title })),
  };
}

export function assembleMatrix(rows: MatrixRow[], targets: MatrixReport['targets'], shard?: Shard): MatrixReport {
  const ordered = [...rows].sort((a, b) => a.relay.position - b.relay.position);
  const cases = new Map<string, MatrixCase>();
  for (const row of ordered) for (const c of row.cases) if (!cases.has(c.id)) cases.set(c.id, c);
  return {
    matrixVersion: MATRIX_FORMAT_VERSION,
    tool: { name: 'relaycheck', version: TOOL_VERSION },
    targets,
    ...(shard && { shard }),
    cases: [...cases.values()],
    relays: ordered.map((row) => row.relay),
  };
}

export function buildMatrix(entries: MatrixEntry[], targets: MatrixReport['targets'], shard?: Shard): MatrixReport {
  return assembleMatrix(entries.map(matrixRow), targets, shard);
}

/** Fleet exit code rule: 0 only when every relay's run succeeded (compatible with Codex, as run's rule). */
export const allCompatible = (matrix: MatrixReport): boolean => matrix.relays.every((r) => runSucceeded(r.verdict, r.summary));
