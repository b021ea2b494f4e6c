// A relay program for `relaycheck fidelity --relay-cmd` to start: the simulated forwarding relay,
// faithful or unfaithful in one named way, in front of the given upstream, until SIGTERM or SIGINT.
//   tsx harness/fidelity/serve-forwarding-relay.ts --upstream URL --port N [--unfaithful NAME]
import { parseArgs } from 'node:util';
import { startForwardingRelay } from './forwarding-relay.ts';
import { UNFAITHFUL_RELAYS } from './unfaithful-relays.ts';

const { values } = parseArgs({ options: { upstream: { type: 'string' }, port: { type: 'string' }, unfaithful: { type: 'string' } } });
const relay = UNFAITHFUL_RELAYS.find((r) => r.name === values.unfaithful);
if (!values.upstream || !/^\d+$/.test(values.port ?? '') || (values.unfaithful !== undefined && !relay)) {
  process.stderr.write(`usage: serve-forwarding-relay --upstream URL --port N [--unfaithful ${UNFAITHFUL_RELAYS.map((r) => r.name).join('|')}]\n`);
  process.exit(2);
}
const served = await startForwardingRelay(values.upstream, relay?.behaviour ?? {}, Number(values.port));
process.stdout.write(`forwarding relay${relay ? ` (${relay.name})` : ''} on ${served.url}/v1 → ${values.upstream}\n`);
const stop = () => void served.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
