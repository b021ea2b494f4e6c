// Turns captured requests into fixtures: normalized (normalize-request.ts, plus the recording run's
// own directories), with provenance, serialized one stable way.
import { FIXTURE_FORMAT_VERSION, type Fixture } from '../replay/fixture.ts';
import { normalizeRecordedRequest } from '../replay/normalize-request.ts';
import type { CapturedRequest } from './capture-relay.ts';

export interface Provenance {
  scenario: string;
  command: string;
  recordedAt: string;
}

/** Run directories of the recording Codex, mapped to the normalized home and project paths. */
const RUN_DIR = /\/[^"\s\\]*\/relaycheck-codex\/run-[A-Za-z0-9]+\/(work|home|tmp)/g;
const NORMALIZED_DIRS: Record<string, string> = { work: '/home/user/project', home: '/home/user', tmp: '/tmp' };

/** Codex names its release in every request: `codex_exec/0.171.0 (Linux; x86_64) …`. */
const USER_AGENT_VERSION = /^codex[\w-]*\/(\d+\.\d+\.\d+\S*)\s/;

/** The Codex release that sent a request, from its user-agent; "unknown" when it does not say. */
export function senderVersion(headers: Record<string, string>): string {
  const agent = Object.entries(headers).find(([name]) => name.toLowerCase() === 'user-agent')?.[1] ?? '';
  return USER_AGENT_VERSION.exec(agent)?.[1] ?? 'unknown';
}

export function toFixture(id: string, captured: CapturedRequest, provenance: Provenance): Fixture {
  const unpathed = (text: string) => text.replace(RUN_DIR, (_m, dir: string) => NORMALIZED_DIRS[dir]!);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(captured.headers)) headers[name] = unpathed(value);
  const body = JSON.parse(unpathed(JSON.stringify(captured.body))) as Record<string, unknown>;
  const normalized = normalizeRecordedRequest({ headers, body });
  return {
    fixtureVersion: FIXTURE_FORMAT_VERSION,
    id,
    scenario: provenance.scenario,
    provenance: { codexVersion: senderVersion(captured.headers), recordedAt: provenance.recordedAt, command: provenance.command, source: 'recorded' },
    request: {
      method: captured.transport === 'websocket' ? 'GET' : 'POST',
      path: captured.path,
      ...(captured.transport && { transport: captured.transport }),
      headers: normalized.headers,
      body: normalized.body as Fixture['request']['body'],
    },
  };
}

/** The text a fixture file holds: one stable serialization, so equal fixtures are equal bytes. */
export function fixtureText(fixture: Fixture): string {
  return `${JSON.stringify(fixture, null, 1)}\n`;
}

/** A re-recorded fixture whose request did not change keeps the committed file's provenance (its
 * date above all), so re-recording leaves fixtures/ byte for byte as it was. */
export function keepProvenanceIfUnchanged(recorded: Fixture, committed: Fixture | undefined): Fixture {
  if (!committed || JSON.stringify(committed.request) !== JSON.stringify(recorded.request)) return recorded;
  return { ...recorded, provenance: { ...recorded.provenance, recordedAt: committed.provenance.recordedAt } };
}
