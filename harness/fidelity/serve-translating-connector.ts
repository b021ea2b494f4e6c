// A connector program for `relaycheck fidelity --sides chat --relay-cmd` to start: the simulated
// chat→Responses translating connector, faithful or unfaithful in one named way, until SIGTERM or SIGINT.
//   tsx harness/fidelity/serve-translating-connector.ts --upstream URL --port N [--unfaithful NAME]
import { serveExample } from './serve-example.ts';
import { startTranslatingConnector } from './translating-connector.ts';
import { UNFAITHFUL_CONNECTORS } from './unfaithful-connectors.ts';

await serveExample('serve-translating-connector', 'translating connector', UNFAITHFUL_CONNECTORS, startTranslatingConnector);
