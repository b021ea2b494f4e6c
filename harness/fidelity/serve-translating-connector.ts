// A connector program for `relaycheck fidelity --sides chat --relay-cmd` to start: the simulated
// chat→Responses translating connector, faithful or unfaithful in one named way, until SIGTERM or SIGINT.
//   tsx harness/fidelity/serve-translating-connector.ts --upstream URL --port N [--unfaithful NAME]
import { parseArgs } from 'node:util';
import { startTranslatingConnector } from './translating-connector.ts';
import { UNFAITHFUL_CONNECTORS } from './unfaithful-connectors.ts';

const { values } = parseArgs({ options: { upstream: { type: 'string' }, port: { type: 'string' }, unfaithful: { type: 'string' } } });
const connector = UNFAITHFUL_CONNECTORS.find((c) => c.name === values.unfaithful);
if (!values.upstream || !/^\d+$/.test(values.port ?? '') || (values.unfaithful !== undefined && !connector)) {
  process.stderr.write(`usage: serve-translating-connector --upstream URL --port N [--unfaithful ${UNFAITHFUL_CONNECTORS.map((c) => c.name).join('|')}]\n`);
  process.exit(2);
}
const served = await startTranslatingConnector(values.upstream, connector?.behaviour ?? {}, Number(values.port));
process.stdout.write(`translating connector${connector ? ` (${connector.name})` : ''} on ${served.url}/v1 → ${values.upstream}\n`);
const stop = () => void served.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
