// What a forwarding relay or connector sends its upstream, as pinnable text: each request the
// reference upstream recorded, its headers (sorted; host left out, it names the upstream's ephemeral
// port) and its body. A body the relay passed on byte for byte is said to be; one it changed is pinned
// by its length and sha256 and shown as the JSON values that differ from the client's (a Codex body
// is ~38 KB: the pin reads as what the relay changed). A body in another API than the client's (a
// connector's translation) is shown whole.
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { UpstreamExchange } from '../../harness/fidelity/reference-upstream.ts';

/** Per connection: the upstream's own address and port. */
const NOT_PINNED = new Set(['host', 'connection']);
/** A changed value is shown up to this many characters; the sha256 above it pins every byte. */
const MAX_VALUE_CHARS = 400;
/** Differences listed per body; far above what one unfaithful behaviour changes. */
const MAX_CHANGES = 50;

export function upstreamRequestText(exchange: UpstreamExchange, client: { path: string; body?: string }): string {
  const head = Object.entries(exchange.headers)
    .filter(([name]) => !NOT_PINNED.has(name))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}: ${value}`);
  return [`### upstream got ${exchange.method} ${exchange.path}`, ...head, '', bodyText(exchange, client)].join('\n');
}

function bodyText(exchange: UpstreamExchange, client: { path: string; body?: string }): string {
  const sent = exchange.bodyText;
  if (sent === (client.body ?? '')) return sent === '' ? '⟨no body⟩' : "⟨the client's body, byte for byte⟩";
  if (!exchange.path.endsWith(client.path) || client.body === undefined) return sent;
  const digest = `⟨${Buffer.byteLength(sent)} bytes, sha256 ${createHash('sha256').update(sent).digest('hex')}; where its JSON differs from the client's:⟩`;
  return [digest, ...jsonChanges(JSON.parse(client.body), JSON.parse(sent)).slice(0, MAX_CHANGES)].join('\n');
}

/**
 * The values of `after` that differ from `before`, by JSON pointer: an object key by key, an array of
 * the same length index by index, one of another length as the elements it lost and gained.
 */
export function jsonChanges(before: unknown, after: unknown, at = ''): string[] {
  if (isDeepStrictEqual(before, after)) return [];
  if (Array.isArray(before) && Array.isArray(after)) {
    if (before.length === after.length) return before.flatMap((item, i) => jsonChanges(item, after[i], `${at}/${i}`));
    const lost = before.flatMap((item, i) => (after.some((kept) => isDeepStrictEqual(kept, item)) ? [] : [`- ${at}/${i} ${shown(item)}`]));
    const gained = after.flatMap((item, i) => (before.some((had) => isDeepStrictEqual(had, item)) ? [] : [`+ ${at}/${i} ${shown(item)}`]));
    return [...lost, ...gained];
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => {
      const pointer = `${at}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (!(key in after)) return [`- ${pointer}`];
      if (!(key in before)) return [`+ ${pointer} ${shown(after[key])}`];
      return jsonChanges(before[key], after[key], pointer);
    });
  }
  return [`~ ${at} ${shown(before)} → ${shown(after)}`];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…⟨${text.length} chars⟩` : text;
}
