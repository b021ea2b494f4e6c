// `npm run fixtures:record`: regenerates a supported Codex release's fixtures (fixtures/ for the
// pinned one, `-- --codex-version X` for another, see codex-profile.ts) from its real binary
// (installed on demand from the npm registry). A fixture whose request did not change is left byte
// for byte as it was. `-- --check` writes nothing and explains, in words, how Codex's requests
// differ from the committed fixtures (exit 1 on any drift).
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { ensureCodex } from '../codex/install-codex.ts';
import { type Fixture, parseFixture } from '../replay/fixture.ts';
import { SUPPORTED_CODEX_VERSIONS, codexProfile } from '../codex/codex-profile.ts';
import { CODEX_VERSION } from '../codex/codex-version.ts';
import { describeDrift } from './describe-drift.ts';
import { fixtureText, keepProvenanceIfUnchanged } from './fixture-writer.ts';
import { recordScenario } from './record-scenario.ts';
import { RECORDED_FIXTURE_IDS, RECORDING_SCENARIOS } from './scenarios.ts';
import { UsageError } from '../cli/usage-error.ts';
import { scriptMain } from '../cli/script-main.ts';

/** Codex processes recording at once. */
const RECORDING_CONCURRENCY = 4;

export interface SyncOptions {
  /** Explain the drift, write nothing. */
  check: boolean;
  /** Default: the pinned Codex. */
  version?: string;
  /** Where that version's fixtures are; default its profile's folder. */
  fixturesDir?: string;
  /** The fixtures to compare with, when they are not in fixturesDir (codex:drift records afresh). */
  compareWithDir?: string;
  log?: (line: string) => void;
}

export interface SyncResult {
  /** Sentences of drift, over all fixtures (0: Codex sends what fixtures/ holds). */
  drift: number;
  /** The sentences, by fixture (only fixtures that changed). */
  changes: Array<{ fixture: string; changes: string[] }>;
}

export async function syncFixtures(options: SyncOptions): Promise<SyncResult> {
  const version = options.version ?? CODEX_VERSION;
  const dir = options.fixturesDir ?? codexProfile(version)?.fixturesDir;
  if (!dir) throw new Error(`Codex ${version} is not supported (${SUPPORTED_CODEX_VERSIONS.join(', ')}): give the folder to record into`);
  const compareDir = options.compareWithDir ?? dir;
  const log = options.log ?? ((line: string) => console.log(line));
  const codex = await ensureCodex({ version });
  log(`${options.check ? 'checking' : 'recording'} ${path.relative(process.cwd(), dir) || dir} with Codex ${version}`);
  const recorded = new Map<string, Fixture>();
  let drift = 0;
  const changed: SyncResult['changes'] = [];
  const report = (id: string, changes: string[]) => {
    drift += changes.length;
    if (changes.length > 0) changed.push({ fixture: id, changes });
    log(changes.length === 0 ? `  ${id}: unchanged` : `  ${id}:\n${changes.map((c) => `    - ${c}`).join('\n')}`);
  };
  // Each scenario runs Codex in its own home against its own capture relay, and mostly waits on
  // the process: a few at once; their results are then read in order, as repeats refer back.
  // All settle before any failure is thrown, so no Codex is left running behind the sync.
  const limit = pLimit(RECORDING_CONCURRENCY);
  const recordings = await Promise.allSettled(RECORDING_SCENARIOS.map((scenario) => limit(() => recordScenario(codex, scenario))));
  for (const [i, scenario] of RECORDING_SCENARIOS.entries()) {
    const settled = recordings[i]!;
    if (settled.status === 'rejected') throw settled.reason;
    const recording = settled.value;
    for (const fresh of recording.fixtures) {
      const committed = await readFixture(compareDir, fresh.id);
      const fixture = keepProvenanceIfUnchanged(fresh, committed);
      recorded.set(fixture.id, fixture);
      report(fixture.id, committed ? describeDrift(committed, fixture) : ['new fixture (not committed yet)']);
      if (!options.check) await writeFile(path.join(dir, `${fixture.id}.json`), fixtureText(fixture));
    }
    // A request two scenarios send must come out the same in both, or the suites that pair a
    // follow-up with the request before it no longer replay one conversation.
    for (const { sameAs, fixture } of recording.repeats) {
      const base = recorded.get(sameAs) ?? (await readFixture(compareDir, sameAs));
      const changes = base ? describeDrift(base, fixture) : [`no fixture ${sameAs} to compare with`];
      if (changes.length > 0) report(`${sameAs}, as sent in "${scenario.name}"`, changes);
    }
  }
  for (const name of await readdir(compareDir)) {
    if (name.endsWith('.json') && !RECORDED_FIXTURE_IDS.includes(name.slice(0, -'.json'.length))) {
      report(name, ['not recorded by any scenario: remove it, or add a scenario that records it']);
    }
  }
  if (drift > 0) log(options.check ? `Codex's requests drifted from the fixtures: run npm run fixtures:record and review the diff.` : 'Review the diff of fixtures/ before committing it.');
  return { drift, changes: changed };
}

async function readFixture(dir: string, id: string): Promise<Fixture | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dir, `${id}.json`), 'utf8');
  } catch {
    return undefined;
  }
  return parseFixture(text, `${id}.json`);
}

/** The script: 0 recorded (or no drift), 1 drift under --check; script-main.ts turns a throw into 2 (usage) or 3. */
export async function recordMain(argv: readonly string[]): Promise<number> {
  const check = argv.includes('--check');
  const at = argv.indexOf('--codex-version');
  const version = at >= 0 ? argv[at + 1] : undefined;
  if (at >= 0 && (!version || !codexProfile(version))) throw new UsageError(`--codex-version takes one of ${SUPPORTED_CODEX_VERSIONS.join(', ')}`);
  const { drift } = await syncFixtures({ check, ...(version && { version }) });
  return check && drift > 0 ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await scriptMain('fixtures:record', () => recordMain(process.argv.slice(2)));
