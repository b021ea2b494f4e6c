// What a newcomer hit on first use of `relaycheck run` (issue 13): each item a test, in-process.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type RunningRelay } from '../harness/relays/catalogue.ts';
import { validateReport } from '../harness/report/validate-report.ts';
import { runMain } from './helpers/run-main.ts';

let reference: RunningRelay;
let outRoot: string;

beforeAll(async () => {
  reference = await startRelay('reference', {});
  outRoot = await mkdtemp(path.join(tmpdir(), 'relaycheck-friction-'));
});
afterAll(async () => {
  await Promise.all([reference.close(), rm(outRoot, { recursive: true, force: true })]);
});

describe('run without the console format', () => {
  it('still prints the verdict line and where the reports went, and no case lines', async () => {
    const out = path.join(outRoot, 'md-junit');
    const result = await runMain(['run', '--base-url', reference.baseUrl, '--suite', 'turns', '--format', 'md,junit', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Codex: COMPATIBLE/m);
    expect(result.stdout).toContain(`Reports: ${path.join(out, 'report.md')}, ${path.join(out, 'junit.xml')}`);
    expect(result.stdout).not.toMatch(/✓ pass/);
    expect((await readdir(out)).sort()).toEqual(['junit.xml', 'report.md']);
  });
});

describe('a run of only non-core suites', () => {
  it('has no Codex verdict (not-evaluated), a grey badge, and exits 0 when its cases pass', async () => {
    const out = path.join(outRoot, 'errors-only');
    const result = await runMain(['run', '--base-url', reference.baseUrl, '--suite', 'errors', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Codex: NOT-EVALUATED/m);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
    expect(report.verdict.codex).toBe('not-evaluated');
    expect(validateReport(report).errors).toEqual([]);
    expect(JSON.parse(await readFile(path.join(out, 'badge.json'), 'utf8'))).toMatchObject({ message: 'not evaluated', color: 'lightgrey' });
    expect(await readFile(path.join(out, 'report.md'), 'utf8')).toMatch(/^# ➖ Codex: not-evaluated/);
  });

  it('exits 1 when one of its cases does not pass', async () => {
    const chatOnly = await startRelay('chat-only', {});
    try {
      const result = await runMain(['run', '--base-url', chatOnly.baseUrl, '--suite', 'errors', '--format', 'console']);
      expect(result.stdout).toMatch(/^Codex: NOT-EVALUATED/m);
      expect(result.code).toBe(1);
    } finally {
      await chatOnly.close();
    }
  });
});

describe('a relay that refused every connection', () => {
  it('has its spec verdict not-evaluated, and says nothing was evaluated', async () => {
    const result = await runMain(['run', '--base-url', 'http://127.0.0.1:1/v1', '--no-fail-fast', '--format', 'console']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Codex: INCOMPATIBLE {2}\(spec: not-evaluated: nothing evaluated/m);
  });
});
