// Every relay catalogue relaycheck ships, in one list: the pin meta-test walks it (each entry of each
// catalogue has a byte pin in test/relay-bytes/<catalogue>/<entry>.txt), and
// test/relay-catalogues.test.ts fails when a module under harness/relays/ or harness/fidelity/
// exports a catalogue this list lacks. Every catalogue has the one shape of an entry: a name and a
// description (CatalogueEntry); how an entry is served is its catalogue's pin file's business.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { RelayBehaviour } from '../../harness/fidelity/forwarding-relay.ts';
import type { ConnectorBehaviour } from '../../harness/fidelity/translating-connector.ts';
import { UNFAITHFUL_CONNECTORS } from '../../harness/fidelity/unfaithful-connectors.ts';
import { UNFAITHFUL_RELAYS } from '../../harness/fidelity/unfaithful-relays.ts';
import type { CatalogueEntry } from '../../harness/relays/catalogue-entry.ts';
import { RELAYS } from '../../harness/relays/catalogue.ts';
import { DOCTOR_RELAYS } from '../../harness/relays/doctor-scenarios.ts';
import { HOSTILE_BEHAVIOURS } from '../../harness/relays/hostile/catalogue.ts';
import { WEBSOCKET_RELAYS } from '../../harness/relays/websocket-relays.ts';

/** The faithful variant of a fidelity catalogue: what `--relay-cmd` serves without --unfaithful. */
const FAITHFUL = { name: 'faithful', description: 'forwards every request and answer as it is' } as const;
const FAITHFUL_RELAY: CatalogueEntry & { behaviour: RelayBehaviour } = { ...FAITHFUL, behaviour: {} };
const FAITHFUL_CONNECTOR: CatalogueEntry & { behaviour: ConnectorBehaviour } = { ...FAITHFUL, behaviour: {} };

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
  'fidelity-relays': [FAITHFUL_RELAY, ...UNFAITHFUL_RELAYS],
  'fidelity-connectors': [FAITHFUL_CONNECTOR, ...UNFAITHFUL_CONNECTORS],
} as const satisfies Record<string, readonly CatalogueEntry[]>;

export type CatalogueName = keyof typeof RELAY_CATALOGUES;
export const CATALOGUE_NAMES = Object.keys(RELAY_CATALOGUES) as CatalogueName[];

const PINS = fileURLToPath(new URL('../relay-bytes/', import.meta.url));

/** The folder of a catalogue's byte pins, and one entry's pin in it. */
export const pinFolder = (catalogue: CatalogueName) => `${PINS}${catalogue}`;
export const pinPath = (catalogue: CatalogueName, entry: string) => `${pinFolder(catalogue)}/${entry}.txt`;

/** Run with -u: vitest writes every pin, so a missing one is about to be written, not a gap. */
export const updatingPins = () => expect.getState().snapshotState.snapshotUpdateState === 'all';

/** The pin of `entry`, failing the test when there is none (unless -u is writing it). */
export function pinOf(catalogue: CatalogueName, entry: string): string {
  const file = pinPath(catalogue, entry);
  if (!updatingPins()) expect(existsSync(file), `${file}: no byte pin for ${entry}; write one with -u and read it`).toBe(true);
  return file;
}
