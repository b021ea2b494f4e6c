import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunReport } from '../harness/report/model.ts';
import { badgeFor, renderBadgeJson } from '../harness/report/badge.ts';
import { renderBadgeSvg } from '../harness/report/badge-svg.ts';
import { writeReports } from '../harness/report/write-reports.ts';
import { SCENARIOS, loadReport } from './data/reports/canned.ts';
import { runMain } from './helpers/run-main.ts';
import { nonEmpty } from './helpers/non-empty.ts';

// shields.io's endpoint schema (services/endpoint-common.js in badges/shields), which validates with
// unknown keys rejected: schemaVersion is 1, label a string (may be empty), message a non-empty
// string, every optional key of its own type. Joi strings reject '' unless allowed.
const SHIELDS_ENDPOINT_SCHEMA = {
  type: 'object',
  required: ['schemaVersion', 'label', 'message'],
  additionalProperties: false,
  properties: {
    schemaVersion: { const: 1 },
    label: { type: 'string' },
    message: { type: 'string', minLength: 1 },
    color: { type: 'string', minLength: 1 },
    labelColor: { type: 'string', minLength: 1 },
    isError: { type: 'boolean' },
    namedLogo: { type: 'string', minLength: 1 },
    logoSvg: { type: 'string', minLength: 1 },
    logoColor: { type: 'string', minLength: 1 },
    logoWidth: { type: 'number' },
    logoPosition: { type: 'number' },
    style: { type: 'string', minLength: 1 },
    cacheSeconds: { type: 'integer', minimum: 0 },
  },
};
const validShields = new Ajv({ strict: true }).compile(SHIELDS_ENDPOINT_SCHEMA);
// The named colours shields (and badge-maker) draw; anything else would fall back or be guessed.
const SHIELDS_NAMED_COLORS = ['brightgreen', 'green', 'yellowgreen', 'yellow', 'orange', 'red', 'blue', 'lightgrey', 'grey', 'success', 'important', 'critical', 'informational', 'inactive'];

function compatibleReport(): RunReport {
  const report = loadReport('all-pass');
  expect(report.verdict.codex).toBe('compatible');
  return report;
}

describe('badge.json', () => {
  it.each(nonEmpty(SCENARIOS, 'canned scenarios'))('meets the shields.io endpoint rules for %s, with exactly schemaVersion, label, message and color', (name) => {
    const text = renderBadgeJson(loadReport(name));
    expect(text.endsWith('\n')).toBe(true);
    const badge = JSON.parse(text) as Record<string, unknown>;
    expect(validShields(badge), JSON.stringify(validShields.errors)).toBe(true);
    expect(Object.keys(badge)).toEqual(['schemaVersion', 'label', 'message', 'color']);
    expect(SHIELDS_NAMED_COLORS).toContain(badge.color);
    expect(badge.label).toBe('codex');
  });

  it('reads compatible in green, partial with a count in yellow, a missing endpoint and incompatible in red', () => {
    expect(badgeFor(compatibleReport())).toEqual({ schemaVersion: 1, label: 'codex', message: 'compatible', color: 'green' });
    // 7 cases, 5 with required checks; of those, 2 pass or warn (turns.plain, turns.after-tool-call).
    expect(badgeFor(loadReport('mixed-failures-with-error'))).toEqual({ schemaVersion: 1, label: 'codex', message: 'partial 2/5', color: 'yellow' });
    expect(badgeFor(loadReport('unsupported-chat-only'))).toMatchObject({ message: '/responses unsupported (HTTP 404)', color: 'red' });
    expect(badgeFor(loadReport('hostile-strings'))).toMatchObject({ message: expect.stringMatching(/^incompatible \d+\/\d+$/), color: 'red' });
  });

  it('counts like the verdict: a case without required checks is not in the ratio', () => {
    const report = loadReport('mixed-failures-with-error');
    const codexCases = report.cases.filter((c) => c.checks.some((check) => check.severity === 'required'));
    expect(badgeFor(report).message).toBe(`partial 2/${codexCases.length}`);
  });

  it('never carries text the relay sent', () => {
    const hostile = loadReport('hostile-strings');
    const json = renderBadgeJson(hostile);
    const svg = renderBadgeSvg(hostile);
    for (const text of [json, svg]) expect(text).not.toMatch(/script|onerror|evil/i);
  });
});

describe('badge.svg', () => {
  it('is a badge-maker SVG saying the same as badge.json', () => {
    const report = loadReport('mixed-failures-with-error');
    const svg = renderBadgeSvg(report);
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('aria-label="codex: partial 2/5"');
    expect(svg).toContain('<title>codex: partial 2/5</title>');
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });
});

describe('writing badges', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'relaycheck-badge-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes badge.svg and badge.json with the reports', async () => {
    const report = loadReport('unsupported-chat-only');
    const { files } = await writeReports(report, { outDir: dir, formats: ['json', 'badge'] });
    expect(files.map((f) => path.basename(f))).toEqual(['report.json', 'badge.svg', 'badge.json']);
    expect(await readFile(path.join(dir, 'badge.json'), 'utf8')).toBe(renderBadgeJson(report));
    expect(await readFile(path.join(dir, 'badge.svg'), 'utf8')).toBe(renderBadgeSvg(report));
  });

  it('`relaycheck badge REPORT.json` regenerates them, next to the report or in --out', async () => {
    const report = loadReport('mixed-failures-with-error');
    await writeReports(report, { outDir: dir, formats: ['json'] });
    const reportFile = path.join(dir, 'report.json');
    const result = await runMain(['badge', reportFile]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('codex | partial 2/5');
    expect((await readdir(dir)).sort()).toEqual(['badge.json', 'badge.svg', 'report.json']);
    expect(JSON.parse(await readFile(path.join(dir, 'badge.json'), 'utf8'))).toEqual({ schemaVersion: 1, label: 'codex', message: 'partial 2/5', color: 'yellow' });

    const out = path.join(dir, 'published');
    expect((await runMain(['badge', reportFile, '--out', out])).code).toBe(0);
    expect(await readFile(path.join(out, 'badge.svg'), 'utf8')).toBe(renderBadgeSvg(report));
  });

  it('refuses a file that is not a report with exit 2', async () => {
    const bogus = path.join(dir, 'bogus.json');
    await writeFile(bogus, JSON.stringify({ schemaVersion: 1 }));
    const notReport = await runMain(['badge', bogus]);
    expect(notReport.code).toBe(2);
    expect(notReport.stderr).toMatch(/^relaycheck: .*bogus\.json is not a relaycheck report/);
    expect((await runMain(['badge', path.join(dir, 'missing.json')])).code).toBe(2);
    expect(await readdir(dir)).toEqual(['bogus.json']);
  });
});
