// `run --targets relays.toml`: every relay of the file (or of one shard of it), a few at a time,
// each with its own report folder, then the matrix over all of them. Relays are independent: one
// that hangs costs its own case deadlines, not the others'.
import path from 'node:path';
import pLimit from 'p-limit';
import type { RunReport } from '../report/model.ts';
import type { RunOptions } from '../run/runner.ts';
import type { Suite } from '../run/suite.ts';
import { runRepeated } from '../repeat/run-repeated.ts';
import { writeReports, type ReportFormat } from '../report/write-reports.ts';
import { assembleMatrix, matrixRow, type MatrixReport, type MatrixRow } from './matrix.ts';
import { inShard, type Shard } from './shard.ts';
import { TargetsFileError, type FleetTarget, type TargetsFile } from './targets-file.ts';
import { writeMatrix } from './write-matrix.ts';

export interface FleetRunOptions {
  targets: TargetsFile;
  shard?: Shard;
  outDir: string;
  suites: Suite[];
  /** Report files per relay; report.json is always written (merge rebuilds the matrix from it). */
  formats: readonly ReportFormat[];
  /** Relays checked at once. */
  relayConcurrency: number;
  /** Cases at once within one relay, deadlines and limits: as for a single relay. */
  run?: Pick<RunOptions, 'concurrency' | 'limits' | 'fixturesDir' | 'retries' | 'codex' | 'filter' | 'network'>;
  repeat?: number;
  /** The command line's --model and --header: under each relay's own settings. */
  defaults?: { model?: string; headers?: Record<string, string> };
  env?: Record<string, string | undefined>;
  onRelayEnd?(target: FleetTarget, report: RunReport, files: string[]): void;
}

export interface FleetRunResult {
  matrix: MatrixReport;
  /** The matrix files written. */
  files: string[];
}

export async function runFleet(options: FleetRunOptions): Promise<FleetRunResult> {
  const env = options.env ?? process.env;
  const selected = options.targets.targets.filter((t) => inShard(t.position, options.shard));
  // Every missing key is named before any relay runs: a half-run fleet is harder to read than none.
  const missing = selected.filter((t) => t.apiKeyEnv !== undefined && !env[t.apiKeyEnv]);
  if (missing.length > 0) {
    throw new TargetsFileError(`the key variable is not set for ${missing.map((t) => `${t.name} (${t.apiKeyEnv})`).join(', ')}`);
  }
  const formats: ReportFormat[] = [...new Set<ReportFormat>(['json', ...options.formats])];
  const limit = pLimit(Math.max(1, options.relayConcurrency));
  // Each relay's report is written, then reduced to its matrix row: memory stays flat in the fleet's size.
  const rows = await Promise.all(
    selected.map((target) =>
      limit(async (): Promise<MatrixRow> => {
        const report = await runRepeated(
          {
            ...options.run,
            target: {
              baseUrl: target.baseUrl,
              apiKey: target.apiKeyEnv !== undefined ? env[target.apiKeyEnv] : undefined,
              model: target.model ?? options.defaults?.model,
              extraHeaders: { ...options.defaults?.headers, ...target.headers },
            },
            suites: options.suites,
          },
          options.repeat ?? 1,
        );
        const { files } = await writeReports(report, { outDir: path.join(options.outDir, target.dir), formats, html: { apiKeyEnv: target.apiKeyEnv } });
        options.onRelayEnd?.(target, report, files);
        return matrixRow({ name: target.name, position: target.position, dir: target.dir, report });
      }),
    ),
  );
  const matrix = assembleMatrix(rows, { digest: options.targets.digest, total: options.targets.targets.length }, options.shard);
  return { matrix, files: await writeMatrix(matrix, options.outDir) };
}
