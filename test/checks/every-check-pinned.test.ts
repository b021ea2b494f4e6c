// A check that no example makes fail can be broken (or made to always pass) without a test noticing:
// every registered check needs a passing and a failing example in test/checks/*.examples.ts.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checksById } from '../../harness/checks/registry.ts';
import type { CheckExample, CheckExamples } from '../helpers/check-examples.ts';

const folder = new URL('./', import.meta.url);
const files = readdirSync(folder).filter((name) => name.endsWith('.examples.ts'));
const tables = await Promise.all(files.map(async (name) => ((await import(new URL(name, folder).href)) as { examples: CheckExamples }).examples));
const examplesOf = new Map<string, CheckExample[]>();
for (const table of tables) for (const [id, list] of Object.entries(table)) examplesOf.set(id, [...(examplesOf.get(id) ?? []), ...(list ?? [])]);

describe('every registered check is pinned by examples', () => {
  it('reads the example tables', () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
    expect(checksById.size).toBeGreaterThan(0);
  });

  for (const id of checksById.keys()) {
    it(`${id} has a passing and a failing example`, () => {
      const statuses = new Set((examplesOf.get(id) ?? []).map((example) => example.expect.status));
      expect(statuses, `${id}: add examples to test/checks/*.examples.ts`).toContain('pass');
      expect(statuses, `${id}: add a failing example to test/checks/*.examples.ts`).toContain('fail');
    });
  }

  it('has no examples for checks that are not registered', () => {
    const registered = new Set<string>(checksById.keys());
    expect([...examplesOf.keys()].filter((id) => !registered.has(id))).toEqual([]);
  });
});
