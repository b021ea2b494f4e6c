// `run --case ID,… --check ID,…`: keep only the named cases, and only the cases that run one of the
// named checks (both narrow). An id that names nothing is a usage error naming the closest known ids.
import type { RunFilter } from '../report/model.ts';
import type { Suite } from '../run/suite.ts';
import { checksById } from '../checks/registry.ts';
import { editDistance } from '../codex-config/closest-name.ts';
import { ALL_SUITES } from '../../suites/index.ts';
import { UsageError } from './usage-error.ts';
import { describeFilter } from '../run/run-filter.ts';

const CLOSEST_SHOWN = 3;

export interface CaseFilterFlags {
  case?: string[];
  check?: string[];
}

/** The selected suites narrowed by the flags, and what was filtered (absent when no flag was given). */
export function filterCases(suites: Suite[], flags: CaseFilterFlags): { suites: Suite[]; filter?: RunFilter } {
  if (!flags.case?.length && !flags.check?.length) return { suites };
  const selectedCases = suites.flatMap((s) => s.cases);
  if (flags.case?.length) refuseUnknown('case', flags.case, selectedCases.map((c) => c.id), ALL_SUITES.flatMap((s) => s.cases.map((c) => c.id)));
  if (flags.check?.length) refuseUnknown('check', flags.check, [...checksById.keys()], [...checksById.keys()]);
  const keep = (spec: Suite['cases'][number]) =>
    (!flags.case?.length || flags.case.includes(spec.id)) && (!flags.check?.length || flags.check.some((id) => spec.checks.some((check) => check === id)));
  const narrowed = suites.map((s) => ({ ...s, cases: s.cases.filter(keep) })).filter((s) => s.cases.length > 0);
  const selected = narrowed.reduce((n, s) => n + s.cases.length, 0);
  if (selected === 0) throw new UsageError(`no case of the selected suites matches ${describeFilter({ cases: flags.case, checks: flags.check })}`);
  return {
    suites: narrowed,
    filter: { ...(flags.case?.length && { cases: flags.case }), ...(flags.check?.length && { checks: flags.check }), selected, of: selectedCases.length },
  };
}

/** An id not among `known`: one line, with the closest known ids, or the suite flag that left it out. */
function refuseUnknown(kind: 'case' | 'check', ids: string[], known: string[], everywhere: string[]): void {
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length === 0) return;
  const first = unknown[0]!;
  if (everywhere.includes(first)) throw new UsageError(`--${kind} ${first}: that case is in a suite --suite leaves out`);
  const closest = [...known].sort((a, b) => editDistance(first, a) - editDistance(first, b)).slice(0, CLOSEST_SHOWN);
  const list = kind === 'check' ? 'relaycheck checks lists them all' : 'relaycheck checks lists the cases of each check';
  throw new UsageError(`unknown ${kind} ${unknown.join(', ')} (closest: ${closest.join(', ')}; ${list})`);
}
