// A relay program for `relaycheck fidelity --relay-cmd` to start: the simulated forwarding relay,
// faithful or unfaithful in one named way, in front of the given upstream, until SIGTERM or SIGINT.
//   tsx harness/fidelity/serve-forwarding-relay.ts --upstream URL --port N [--unfaithful NAME]
import { startForwardingRelay } from './forwarding-relay.ts';
import { serveExample } from './serve-example.ts';
import { UNFAITHFUL_RELAYS } from './unfaithful-relays.ts';

await serveExample('serve-forwarding-relay', 'forwarding relay', UNFAITHFUL_RELAYS, startForwardingRelay);
