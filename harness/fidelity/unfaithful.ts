// What an unfaithful variant of a fidelity example (a forwarding relay, a translating connector)
// declares: the one finding `relaycheck fidelity` must name it for, and the behaviour that makes it so.
import type { CatalogueEntry } from '../relays/catalogue-entry.ts';
import type { FidelityIdValue } from './finding-ids.ts';

export interface Unfaithful<Behaviour> extends CatalogueEntry {
  /** The finding it must be named for; any other finding it causes must be a recommended one. */
  finding: FidelityIdValue;
  behaviour: Behaviour;
}
