// What one comparison found for one finding id in one case: plain data the report is built from.
import type { FidelityIdValue } from './finding-ids.ts';

export interface Observation {
  id: FidelityIdValue;
  status: 'pass' | 'fail' | 'skip';
  message: string;
  /** What the faithful relay would have passed on, and what it did (bounded when stored). */
  expected?: unknown;
  received?: unknown;
}

export const pass = (id: FidelityIdValue, message: string): Observation => ({ id, status: 'pass', message });
export const skip = (id: FidelityIdValue, message: string): Observation => ({ id, status: 'skip', message });
export const fail = (id: FidelityIdValue, message: string, expected?: unknown, received?: unknown): Observation => ({
  id,
  status: 'fail',
  message,
  ...(expected !== undefined && { expected }),
  ...(received !== undefined && { received }),
});
