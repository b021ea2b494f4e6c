import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES_DIR, FixtureError, listFixtureIds, loadFixture } from '../harness/replay/fixture.ts';
import { instantiateRequest } from '../harness/replay/instantiate-request.ts';
import { runConformance } from '../harness/run/runner.ts';
import { turnsSuite } from '../suites/turns.ts';
import { SHIPPED_SUITES } from '../suites/index.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'relaycheck-fixtures-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fixtures', () => {
  it('every fixture a suite names exists and loads', async () => {
    const ids = await listFixtureIds();
    const named = SHIPPED_SUITES.flatMap((suite) => suite.cases.flatMap((c) => [c.fixture, ...(c.websocket?.before ?? [])])).filter((id): id is string => id !== undefined);
    expect(named.length).toBeGreaterThan(0);
    for (const id of named) expect(ids).toContain(id);
    for (const id of ids) expect((await loadFixture(id)).id).toBe(id);
  });

  it.each([
    ['not-json', '{"fixtureVersion": 1,', /not valid JSON/],
    ['wrong-shape', JSON.stringify({ fixtureVersion: 1, id: 'wrong-shape', scenario: 's', provenance: {}, request: { method: 'GET' } }), /not a relaycheck fixture: .*provenance/],
    ['wrong-id', JSON.stringify({ fixtureVersion: 1, id: 'other', scenario: 's', provenance: { codexVersion: '0', recordedAt: '2026-01-01', command: 'c', source: 'recorded' }, request: { method: 'POST', path: '/responses', headers: {}, body: { model: 'm', input: [] } } }), /its id is "other"/],
  ])('a broken fixture (%s) is a clear FixtureError naming the file', async (id, text, message) => {
    await writeFile(path.join(dir, `${id}.json`), text);
    const error = await loadFixture(id, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FixtureError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(`${id}.json`);
  });

  it('a missing fixture stops the run before any request is sent', async () => {
    const suite = { ...turnsSuite, cases: [{ ...turnsSuite.cases[0]!, fixture: 'no-such-fixture' }] };
    await expect(runConformance({ target: { baseUrl: 'http://127.0.0.1:9/v1' }, suites: [suite], fixturesDir: dir })).rejects.toThrow(/fixture "no-such-fixture" not found/);
  });

  it('replay fills every placeholder with fresh values, the same placeholder with the same value', async () => {
    const fixture = await loadFixture('after-tool-call-gpt-5.5');
    const a = instantiateRequest(fixture, { baseUrl: 'http://127.0.0.1:1/v1/', apiKey: 'k-123456', model: 'my-model' });
    const b = instantiateRequest(fixture, { baseUrl: 'http://127.0.0.1:1/v1' });
    expect(a.url).toBe('http://127.0.0.1:1/v1/responses');
    expect(a.body).not.toMatch(/\{\{(uuid|ref):\d+\}\}|\{\{date\}\}/);
    expect(a.headers['session-id']).toBe(a.headers['thread-id']);
    expect(a.headers['session-id']).not.toBe(b.headers['session-id']);
    const body = JSON.parse(a.body!);
    expect(body.model).toBe('my-model');
    const calls = body.input.filter((i: { call_id?: string }) => i.call_id).map((i: { call_id: string }) => i.call_id);
    expect(new Set(calls).size).toBe(1);
    expect(a.headers.authorization).toBe('Bearer k-123456');
    expect(JSON.stringify(JSON.parse(await readFile(path.join(FIXTURES_DIR, 'after-tool-call-gpt-5.5.json'), 'utf8')))).toContain('{{ref:');
  });
});
