// Check ids are typed: suites cannot name a check that does not exist, and the README's lists of
// required and recommended checks are the registry's.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CheckId } from '../harness/checks/ids.ts';
import { checksById } from '../harness/checks/registry.ts';
import type { CaseSpec } from '../harness/run/suite.ts';
import { ALL_SUITES } from '../suites/index.ts';

const idsWith = (severity: string) => [...checksById.values()].filter((check) => check.severity === severity).map((check) => check.id).sort();

/** The backticked ids in README's "Required checks: …" and "Recommended: …" sentences. */
function readmeLists(): { required: string[]; recommended: string[] } {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const lists = /^Required checks: ([^]*?)\.\nRecommended: ([^]*?`)\./m.exec(readme);
  if (!lists) throw new Error('README.md has no "Required checks: …" / "Recommended: …" lists');
  const ids = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
  return { required: ids(lists[1]!), recommended: ids(lists[2]!) };
}

describe('check ids', () => {
  it('are unique and all registered', () => {
    const ids = Object.values(CheckId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...checksById.keys()].sort()).toEqual([...ids].sort());
  });

  it('name only registered checks in every suite case, and a typo does not compile', () => {
    const named = ALL_SUITES.flatMap((suite) => suite.cases.flatMap((c) => c.checks));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((id) => !checksById.has(id))).toEqual([]);
    // @ts-expect-error: 'stream.sequence-number' is not a check id
    const typo: CaseSpec['checks'] = ['stream.sequence-number'];
    expect(typo).toHaveLength(1);
  });

  it("README's required and recommended lists are the registry's, each id once", () => {
    const { required, recommended } = readmeLists();
    expect([...required].sort()).toEqual(idsWith('required'));
    expect([...recommended].sort()).toEqual(idsWith('recommended'));
    expect(required.length + recommended.length).toBe(checksById.size);
  });
});
