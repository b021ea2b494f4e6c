// What each supported Codex release does that relaycheck's verdict depends on, as data: the checks
// and the exchange consult the profile of the modelled version instead of testing version numbers.
// Every entry is measured on that release's binary (docs/codex-ground-truth.md); the matrix re-runs
// every behaviour on every version listed here.
import path from 'node:path';
import { FIXTURES_DIR } from '../replay/fixture.ts';
import { CODEX_VERSION } from './codex-version.ts';

/** Content codings a Codex release decodes on a response stream. */
export type ContentCoding = 'gzip' | 'zstd';

export interface CodexProfile {
  version: string;
  /** Where the requests this release sends are recorded (headers included: accept-encoding). */
  fixturesDir: string;
  /**
   * The codings it asks for (its accept-encoding) and decodes when the response says so. A stream in
   * any other coding is read as raw bytes, as the release does (0.169.0: "UTF8 error" on gzip).
   */
  decodes: readonly ContentCoding[];
}

const PROFILES: readonly CodexProfile[] = [
  // 0.171.0 sends `accept-encoding: zstd,gzip` on every request and completes a gzip stream.
  { version: '0.171.0', fixturesDir: FIXTURES_DIR, decodes: ['zstd', 'gzip'] },
  // 0.169.0 sends no accept-encoding and fails on a gzip stream with "UTF8 error".
  { version: '0.169.0', fixturesDir: path.join(FIXTURES_DIR, 'codex-0.169.0'), decodes: [] },
];

export const SUPPORTED_CODEX_VERSIONS: readonly string[] = PROFILES.map((p) => p.version);

export function codexProfile(version: string): CodexProfile | undefined {
  return PROFILES.find((p) => p.version === version);
}

const pinned = codexProfile(CODEX_VERSION);
if (!pinned) throw new Error(`codex-profile.ts has no profile for the pinned Codex ${CODEX_VERSION}`);
export const PINNED_PROFILE: CodexProfile = pinned;
