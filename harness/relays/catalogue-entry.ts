// The one shape every relay catalogue's entries share, whatever serves them (the simulated relays,
// the hostile corpus, fidelity's unfaithful relays and connectors): a stable name and one sentence of
// what it does. A catalogue is a readonly list of them; test/helpers/relay-catalogues.ts lists every
// catalogue so that each entry has a byte pin.
export interface CatalogueEntry {
  /** Stable id, kebab-case: the pin's file name and what a user or a test names it by. */
  name: string;
  /** What it does, in one sentence. */
  description: string;
}
