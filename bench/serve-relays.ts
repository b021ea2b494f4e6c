// The measured fleet's relays, in a process of their own (so their memory is not the fleet's): serves
// N reference relays on loopback ports, prints their URLs as one JSON line, and serves until stdin
// closes (the bench's end, or its crash).
import { referenceHandlers } from '../harness/relays/reference-relay.ts';
import { serveHandlers, type ServedHandlers } from '../harness/relays/serve-handlers.ts';

const count = Number(process.argv[2]);
if (!Number.isInteger(count) || count < 1 || count > 1000) {
  process.stderr.write('usage: serve-relays.ts N (1-1000)\n');
  process.exit(2);
}
const servers: ServedHandlers[] = [];
for (let i = 0; i < count; i++) servers.push(await serveHandlers(referenceHandlers()));
process.stdout.write(`${JSON.stringify(servers.map((s) => s.url))}\n`);
process.stdin.resume();
process.stdin.on('end', () => void Promise.all(servers.map((s) => s.close())).then(() => process.exit(0)));
