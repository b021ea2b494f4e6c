// Every relay catalogue relaycheck ships, in one list: the pin meta-test walks it (each entry of each
// catalogue has a byte pin in test/relay-bytes/<catalogue>/<entry>.txt), and
// test/relay-catalogues.test.ts fails when a module under harness/relays/ or harness/fidelity/
// exports a catalogue this list lacks. Every catalogue has the one shape of an entry: a name and a
// description; how an entry is served is its catalogue's pin file's business.
import type { RelayBehaviour } from '../../harness/fidelity/forwarding-relay.ts';
import type { ConnectorBehaviour } from '../../harness/fidelity/translating-connector.ts';
import { UNFAITHFUL_CONNECTORS } from '../../harness/fidelity/unfaithful-connectors.ts';
import { UNFAITHFUL_RELAYS } from '../../harness/fidelity/unfaithful-relays.ts';
import { RELAYS } from '../../harness/relays/catalogue.ts';
import { DOCTOR_RELAYS } from '../../harness/relays/doctor-scenarios.ts';
import { HOSTILE_BEHAVIOURS } from '../../harness/relays/hostile/catalogue.ts';
import { WEBSOCKET_RELAYS } from '../../harness/relays/websocket-relays.ts';

export interface CatalogueEntry {
  name: string;
  description: string;
}

/** The faithful variant of a fidelity catalogue: what `--relay-cmd` serves without --unfaithful. */
const FAITHFUL = { name: 'faithful', description: 'forwards every request and answer as it is' } as const;

/**
 * The catalogues by pin folder. responses holds the chat, compaction, shape and catalog relays too
 * (a relay's `suites` says which suite judges it); the fidelity catalogues start with their faithful
 * variant.
 */
export const RELAY_CATALOGUES = {
  responses: RELAYS,
  websocket: WEBSOCKET_RELAYS,
  doctor: DOCTOR_RELAYS,
  hostile: HOSTILE_BEHAVIOURS,
  'fidelity-relays': [{ ...FAITHFUL, behaviour: {} as RelayBehaviour }, ...UNFAITHFUL_RELAYS],
  'fidelity-connectors': [{ ...FAITHFUL, behaviour: {} as ConnectorBehaviour }, ...UNFAITHFUL_CONNECTORS],
} as const satisfies Record<string, readonly CatalogueEntry[]>;

export type CatalogueName = keyof typeof RELAY_CATALOGUES;
export const CATALOGUE_NAMES = Object.keys(RELAY_CATALOGUES) as CatalogueName[];
