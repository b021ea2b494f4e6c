// What a newcomer hit on first use of `relaycheck run` (issue 13): each item a test, in-process.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type RunningRelay } from '../harness/relays/catalogue.ts';
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
