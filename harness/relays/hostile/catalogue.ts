// The hostile relay corpus: every behaviour relaycheck must survive, bounded and classified.
import type { HostileBehaviour } from './behaviour.ts';
import { contentBehaviours } from './content-behaviours.ts';
import { secretBehaviours } from './secret-behaviours.ts';
import { streamBehaviours } from './stream-behaviours.ts';
import { terminalBehaviours } from './terminal-behaviours.ts';
import { transportBehaviours } from './transport-behaviours.ts';

export const HOSTILE_BEHAVIOURS: HostileBehaviour[] = [...transportBehaviours, ...streamBehaviours, ...contentBehaviours, ...secretBehaviours, ...terminalBehaviours];

const names = new Set<string>();
for (const behaviour of HOSTILE_BEHAVIOURS) {
  if (names.has(behaviour.name)) throw new Error(`duplicate hostile behaviour ${behaviour.name}`);
  names.add(behaviour.name);
}
