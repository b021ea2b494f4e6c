// The conformance suites, in the order they run.
import type { Suite } from '../harness/suite.ts';
import { compactionSuite } from './compaction.ts';
import { errorsSuite } from './errors.ts';
import { reasoningSuite } from './reasoning.ts';
import { toolsSuite } from './tools.ts';
import { turnsSuite } from './turns.ts';

/** The suites a run without --suite runs. */
export const ALL_SUITES: Suite[] = [turnsSuite, toolsSuite, reasoningSuite, errorsSuite];
/** Every suite, opt-in ones included (Suite.optIn). */
export const KNOWN_SUITES: Suite[] = [...ALL_SUITES, compactionSuite];

export class UnknownSuiteError extends Error {
  override name = 'UnknownSuiteError';
}

/**
 * The suites named by id, in their canonical order; when none are named, the default ones, plus the
 * opt-in ones when the user's provider is known (`providerKnown`: the run can tell which of their
 * cases Codex depends on).
 */
export function selectSuites(ids?: string[], providerKnown = false): Suite[] {
  if (!ids || ids.length === 0) return providerKnown ? KNOWN_SUITES : ALL_SUITES;
  const known = new Set(KNOWN_SUITES.map((s) => s.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new UnknownSuiteError(`unknown suite ${unknown.join(', ')} (known: ${[...known].join(', ')})`);
  return KNOWN_SUITES.filter((s) => ids.includes(s.id));
}
