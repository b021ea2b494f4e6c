// `run --repeat K`: every case K times, then one report that tells flaky cases from broken ones.
// The repeats of a case run back to back inside one runner call (one client, one endpoint
// diagnosis): a relay that fails every other request then shows as flaky in every case, where K
// whole runs in a row could line its failures up with the same cases each time.
import type { RunReport } from '../report/model.ts';
import { runConformance, type RunOptions } from '../run/runner.ts';
import { mergeRepeatedRuns, type RunOrigin } from './merge-runs.ts';

export const MAX_REPEAT = 100;

/** The id a repeat carries while the run goes (the console prints it): `turns.plain [2/3]`. */
export const repeatId = (id: string, run: number, runs: number): string => `${id} [${run}/${runs}]`;

export async function runRepeated(options: RunOptions, runs: number): Promise<RunReport> {
  if (!Number.isInteger(runs) || runs < 1 || runs > MAX_REPEAT) throw new RangeError(`repeat must be a whole number from 1 to ${MAX_REPEAT}`);
  if (runs === 1) return runConformance(options);
  const origin: RunOrigin = new Map();
  const suites = options.suites.map((suite) => ({
    ...suite,
    cases: suite.cases.flatMap((spec) =>
      Array.from({ length: runs }, (_, i) => {
        const id = repeatId(spec.id, i + 1, runs);
        origin.set(id, { id: spec.id, run: i + 1 });
        return { ...spec, id };
      }),
    ),
  }));
  const listener = options.listener;
  // The listener sees every repeat live, but the end of the run only once, merged.
  const expanded = await runConformance({ ...options, suites, listener: listener && { ...listener, onRunEnd: undefined } });
  const merged = mergeRepeatedRuns(expanded, origin, runs);
  listener?.onRunEnd?.(merged);
  return merged;
}
