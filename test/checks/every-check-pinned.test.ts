// A check that no example makes fail can be broken (or made to always pass) without a test noticing:
// every registered check needs a passing and a failing example in test/checks/*.examples.ts, each
// failing example spells out the failures it expects (pointer, expected, received as the check gives
// them), and each table is run by its test file.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CheckIdValue } from '../../harness/checks/ids.ts';
import { checksById, getCheck } from '../../harness/checks/registry.ts';
import type { CheckExample, CheckExamples } from '../helpers/check-examples.ts';
import { nonEmpty } from '../helpers/non-empty.ts';

const folder = new URL('./', import.meta.url);
const files = readdirSync(folder).filter((name) => name.endsWith('.examples.ts'));
const tables = await Promise.all(files.map(async (name) => ((await import(new URL(name, folder).href)) as { examples: CheckExamples }).examples));
const examplesOf = new Map<string, CheckExample[]>();
for (const table of tables) for (const [id, list] of Object.entries(table)) examplesOf.set(id, [...(examplesOf.get(id) ?? []), ...(list ?? [])]);

describe('every registered check is pinned by examples', () => {
  it('reads the example tables', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(checksById.size).toBeGreaterThan(0);
  });

  for (const id of nonEmpty([...checksById.keys()], 'registered checks')) {
    it(`${id} has a passing and a failing example`, () => {
      const statuses = new Set((examplesOf.get(id) ?? []).map((example) => example.expect.status));
      expect(statuses, `${id}: add examples to test/checks/*.examples.ts`).toContain('pass');
      expect(statuses, `${id}: add a failing example to test/checks/*.examples.ts`).toContain('fail');
    });
  }

  it('an unknown check id is refused by name', () => {
    expect(() => getCheck('no.such-check' as CheckIdValue)).toThrow('unknown check id no.such-check');
  });

  it('every check states its severity, title and rule, shown with each of its failures', () => {
    const unstated = [...checksById.values()].filter((check) => !['required', 'recommended'].includes(check.severity) || check.title.trim() === '' || check.requirement.trim() === '');
    expect(unstated.map((check) => check.id)).toEqual([]);
  });

  it('every failing example names the failures it expects', () => {
    const bare = [...examplesOf].flatMap(([id, list]) => list.filter((example) => example.expect.status === 'fail' && !example.expect.failures?.length).map((example) => `${id}: ${example.name}`));
    expect(bare).toEqual([]);
  });

  it('every table is run by its test file', () => {
    const unrun = files.filter((name) => {
      const testFile = new URL(name.replace(/\.examples\.ts$/, '.test.ts'), folder);
      try {
        const text = readFileSync(testFile, 'utf8');
        return !text.includes(`'./${name}'`) || !text.includes('pinChecks(examples)');
      } catch {
        return true;
      }
    });
    expect(unrun).toEqual([]);
  });

  it('has no examples for checks that are not registered', () => {
    const registered = new Set<string>(checksById.keys());
    expect([...examplesOf.keys()].filter((id) => !registered.has(id))).toEqual([]);
  });
});
