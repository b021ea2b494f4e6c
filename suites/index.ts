// The conformance suites, in the order they run.
import type { Suite } from '../harness/run/suite.ts';
import { catalogSuite } from './catalog.ts';
import { chatSuite } from './chat.ts';
import { compactionSuite } from './compaction.ts';
import { errorsSuite } from './errors.ts';
import { reasoningSuite } from './reasoning.ts';
import { shapesSuite } from './shapes.ts';
import { toolsSuite } from './tools.ts';
import { turnsSuite } from './turns.ts';
import { websocketSuite } from './websocket.ts';

/** The suites a run without --suite runs. */
export const ALL_SUITES: Suite[] = [turnsSuite, toolsSuite, reasoningSuite, errorsSuite];
/** Suites a run includes only when named, or (websocket, compaction, shapes, catalog) when the user's config needs them. */
export const OPT_IN_SUITES: Suite[] = [chatSuite, websocketSuite, compactionSuite, shapesSuite, catalogSuite];
/** Every suite relaycheck ships, default and opt-in: what listings and report pages look cases up in. */
export const SHIPPED_SUITES: Suite[] = [...ALL_SUITES, ...OPT_IN_SUITES];

export class UnknownSuiteError extends Error {
  override name = 'UnknownSuiteError';
}

/** The suites named by id (when none are named: all default suites, plus the opt-in ones in `optedIn`), in their canonical order. */
export function selectSuites(ids?: string[], optedIn: string[] = []): Suite[] {
  if (!ids || ids.length === 0) return [...ALL_SUITES, ...OPT_IN_SUITES.filter((s) => optedIn.includes(s.id))];
  const known = new Set(SHIPPED_SUITES.map((s) => s.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new UnknownSuiteError(`unknown suite ${unknown.join(', ')} (known: ${[...known].join(', ')})`);
  return SHIPPED_SUITES.filter((s) => ids.includes(s.id));
}
