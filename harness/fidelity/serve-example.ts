// The command line of the example relay programs that `relaycheck fidelity --relay-cmd` starts
// (serve-forwarding-relay.ts, serve-translating-connector.ts): --upstream URL --port N
// [--unfaithful NAME], faithful without --unfaithful, served until SIGTERM or SIGINT.
import { parseArgs } from 'node:util';
import type { ServedHandlers } from '../relays/serve-handlers.ts';

interface Variant<Behaviour> {
  name: string;
  behaviour: Behaviour;
}

export async function serveExample<Behaviour>(
  program: string,
  what: string,
  variants: readonly Variant<Behaviour>[],
  start: (upstreamUrl: string, behaviour: Behaviour | undefined, port: number) => Promise<ServedHandlers>,
): Promise<void> {
  const { values } = parseArgs({ options: { upstream: { type: 'string' }, port: { type: 'string' }, unfaithful: { type: 'string' } } });
  const variant = variants.find((v) => v.name === values.unfaithful);
  if (!values.upstream || !/^\d+$/.test(values.port ?? '') || (values.unfaithful !== undefined && !variant)) {
    process.stderr.write(`usage: ${program} --upstream URL --port N [--unfaithful ${variants.map((v) => v.name).join('|')}]\n`);
    process.exit(2);
  }
  const served = await start(values.upstream, variant?.behaviour, Number(values.port));
  process.stdout.write(`${what}${variant ? ` (${variant.name})` : ''} on ${served.url}/v1 → ${values.upstream}\n`);
  const stop = () => void served.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
