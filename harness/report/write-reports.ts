// The one place reports touch the disk. Everything is validated and rendered in memory first, then
// each file is written to a temporary sibling, flushed and renamed over the target: a crash or a
// full disk leaves either the previous file or the new one, never half of one.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { makeDirectory } from '../fs/make-directory.ts';
import path from 'node:path';
import type { RunReport } from './model.ts';
import { renderBadgeJson } from './badge.ts';
import { renderHtml, type HtmlOptions } from './render-html.ts';
import type { JunitOptions } from './render-junit.ts';
import { renderMarkdown } from './render-markdown.ts';
import { validateReport } from './validate-report.ts';

export type ReportFormat = 'json' | 'md' | 'junit' | 'html' | 'badge';

/** Every file format, in the order they are written by default. */
export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'md', 'junit', 'html', 'badge'];

/** The files each format writes (badge: the SVG and the shields.io endpoint JSON). */
export const REPORT_FILE_NAMES: Record<ReportFormat, readonly string[]> = {
  json: ['report.json'],
  md: ['report.md'],
  junit: ['junit.xml'],
  html: ['report.html'],
  badge: ['badge.svg', 'badge.json'],
};

export interface WriteReportsOptions {
  outDir: string;
  /** Default: every format (REPORT_FORMATS). */
  formats?: readonly ReportFormat[];
  junit?: JunitOptions;
  html?: HtmlOptions;
}

/** A report that does not match report.schema.json: writing it would publish a broken format. */
export class InvalidReportError extends Error {
  override name = 'InvalidReportError';
  constructor(readonly problems: string[]) {
    super(`refusing to write an invalid report (relaycheck bug): ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; … ${problems.length - 5} more` : ''}`);
  }
}

/**
 * Each format's file contents, in REPORT_FILE_NAMES order. The JUnit writer (xmlbuilder) and
 * badge-maker are imported only when their format is written, after the cases: they do not load for
 * a run that does not write them, and add their memory only at the end.
 */
const RENDER: Record<ReportFormat, (report: RunReport, options: WriteReportsOptions) => string[] | Promise<string[]>> = {
  json: (report) => [`${JSON.stringify(report, null, 2)}\n`],
  md: (report) => [renderMarkdown(report)],
  junit: async (report, options) => [(await import('./render-junit.ts')).renderJunit(report, options.junit)],
  html: (report, options) => [renderHtml(report, options.html)],
  badge: async (report) => [(await import('./badge-svg.ts')).renderBadgeSvg(report), renderBadgeJson(report)],
};

export async function writeReports(report: RunReport, options: WriteReportsOptions): Promise<{ files: string[] }> {
  const outputs = (await renderReports(report, options)).map(({ name, text }) => ({ file: path.join(options.outDir, name), text }));
  await makeDirectory(options.outDir);
  for (const { file, text } of outputs) await writeAtomically(file, text);
  return { files: outputs.map((o) => o.file) };
}

/** Each format's files as text, after validating the report (`--out -` prints report.json's). */
export async function renderReports(report: RunReport, options: Omit<WriteReportsOptions, 'outDir'>): Promise<{ name: string; text: string }[]> {
  const formats = [...new Set(options.formats ?? REPORT_FORMATS)];
  const unknown = formats.filter((f) => !Object.hasOwn(RENDER, f));
  if (unknown.length > 0) throw new Error(`unknown report format ${unknown.join(', ')} (known: ${Object.keys(RENDER).join(', ')})`);

  // Validate what will actually be on disk: JSON drops undefined and turns NaN into null.
  const serialized = JSON.parse(JSON.stringify(report)) as unknown;
  const { valid, errors } = validateReport(serialized);
  if (!valid) throw new InvalidReportError(errors);

  const files: { name: string; text: string }[] = [];
  for (const format of formats) {
    const texts = await RENDER[format](report, { outDir: '', ...options });
    files.push(...REPORT_FILE_NAMES[format].map((name, i) => ({ name, text: texts[i]! })));
  }
  return files;
}

/** Writes `text` to a temporary sibling, flushes it and renames it over `file`. */
export async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
      // Flush before the rename: otherwise a power loss can leave the new name on an empty file.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
