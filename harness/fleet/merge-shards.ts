// `relaycheck merge DIR…`: the shards of one targets file back into one matrix. Each shard folder
// holds its matrix.json (which relays it ran, from which file) and a report folder per relay. The
// matrix is rebuilt from those report.json files with the same code as an unsharded run, so both
// give the same matrix; the relays' folders are copied next to it so its links work.
import { copyFile, readFile, realpath, stat } from 'node:fs/promises';
import { makeDirectory } from '../fs/make-directory.ts';
import path from 'node:path';
import { readReportFile } from '../report/read-report.ts';
import { REPORT_FILE_NAMES } from '../report/write-reports.ts';
import { MATRIX_FORMAT_VERSION, assembleMatrix, matrixRow, type MatrixReport, type MatrixRow } from './matrix.ts';
import { SAFE_DIR } from './targets-file.ts';
import { MATRIX_FILES, writeMatrix } from './write-matrix.ts';

/** Shards that do not fit together (another targets file, a shard missing or given twice). */
export class MergeError extends Error {
  override name = 'MergeError';
}

interface ShardRelay {
  name: string;
  position: number;
  dir: string;
}

interface ShardMatrix {
  targets: { digest: string; total: number };
  relays: ShardRelay[];
}

export async function mergeShards(dirs: string[], outDir: string): Promise<{ matrix: MatrixReport; files: string[] }> {
  if (dirs.length === 0) throw new MergeError('give at least one shard folder');
  const shards = await Promise.all(dirs.map(async (dir) => ({ dir, matrix: await readShardMatrix(dir) })));
  const { digest, total } = shards[0]!.matrix.targets;
  for (const { dir, matrix } of shards) {
    if (matrix.targets.digest !== digest || matrix.targets.total !== total) {
      throw new MergeError(`${dir} comes from another targets file (${matrix.targets.digest}, ${matrix.targets.total} relays; ${dirs[0]} has ${digest}, ${total} relays)`);
    }
  }
  const owner = new Map<number, string>();
  const located: (ShardRelay & { from: string })[] = [];
  for (const { dir, matrix } of shards) {
    for (const relay of matrix.relays) {
      const previous = owner.get(relay.position);
      if (previous !== undefined) throw new MergeError(`relay ${relay.name} is in both ${previous} and ${dir}: give each shard once`);
      owner.set(relay.position, dir);
      located.push({ ...relay, from: dir });
    }
  }
  const missing = Array.from({ length: total }, (_, i) => i).filter((i) => !owner.has(i));
  if (missing.length > 0) {
    const listed = missing.slice(0, 10).map((i) => i + 1).join(', ');
    throw new MergeError(`${missing.length} of ${total} relays are in no shard given (positions ${listed}${missing.length > 10 ? ', …' : ''} in the targets file): is a shard folder missing?`);
  }
  // One report read at a time and kept only as its matrix row.
  const rows: MatrixRow[] = [];
  for (const relay of located) {
    const report = await readReportFile(path.join(relay.from, relay.dir, REPORT_FILE_NAMES.json[0]!));
    rows.push(matrixRow({ name: relay.name, position: relay.position, dir: relay.dir, report }));
    await copyReports(path.join(relay.from, relay.dir), path.join(outDir, relay.dir));
  }
  const matrix = assembleMatrix(rows, { digest, total });
  return { matrix, files: await writeMatrix(matrix, outDir) };
}

async function readShardMatrix(dir: string): Promise<ShardMatrix> {
  const file = path.join(dir, MATRIX_FILES.json);
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new MergeError(`${file}: ${(error as Error).message} (is ${dir} the output folder of a run --targets?)`);
  }
  const m = value as Partial<MatrixReport> | null;
  const valid =
    m !== null &&
    typeof m === 'object' &&
    m.matrixVersion === MATRIX_FORMAT_VERSION &&
    typeof m.targets?.digest === 'string' &&
    Number.isInteger(m.targets?.total) &&
    Array.isArray(m.relays) &&
    m.relays.every((r) => typeof r?.name === 'string' && Number.isInteger(r.position) && r.position >= 0 && r.position < m.targets!.total && typeof r.dir === 'string' && SAFE_DIR.test(r.dir));
  if (!valid) throw new MergeError(`${file} is not a relaycheck matrix (format ${MATRIX_FORMAT_VERSION})`);
  return { targets: m.targets!, relays: m.relays!.map(({ name, position, dir }) => ({ name, position, dir })) };
}

/** Copies the report files relaycheck writes (and nothing else) unless source and target are one folder. */
async function copyReports(from: string, to: string): Promise<void> {
  await makeDirectory(to);
  if ((await realpath(from)) === (await realpath(to))) return;
  for (const name of Object.values(REPORT_FILE_NAMES).flat()) {
    const source = path.join(from, name);
    const info = await stat(source).catch(() => undefined);
    if (info?.isFile()) await copyFile(source, path.join(to, name));
  }
}
