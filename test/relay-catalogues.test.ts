// The one list of relay catalogues (test/helpers/relay-catalogues.ts) is complete, and every entry of
// every catalogue in it has a byte pin: test/relay-bytes/<catalogue>/<entry>.txt, written by the
// catalogue's pin file (relay-bytes, hostile-bytes, fidelity-bytes). A module under harness/relays/
// or harness/fidelity/ that exports a catalogue the list lacks fails here, so a new catalogue cannot
// escape the pins.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nonEmpty } from './helpers/non-empty.ts';
import { CATALOGUE_NAMES, RELAY_CATALOGUES, pinFolder, updatingPins } from './helpers/relay-catalogues.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SCANNED = ['harness/relays', 'harness/fidelity'];

/** A catalogue, by its shape: a list of named, described things (relays, behaviours, variants). */
function isCatalogue(value: unknown): value is readonly object[] {
  return Array.isArray(value) && value.length > 0 && value.every((entry) => typeof entry === 'object' && entry !== null && typeof entry.name === 'string' && typeof entry.description === 'string');
}

/**
 * The exports of `modules` that are catalogues the list lacks: neither a listed catalogue nor a part
 * of one (the hostile corpus is assembled from parts, a fidelity catalogue from its unfaithful list).
 */
function unlisted(modules: Record<string, Record<string, unknown>>, listed: readonly (readonly object[])[]): string[] {
  return Object.entries(modules).flatMap(([file, exports]) =>
    Object.entries(exports)
      .filter(([, value]) => isCatalogue(value) && !listed.some((catalogue) => value.every((entry) => catalogue.includes(entry))))
      .map(([name]) => `${file}: ${name}`),
  );
}

/** Every module (a file that exports something; the serve-* programs export nothing) under SCANNED. */
async function scannedModules(): Promise<Record<string, Record<string, unknown>>> {
  const files = SCANNED.flatMap((dir) => readdirSync(`${ROOT}${dir}`, { recursive: true, encoding: 'utf8' }).map((file) => `${dir}/${file}`));
  const modules = files.filter((file) => file.endsWith('.ts') && /^export /m.test(readFileSync(`${ROOT}${file}`, 'utf8')));
  return Object.fromEntries(await Promise.all(nonEmpty(modules, 'modules under harness/relays and harness/fidelity').map(async (file) => [file, (await import(pathToFileURL(`${ROOT}${file}`).href)) as Record<string, unknown>] as const)));
}

describe('relay catalogues', () => {
  const listed = Object.values(RELAY_CATALOGUES) as readonly (readonly object[])[];

  it('the list holds every catalogue a module under harness/relays or harness/fidelity exports', async () => {
    const modules = await scannedModules();
    // The scan sees catalogues at all: each listed one (or its unfaithful part) is found in some module.
    const found = Object.values(modules).flatMap((exports) => Object.values(exports).filter(isCatalogue));
    for (const catalogue of listed) expect(found.some((value) => value.every((entry) => catalogue.includes(entry)))).toBe(true);
    expect(unlisted(modules, listed)).toEqual([]);
  }, 60_000);

  it('names an exported catalogue the list lacks, and not a part of a listed one', () => {
    const stray = [{ name: 'new-relay', description: 'a relay no pin test walks', handlers: () => [] }];
    const modules = { 'harness/relays/new.ts': { NEW_RELAYS: stray, PART: RELAY_CATALOGUES.hostile.slice(0, 2), NAMES: ['a', 'b'] } };
    expect(unlisted(modules, listed)).toEqual(['harness/relays/new.ts: NEW_RELAYS']);
  });

  describe.each(nonEmpty(CATALOGUE_NAMES, 'relay catalogues'))('%s', (catalogue) => {
    it('has one pin per entry and none for an entry that is gone', () => {
      const names = nonEmpty(RELAY_CATALOGUES[catalogue].map((entry) => entry.name), `${catalogue} entries`).sort();
      expect(new Set(names).size, `${catalogue}: entry names repeat`).toBe(names.length);
      const folder = pinFolder(catalogue);
      const pinned = existsSync(folder) ? readdirSync(folder).map((file) => file.replace(/\.txt$/, '')).sort() : [];
      if (updatingPins()) expect(pinned.filter((name) => !names.includes(name))).toEqual([]);
      else expect(pinned).toEqual(names);
    });
  });
});
