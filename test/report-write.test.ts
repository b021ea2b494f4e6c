import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunReport } from '../harness/report/model.ts';
import { renderJunit } from '../harness/report/render-junit.ts';
import { renderMarkdown } from '../harness/report/render-markdown.ts';
import { InvalidReportError, writeReports } from '../harness/report/write-reports.ts';
import { loadReport } from './data/reports/canned.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'relaycheck-report-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const read = (name: string) => readFile(path.join(dir, name), 'utf8');
const leftovers = async () => (await readdir(dir)).filter((f) => f.endsWith('.tmp'));

describe('writeReports', () => {
  it('writes report.json, report.md and junit.xml, in the order asked, and names them', async () => {
    const report = loadReport('mixed-failures-with-error');
    const { files } = await writeReports(report, { outDir: dir, formats: ['json', 'md', 'junit'] });
    // The temp folder varies from run to run: compare relative names.
    expect(files.map((f) => path.relative(dir, f))).toEqual(['report.json', 'report.md', 'junit.xml']);
    expect(JSON.parse(await read('report.json'))).toEqual(report);
    expect(await read('report.json')).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(await read('report.md')).toBe(renderMarkdown(report));
    expect(await read('junit.xml')).toBe(renderJunit(report));
    expect(await leftovers()).toEqual([]);
  });

  it('writes only the formats asked for, once each, and creates missing folders', async () => {
    const outDir = path.join(dir, 'reports', 'relay.example.com');
    const { files } = await writeReports(loadReport('all-pass'), { outDir, formats: ['md', 'md'] });
    expect(files).toEqual([path.join(outDir, 'report.md')]);
    expect(await readdir(outDir)).toEqual(['report.md']);
  });

  it('passes JUnit options through', async () => {
    await writeReports(loadReport('mixed-failures-with-error'), { outDir: dir, formats: ['junit'], junit: { recommended: 'failure' } });
    expect(await read('junit.xml')).toContain('type="recommended"');
  });

  it('refuses an invalid report with a clear error and leaves the existing report untouched', async () => {
    const previous = '{"previous":"report"}\n';
    await writeFile(path.join(dir, 'report.json'), previous);
    const report = loadReport('all-pass');
    (report.cases[0] as { status: string }).status = 'passed';

    const attempt = writeReports(report, { outDir: dir, formats: ['json', 'md', 'junit'] });
    await expect(attempt).rejects.toBeInstanceOf(InvalidReportError);
    await expect(attempt).rejects.toThrow(/refusing to write an invalid report .*\/cases\/0\/status: must be equal to one of the allowed values/);
    expect(await read('report.json')).toBe(previous);
    expect(await readdir(dir)).toEqual(['report.json']);
  });

  it('validates what JSON would write: a NaN duration is refused, not silently written as null', async () => {
    const report = loadReport('all-pass');
    report.cases[0]!.durationMs = Number.NaN;
    await expect(writeReports(report, { outDir: dir, formats: ['json'] })).rejects.toThrow(/\/cases\/0\/durationMs: must be number/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('replaces earlier reports whole', async () => {
    await writeReports(loadReport('unsupported-chat-only'), { outDir: dir, formats: ['json', 'md'] });
    const report = loadReport('all-pass');
    await writeReports(report, { outDir: dir, formats: ['json', 'md'] });
    expect(JSON.parse(await read('report.json'))).toEqual(report);
    expect(await read('report.md')).toBe(renderMarkdown(report));
  });

  it('leaves complete files and no temporaries when one write fails half way', async () => {
    const previous = await writeReports(loadReport('unsupported-chat-only'), { outDir: dir, formats: ['md'] }).then(() => read('report.md'));
    // A folder where junit.xml should go: the rename onto it fails after report.json was written.
    await mkdir(path.join(dir, 'junit.xml'));
    const report = loadReport('all-pass');
    await expect(writeReports(report, { outDir: dir, formats: ['json', 'junit', 'md'] })).rejects.toThrow();
    expect(JSON.parse(await read('report.json'))).toEqual(report);
    expect(await read('report.md')).toBe(previous);
    expect(await leftovers()).toEqual([]);
  });

  it('rejects a format it does not know', async () => {
    await expect(writeReports(loadReport('all-pass'), { outDir: dir, formats: ['pdf' as 'md'] })).rejects.toThrow('unknown report format pdf');
    await expect(writeReports({} as RunReport, { outDir: dir, formats: ['toString' as 'md'] })).rejects.toThrow('unknown report format toString');
  });
});
