// Simulated relays a test file starts, and whatever else it must undo, all closed after each test.
import { afterEach } from 'vitest';
import { startRelay, type RunningRelay } from '../../harness/relays/catalogue.ts';

/** Registers the afterEach that runs every cleanup; returns the list and a relay starter that adds to it. */
export function startedRelays(): { cleanup: Array<() => Promise<void>>; relay(name: string): Promise<RunningRelay> } {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(cleanup.splice(0).map((c) => c()));
  });
  return {
    cleanup,
    async relay(name) {
      const started = await startRelay(name);
      cleanup.push(started.close);
      return started;
    },
  };
}
