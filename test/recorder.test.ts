import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCodex } from '../harness/codex/install-codex.ts';
import { FIXTURES_DIR, parseFixture, type Fixture } from '../harness/fixtures/fixture.ts';
import { recordScenario } from '../harness/recorder/record-fixtures.ts';
import { RECORDING_SCENARIOS } from '../harness/recorder/scenarios.ts';
import { describeDrift } from '../harness/recorder/fixture-writer.ts';

const dirs: string[] = [];
let binary: string;
beforeAll(async () => {
  binary = (await ensureCodex()).binary;
}, 300_000);
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function record(name: string): Promise<Fixture[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'relaycheck-rec-'));
  dirs.push(dir);
  const scenario = RECORDING_SCENARIOS.find((s) => s.fixtures[0] === name)!;
  const files = await recordScenario(binary, scenario, dir);
  return Promise.all(files.map(async (f) => parseFixture(await readFile(f, 'utf8'), path.basename(f))));
}

const committed = async (id: string) => parseFixture(await readFile(path.join(FIXTURES_DIR, `${id}.json`), 'utf8'), id);

describe('recording fixtures from the real Codex CLI', () => {
  it('re-records the tool-call conversation byte for byte as committed (stable normalization)', async () => {
    const [first, second] = await Promise.all([record('tool-call-gpt-5.5'), record('tool-call-gpt-5.5')]);
    expect(JSON.stringify(first)).toBe(JSON.stringify(second));
    for (const fixture of first!) expect(fixture.request).toEqual((await committed(fixture.id)).request);
  }, 120_000);

  it('writes no key, account id or machine path into any committed fixture', async () => {
    for (const scenario of RECORDING_SCENARIOS) {
      for (const id of scenario.fixtures) {
        const text = JSON.stringify(await committed(id));
        expect(text).not.toMatch(/sk-test|authorization|Bearer|relaycheck-codex|\/tmp\/|"\/root|\\"\/root|chatgpt-account-id/i);
      }
    }
  });

  it('explains in words what changed in Codex\'s requests between two recordings', async () => {
    const before = await committed('plain-turn-gpt-5.5');
    const after: Fixture = JSON.parse(JSON.stringify(before));
    after.request.body.tools = [...(after.request.body.tools as unknown[]), { type: 'local_shell' }];
    after.request.body.service_tier = 'fast';
    delete after.request.headers['x-codex-beta-features'];
    (after.request.body.reasoning as Record<string, unknown>).effort = 'high';
    const changes = describeDrift(before, after);
    expect(changes).toEqual(expect.arrayContaining(['header removed: x-codex-beta-features', 'body key added: service_tier', 'tool added: local_shell']));
    expect(changes.some((c) => c.startsWith('body reasoning changed'))).toBe(true);
    expect(describeDrift(before, before)).toEqual([]);
  });
});
