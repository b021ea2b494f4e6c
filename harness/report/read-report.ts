// Reads a report.json someone hands relaycheck (a baseline, a report to badge or compare, a shard's
// reports): parsed and checked against the schema, so every command can trust its fields.
import { readFile, stat } from 'node:fs/promises';
import type { RunReport } from './model.ts';
import { validateReport } from './validate-report.ts';

/** A report file that is missing, unreadable, too large or not a report: the user's input, not a bug. */
export class ReportFileError extends Error {
  override name = 'ReportFileError';
}

/** Reports are bounded evidence (a few MB at most); a larger file is not one. */
const MAX_REPORT_BYTES = 64 * 1024 * 1024;

export async function readReportFile(file: string): Promise<RunReport> {
  let text: string;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new ReportFileError(`${file} is a folder, not a report.json`);
    if (info.size > MAX_REPORT_BYTES) throw new ReportFileError(`${file} is ${info.size} bytes, too large for a report`);
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof ReportFileError) throw error;
    throw new ReportFileError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReportFileError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const { valid, errors } = validateReport(value);
  if (!valid) throw new ReportFileError(`${file} is not a relaycheck report of this version: ${errors.slice(0, 3).join('; ')}`);
  return value as RunReport;
}
