// The headers that reached the upstream against the client's: Codex's session and request ids
// (per-session routing and caching upstream depend on them), and the client's key, which a relay
// must not hand to an upstream that is not the client's.
import { FidelityId } from './finding-ids.ts';
import { type Observation, fail, pass, skip } from './observation.ts';

/** Ids Codex sends with every turn, as recorded in the fixtures (docs/codex-ground-truth.md lists them). */
const SESSION_HEADERS = ['session-id', 'thread-id', 'x-client-request-id'];

/** What compareHeaders observes, in the order it returns them. */
export const HEADER_IDS = [FidelityId.sessionHeadersForwarded, FidelityId.clientKeyNotForwarded] as const;

export function compareHeaders(sent: Record<string, string>, received: Record<string, string>, clientKey: string | undefined): Observation[] {
  return [sessionHeaders(sent, received), clientKeyKept(received, clientKey)];
}

function sessionHeaders(sent: Record<string, string>, received: Record<string, string>): Observation {
  const id = FidelityId.sessionHeadersForwarded;
  const names = SESSION_HEADERS.filter((name) => sent[name] !== undefined);
  if (names.length === 0) return skip(id, 'the client sent no session header');
  const lost = names.filter((name) => received[name] !== sent[name]);
  if (lost.length === 0) return pass(id, `${names.join(', ')} reached the upstream`);
  const pick = (headers: Record<string, string>) => Object.fromEntries(lost.map((name) => [name, headers[name] ?? null]));
  return fail(id, `${lost.map((name) => (received[name] === undefined ? `${name} dropped` : `${name} changed`)).join(', ')}`, pick(sent), pick(received));
}

function clientKeyKept(received: Record<string, string>, clientKey: string | undefined): Observation {
  const id = FidelityId.clientKeyNotForwarded;
  if (!clientKey) return skip(id, 'the client sent no key (--api-key-env)');
  const carriers = Object.entries(received).filter(([, value]) => value.includes(clientKey)).map(([name]) => name);
  if (carriers.length === 0) return pass(id, "the client's key did not reach the upstream");
  return fail(id, `the client's key reached relaycheck's upstream in ${carriers.join(', ')}`, 'the relay\'s own upstream credential', carriers);
}
