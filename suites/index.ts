// The conformance suites, in the order they run.
import type { Suite } from '../harness/suite.ts';
import { chatSuite } from './chat.ts';
import { errorsSuite } from './errors.ts';
import { reasoningSuite } from './reasoning.ts';
import { toolsSuite } from './tools.ts';
import { turnsSuite } from './turns.ts';

export const ALL_SUITES: Suite[] = [turnsSuite, toolsSuite, reasoningSuite, errorsSuite];

/** Every suite `--suite` can name: the Codex suites (run by default), then those run only when named. */
export const KNOWN_SUITES: Suite[] = [...ALL_SUITES, chatSuite];

export class UnknownSuiteError extends Error {
  override name = 'UnknownSuiteError';
}

/** The suites named by id (the Codex suites when none are named), in their canonical order. */
export function selectSuites(ids?: string[]): Suite[] {
  if (!ids || ids.length === 0) return ALL_SUITES;
  const known = new Set(KNOWN_SUITES.map((s) => s.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new UnknownSuiteError(`unknown suite ${unknown.join(', ')} (known: ${[...known].join(', ')})`);
  return KNOWN_SUITES.filter((s) => ids.includes(s.id));
}
