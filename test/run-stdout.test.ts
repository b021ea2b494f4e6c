// `run --out -` beside the options it meets (issue 13 friction): refused with --targets, and with
// --baseline the comparison goes to stderr with the people's lines, stdout keeping report.json alone.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type RunningRelay } from '../harness/relays/catalogue.ts';
import { validateReport } from '../harness/report/validate-report.ts';
import { runMain } from './helpers/run-main.ts';

let outRoot: string;

beforeAll(async () => {
  outRoot = await mkdtemp(path.join(tmpdir(), 'relaycheck-stdout-'));
});
afterAll(() => rm(outRoot, { recursive: true, force: true }));

describe('run --targets --out -', () => {
  it('exits 2 with one line before any relay runs', async () => {
    const targets = path.join(outRoot, 'relays.toml');
    await writeFile(targets, '[[relays]]\nname = "nowhere"\nbase_url = "http://127.0.0.1:1/v1"\n');
    const result = await runMain(['run', '--targets', targets, '--format', 'json', '--out', '-']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('relaycheck: --out - prints one report.json on stdout; --targets writes a report folder per relay: give --out DIR\n');
    expect(result.stdout).toBe('');
    expect(existsSync('-')).toBe(false);
  });
});

describe('run --baseline --out -', () => {
  let reference: RunningRelay;
  let missingCallId: RunningRelay;
  let baseline: string;

  beforeAll(async () => {
    [reference, missingCallId] = await Promise.all([startRelay('reference', {}), startRelay('missing-call-id', {})]);
    const out = path.join(outRoot, 'baseline');
    expect((await runMain(['run', '--base-url', reference.baseUrl, '--suite', 'tools', '--format', 'json', '--out', out])).code).toBe(0);
    baseline = path.join(out, 'report.json');
  });
  afterAll(() => Promise.all([reference.close(), missingCallId.close()]));

  it('prints the comparison on stderr, report.json alone on stdout, and writes no comparison file', async () => {
    const result = await runMain(['run', '--base-url', missingCallId.baseUrl, '--suite', 'tools', '--format', 'json', '--out', '-', '--baseline', baseline]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(validateReport(report).errors).toEqual([]);
    expect(result.stderr).toContain(`Compared with baseline ${baseline}: `);
    expect(result.stderr).toMatch(/^ {2}broken: tools\.function-call tools\.call-id \(required\)/m);
    expect(result.stderr).not.toContain('Comparison:');
    expect(existsSync('-')).toBe(false);
    expect(existsSync('comparison.md')).toBe(false);
  });
});
