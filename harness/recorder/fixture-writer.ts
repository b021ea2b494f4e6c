// Turns captured requests into fixtures (normalized, with provenance), and explains in words what
// changed between two recordings of the same scenario: what a maintainer reads on a Codex bump.
import { FIXTURE_FORMAT_VERSION, type Fixture } from '../fixtures/fixture.ts';
import { normalizeRecordedRequest } from '../fixtures/normalize-request.ts';
import { CODEX_VERSION } from '../codex/codex-version.ts';
import type { CapturedRequest } from './capture-relay.ts';

export interface Provenance {
  scenario: string;
  command: string;
  recordedAt: string;
}

/** Run directories of the recording Codex, mapped to the normalized home and project paths. */
const RUN_DIR = /\/[^"\s\\]*\/relaycheck-codex\/run-[A-Za-z0-9]+\/(work|home|tmp)/g;
const NORMALIZED_DIRS: Record<string, string> = { work: '/home/user/project', home: '/home/user', tmp: '/tmp' };
/** Codex names the agent after the account's real home directory (not $HOME): a machine path. */
const AGENT_NAME = /(agent_name\\*"\s*:\s*\\*")[^"\\]*/g;

export function toFixture(id: string, captured: CapturedRequest, provenance: Provenance): Fixture {
  const unpathed = (text: string) => text.replace(RUN_DIR, (_m, dir: string) => NORMALIZED_DIRS[dir]!).replace(AGENT_NAME, '$1/home/user');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(captured.headers)) headers[name] = unpathed(value);
  const body = JSON.parse(unpathed(JSON.stringify(captured.body))) as Record<string, unknown>;
  // client_metadata is a hash map in Codex: its key order changes from run to run.
  if (body.client_metadata && typeof body.client_metadata === 'object') {
    body.client_metadata = Object.fromEntries(Object.entries(body.client_metadata).sort(([a], [b]) => a.localeCompare(b)));
  }
  const normalized = normalizeRecordedRequest({ headers, body });
  return {
    fixtureVersion: FIXTURE_FORMAT_VERSION,
    id,
    scenario: provenance.scenario,
    provenance: { codexVersion: CODEX_VERSION, recordedAt: provenance.recordedAt, command: provenance.command, source: 'recorded' },
    request: { method: 'POST', path: captured.path, headers: normalized.headers, body: normalized.body as Fixture['request']['body'] },
  };
}

/** Sentences naming what differs between an old and a new recording of one fixture. */
export function describeDrift(before: Fixture, after: Fixture): string[] {
  const changes: string[] = [];
  const keys = (o: object) => new Set(Object.keys(o));
  const setDiff = (label: string, a: Set<string>, b: Set<string>) => {
    for (const k of b) if (!a.has(k)) changes.push(`${label} added: ${k}`);
    for (const k of a) if (!b.has(k)) changes.push(`${label} removed: ${k}`);
  };
  setDiff('header', keys(before.request.headers), keys(after.request.headers));
  setDiff('body key', keys(before.request.body), keys(after.request.body));
  const tools = (f: Fixture) => new Set(((f.request.body.tools as Array<{ type?: string; name?: string }>) ?? []).map((t) => `${t.type}${t.name ? ` ${t.name}` : ''}`));
  setDiff('tool', tools(before), tools(after));
  const itemTypes = (f: Fixture) => f.request.body.input.map((i) => (i as { type?: string; role?: string }).type + ((i as { role?: string }).role ? `/${(i as { role?: string }).role}` : '')).join(', ');
  if (itemTypes(before) !== itemTypes(after)) changes.push(`input items changed: [${itemTypes(before)}] → [${itemTypes(after)}]`);
  for (const key of Object.keys(after.request.body)) {
    if (key === 'input' || key === 'tools' || !(key in before.request.body)) continue;
    if (JSON.stringify(before.request.body[key]) !== JSON.stringify(after.request.body[key])) changes.push(`body ${key} changed: ${JSON.stringify(before.request.body[key])} → ${JSON.stringify(after.request.body[key])}`.slice(0, 300));
  }
  for (const name of Object.keys(after.request.headers)) {
    if (name in before.request.headers && before.request.headers[name] !== after.request.headers[name]) changes.push(`header ${name} changed`);
  }
  if (changes.length === 0 && JSON.stringify(before.request) !== JSON.stringify(after.request)) changes.push('text inside the request changed (instructions, tool descriptions or item contents)');
  return changes;
}
