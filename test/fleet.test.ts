import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MatrixReport } from '../harness/fleet/matrix.ts';
import { buildMatrix, matrixRow } from '../harness/fleet/matrix.ts';
import { inShard, parseShard } from '../harness/fleet/shard.ts';
import { writeMatrix } from '../harness/fleet/write-matrix.ts';
import { writeReports } from '../harness/report/write-reports.ts';
import { SCENARIOS, loadReport } from './data/reports/canned.ts';
import { parseTargets, relayDirName } from '../harness/fleet/targets-file.ts';
import type { RunReport } from '../harness/report/model.ts';
import { RELAYS, startRelay, type RunningRelay } from '../harness/relays/catalogue.ts';
import { runMain } from './helpers/run-main.ts';
import { ALL_SUITES } from '../suites/index.ts';

const CASE_COUNT = ALL_SUITES.reduce((n, suite) => n + suite.cases.length, 0);

const KEY_A = 'sk-fleet-key-a-1f2e3d4c5b6a7980';
const KEY_B = 'sk-fleet-key-b-0a9b8c7d6e5f4031';
const ENV = { FLEET_KEY_A: KEY_A, FLEET_KEY_B: KEY_B };
const RELAY_COUNT = 20;
/** Held open for 10 minutes after response.failed: it would only test the case deadline here. */
const SLOW = new Set(['failed-socket-open']);

describe('targets file', () => {
  const file = (body: string) => `[[relays]]\nname = "a"\nbase_url = "http://127.0.0.1:1/v1"\n${body}`;

  it('reads relays in file order with defaults under their own settings', () => {
    const { targets, digest } = parseTargets(
      '[defaults]\nmodel = "gpt-5.5"\nheaders = { "X-Client" = "relaycheck", "x-team" = "a" }\n\n' +
        '[[relays]]\nname = "Acme Relay"\nbase_url = "https://acme.test/v1/"\napi_key_env = "ACME_KEY"\nheaders = { "x-team" = "b" }\n\n' +
        '[[relays]]\nname = "other"\nbase_url = "http://127.0.0.1:9/v1"\nmodel = "gpt-5.1-codex"\n',
    );
    expect(digest).toMatch(/^[0-9a-f]{16}$/);
    expect(targets).toEqual([
      { name: 'Acme Relay', position: 0, dir: 'Acme_Relay', baseUrl: 'https://acme.test/v1', apiKeyEnv: 'ACME_KEY', model: 'gpt-5.5', headers: { 'x-client': 'relaycheck', 'x-team': 'b' } },
      { name: 'other', position: 1, dir: 'other', baseUrl: 'http://127.0.0.1:9/v1', model: 'gpt-5.1-codex', headers: { 'x-client': 'relaycheck', 'x-team': 'a' } },
    ]);
  });

  it.each([
    ['[[relays]]\nname = "c"\nbase_url = "not a url"', /relay "c": base_url: "not a url" is not a URL/],
    ['[[relays]]\nname = "d"', /relay "d": base_url must be a non-empty string/],
    ['api_key = "sk-inline"', /relay 1: unknown key "api_key" \(known: name, base_url, api_key_env, model, headers\)/],
    ['api_key_env = "not a name"', /api_key_env "not a name" is not an environment variable name/],
    ['headers = { "bad header" = "x" }', /header must look like/],
    ['[[relays]]\nname = "a"\nbase_url = "http://127.0.0.1:2/v1"', /the name "a" is used twice/],
    ['[[relays]]\nname = "A"\nbase_url = "http://127.0.0.1:2/v1"', /"A" and "a" would share the report folder/],
    ['[[relays]]\nname = "b"\nbase_url = "ftp://127.0.0.1/v1"', /relay "b": base_url: base URL must be http/],
    ['[relay]\nname = "typo"', /unknown key "relay"/],
    ['name = = "broken"', /not valid TOML \(line \d+, column \d+\)/],
  ])('refuses %j with a message naming the relay and key', (extra, message) => {
    expect(() => parseTargets(file(extra))).toThrow(message);
  });

  it('quotes names from the file as one visible, bounded line', () => {
    // TOML escapes: the names hold a real ESC, BEL and newline once parsed.
    const name = String.raw`"x\u001b]0;pwned\u0007\nresult: works"`;
    const forged = `[[relays]]\nname = ${name}\nbase_url = "http://127.0.0.1:2/v1"\n[[relays]]\nname = ${name}\nbase_url = "http://127.0.0.1:3/v1"\n`;
    let message = '';
    try {
      parseTargets(forged);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('is used twice');
    expect(message).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(message).toContain('\\u001b]0;pwned\\u0007\\nresult: works');

    const manyKeys = Array.from({ length: 80_000 }, (_, i) => `k${i} = 1`).join('\n');
    let long = '';
    try {
      parseTargets(`${manyKeys}\n[[relays]]\nname = "a"\nbase_url = "http://127.0.0.1:2/v1"\n`);
    } catch (error) {
      long = (error as Error).message;
    }
    expect(long).toMatch(/unknown key "k0", "k1", "k2", "k3", "k4" and 79995 more/);
    expect(long.length).toBeLessThanOrEqual(1000);
  });

  it('refuses a file without relays', () => {
    expect(() => parseTargets('[defaults]\nmodel = "x"\n')).toThrow(/no \[\[relays\]\] entries/);
  });

  it('makes relay names safe folder names', () => {
    expect(relayDirName('../../etc/passwd')).toBe('etc_passwd');
    expect(relayDirName('.hidden')).toBe('hidden');
    expect(relayDirName('acme.dev (EU)')).toBe('acme.dev_EU_');
    expect(relayDirName('日本')).toBe('relay');
  });
});

describe('--shard K/N', () => {
  it('parses K/N and refuses anything else', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', '1', 'a/b', '1/300', '-1/2']) expect(() => parseShard(bad)).toThrow(/--shard takes K\/N/);
  });

  it('deals every position to exactly one shard, round-robin', () => {
    for (const count of [1, 2, 3, 7, 20, 25]) {
      const owners = Array.from({ length: 41 }, (_, position) => Array.from({ length: count }, (_, i) => i + 1).filter((index) => inShard(position, { index, count })));
      expect(owners.every((o) => o.length === 1)).toBe(true);
      const sizes = Array.from({ length: count }, (_, i) => owners.filter((o) => o[0] === i + 1).length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });
});

describe('a relay in the matrix', () => {
  it("keeps its matrix row and the cases' ids and titles only, not its report: a fleet holds rows, not reports", () => {
    const report = loadReport('hostile-strings');
    const row = matrixRow({ name: 'r', position: 0, dir: 'r', report });
    expect(Object.keys(row.relay).sort()).toEqual(['badge', 'baseUrl', 'dir', 'model', 'name', 'position', 'results', 'summary', 'verdict']);
    expect(row.cases).toEqual(report.cases.map((c) => ({ id: c.id, suite: c.suite, title: c.title })));
    // Checks, failures, transcripts and headers stay in report.json on disk.
    expect(JSON.stringify(row).length).toBeLessThan(JSON.stringify(report).length / 5);
  });
});

describe('relaycheck merge on canned shard folders', () => {
  const TOTAL = 7;
  const DIGEST = 'sha256:canned-targets';
  let dir: string;
  /** Shard K of 3 of a 7-relay targets file, laid out as run --targets writes it, from canned reports. */
  const shardDir = (k: number) => path.join(dir, `shard-${k}`);
  const relayName = (position: number) => `relay ${position + 1}`;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'relaycheck-merge-'));
    for (const k of [1, 2, 3]) {
      const shard = { index: k, count: 3 };
      const entries = Array.from({ length: TOTAL }, (_, position) => position)
        .filter((position) => inShard(position, shard))
        .map((position) => ({ name: relayName(position), position, dir: relayDirName(relayName(position)), report: loadReport(SCENARIOS[position % SCENARIOS.length]!) }));
      for (const entry of entries) await writeReports(entry.report, { outDir: path.join(shardDir(k), entry.dir), formats: ['json', 'md'] });
      await writeMatrix(buildMatrix(entries, { digest: DIGEST, total: TOTAL }, shard), shardDir(k));
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('merges the shards, in any order, into the matrix of all relays with their report folders', async () => {
    const merged = await runMain(['merge', shardDir(2), shardDir(3), shardDir(1), '--out', path.join(dir, 'merged')]);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(1); // not every canned report is compatible
    expect(merged.stdout).toContain(`Merged 3 shards: ${TOTAL} relays`);
    const matrix = JSON.parse(await readFile(path.join(dir, 'merged', 'matrix.json'), 'utf8')) as MatrixReport;
    expect(matrix.shard).toBeUndefined();
    expect(matrix.targets).toEqual({ digest: DIGEST, total: TOTAL });
    expect(matrix.relays.map((r) => r.name)).toEqual(Array.from({ length: TOTAL }, (_, p) => relayName(p)));
    for (const relay of matrix.relays) {
      expect(relay.verdict.codex).toBe(loadReport(SCENARIOS[relay.position % SCENARIOS.length]!).verdict.codex);
      expect((await readdir(path.join(dir, 'merged', relay.dir))).sort()).toEqual(['report.json', 'report.md']);
    }
  });

  it('exits 0 when every merged relay is compatible', async () => {
    const allPass = path.join(dir, 'all-pass');
    const entries = [0, 1].map((position) => ({ name: relayName(position), position, dir: relayDirName(relayName(position)), report: loadReport('all-pass') }));
    for (const entry of entries) await writeReports(entry.report, { outDir: path.join(allPass, entry.dir), formats: ['json'] });
    await writeMatrix(buildMatrix(entries, { digest: DIGEST, total: 2 }), allPass);
    const merged = await runMain(['merge', allPass, '--out', path.join(dir, 'all-pass-merged')]);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
  });

  it('exits 2 with one line when a shard is missing, given twice, or not a shard folder', async () => {
    const missing = await runMain(['merge', shardDir(1), shardDir(2), '--out', path.join(dir, 'incomplete')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^relaycheck: 2 of 7 relays are in no shard given \(positions 3, 6 in the targets file\): is a shard folder missing\?\n$/);
    const twice = await runMain(['merge', shardDir(1), shardDir(1), '--out', path.join(dir, 'twice')]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/^relaycheck: relay relay 1 is in both .*shard-1 and .*shard-1: give each shard once\n$/);
    const notShard = await runMain(['merge', dir]);
    expect(notShard.code).toBe(2);
    expect(notShard.stderr).toMatch(/^relaycheck: .*matrix\.json: .*is .* the output folder of a run --targets\?\)\n$/);
    expect(await readdir(dir)).not.toContain('incomplete');
  });
});

describe('run --targets with 20 relays, then sharded and merged', () => {
  const running = new Map<string, RunningRelay>();
  let dir: string;
  let targetsFile: string;
  const names: string[] = [];
  const simulated: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'relaycheck-fleet-'));
    // The first dozen relays: RELAY_COUNT then wraps around, and the reference relay's second round uses key B.
    const catalogue = RELAYS.filter((r) => !SLOW.has(r.name)).slice(0, 12);
    const entries: string[] = [];
    for (let i = 0; i < RELAY_COUNT; i++) {
      const relay = catalogue[i % catalogue.length]!;
      // The second round of the reference relay wants another key: keys are per relay.
      const keyEnv = relay.name === 'reference' && i >= catalogue.length ? 'FLEET_KEY_B' : 'FLEET_KEY_A';
      const serverKey = `${relay.name}:${keyEnv}`;
      if (!running.has(serverKey)) running.set(serverKey, await startRelay(relay.name, { apiKey: ENV[keyEnv as keyof typeof ENV] }));
      const name = `${String(i + 1).padStart(2, '0')} ${relay.name}`;
      names.push(name);
      simulated.push(relay.name);
      entries.push(`[[relays]]\nname = "${name}"\nbase_url = "${running.get(serverKey)!.baseUrl}"\napi_key_env = "${keyEnv}"\nheaders = { "x-fleet-position" = "${i}" }\n`);
    }
    targetsFile = path.join(dir, 'relays.toml');
    await writeFile(targetsFile, `# ${RELAY_COUNT} simulated relays\n[defaults]\nmodel = "gpt-5.5"\n\n${entries.join('\n')}`);
  });
  afterAll(async () => {
    await Promise.all([...running.values()].map((r) => r.close()));
    await rm(dir, { recursive: true, force: true });
  });

  // --no-retries: Codex's retries (waited for real by the CLI) are tested in retries.test.ts; here they would only add minutes.
  const fleetRun = (out: string, extra: string[] = []) =>
    runMain(['run', '--targets', targetsFile, '--out', path.join(dir, out), '--relay-concurrency', '4', '--concurrency', '2', '--timeout-ms', '60000', '--idle-timeout-ms', '30000', '--no-retries', ...extra], { env: ENV });
  const readJson = async <T>(...parts: string[]) => JSON.parse(await readFile(path.join(dir, ...parts), 'utf8')) as T;

  it('writes one report folder per relay and a relay × case matrix in JSON, Markdown and HTML', async () => {
    const result = await fleetRun('whole');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1); // most simulated relays are broken on purpose
    expect(result.stdout).toContain(`relaycheck → ${RELAY_COUNT} relays from ${targetsFile}`);

    const matrix = await readJson<MatrixReport>('whole', 'matrix.json');
    expect(matrix.shard).toBeUndefined();
    expect(matrix.targets.total).toBe(RELAY_COUNT);
    expect(matrix.relays.map((r) => r.name)).toEqual(names);
    expect(matrix.relays.map((r) => r.position)).toEqual(names.map((_, i) => i));
    expect(matrix.cases).toHaveLength(CASE_COUNT);

    const folders = (await readdir(path.join(dir, 'whole'))).sort();
    expect(folders).toEqual([...names.map(relayDirName), 'matrix.html', 'matrix.json', 'matrix.md'].sort());
    for (const [i, relay] of matrix.relays.entries()) {
      const files = (await readdir(path.join(dir, 'whole', relay.dir))).sort();
      expect(files).toEqual(['badge.json', 'badge.svg', 'junit.xml', 'report.html', 'report.json', 'report.md']);
      const report = await readJson<RunReport>('whole', relay.dir, 'report.json');
      // Each cell is that relay's case status, linked to the case's index in its report.
      expect(relay.results).toEqual(Object.fromEntries(report.cases.map((c, index) => [c.id, { status: c.status, index }])));
      expect(relay.verdict.codex).toBe(report.verdict.codex);
      // The catalogue says what each simulated relay's verdict must be.
      expect(relay.verdict.codex, relay.name).toBe(RELAYS.find((r) => r.name === simulated[i])!.expectedCodexVerdict);
      expect(report.cases[0]!.transcript!.request.headers['x-fleet-position']).toBe(String(i));
      expect(result.stdout).toMatch(new RegExp(`${relay.verdict.codex} +${relay.name}`));
    }

    const md = await readFile(path.join(dir, 'whole', 'matrix.md'), 'utf8');
    expect(md.split('\n').filter((line) => /^\| \d+ \| /.test(line))).toHaveLength(RELAY_COUNT);
    const html = await readFile(path.join(dir, 'whole', 'matrix.html'), 'utf8');
    expect(html.match(/<th class="relay">/g)).toHaveLength(RELAY_COUNT);
    expect(html.match(/<td class="cell">/g)).toHaveLength(RELAY_COUNT * CASE_COUNT);
    expect(html).toContain(`href="${relayDirName(names[0]!)}/report.html#case-0"`);

    // Neither key is written anywhere.
    for (const relay of matrix.relays) {
      for (const file of await readdir(path.join(dir, 'whole', relay.dir))) {
        const text = await readFile(path.join(dir, 'whole', relay.dir, file), 'utf8');
        expect(text).not.toContain(KEY_A);
        expect(text).not.toContain(KEY_B);
      }
    }
    expect(result.stdout + md + html).not.toMatch(/sk-fleet-key/);
  }, 300_000);

  it('gives the same matrix from three shards merged as from the unsharded run', async () => {
    const shards = await Promise.all([1, 2, 3].map((k) => fleetRun(`shard-${k}`, ['--shard', `${k}/3`])));
    for (const [i, shard] of shards.entries()) {
      expect(shard.stderr).toBe('');
      const matrix = await readJson<MatrixReport>(`shard-${i + 1}`, 'matrix.json');
      expect(matrix.shard).toEqual({ index: i + 1, count: 3 });
      expect(matrix.relays.map((r) => r.position)).toEqual(names.map((_, p) => p).filter((p) => p % 3 === i));
    }
    const shardDirs = [3, 1, 2].map((k) => path.join(dir, `shard-${k}`)); // any order
    const merged = await runMain(['merge', ...shardDirs, '--out', path.join(dir, 'merged')]);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(1);
    expect(merged.stdout).toContain(`Merged 3 shards: ${RELAY_COUNT} relays`);
    for (const file of ['matrix.json', 'matrix.md', 'matrix.html']) {
      expect(await readFile(path.join(dir, 'merged', file), 'utf8'), file).toBe(await readFile(path.join(dir, 'whole', file), 'utf8'));
    }
    // The relays' folders come along, so the matrix links work from the merged folder.
    const matrix = await readJson<MatrixReport>('merged', 'matrix.json');
    for (const relay of matrix.relays) expect((await readdir(path.join(dir, 'merged', relay.dir))).sort()).toEqual(['badge.json', 'badge.svg', 'junit.xml', 'report.html', 'report.json', 'report.md']);
  }, 300_000);

  it('exits 2 before running anything when a relay key is not set or flags clash', async () => {
    const unset = await runMain(['run', '--targets', targetsFile, '--out', path.join(dir, 'nokeys')], { env: { FLEET_KEY_A: KEY_A } });
    expect(unset.code).toBe(2);
    expect(unset.stderr).toMatch(/^relaycheck: the key variable is not set for .*\(FLEET_KEY_B\)/);
    expect(await readdir(dir)).not.toContain('nokeys');
    const clash = await runMain(['run', '--targets', targetsFile, '--base-url', 'http://127.0.0.1:1/v1'], { env: ENV });
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('--targets takes each relay from the file: drop --base-url');
    const shardAlone = await runMain(['run', '--base-url', 'http://127.0.0.1:1/v1', '--shard', '1/2']);
    expect(shardAlone.code).toBe(2);
    expect(shardAlone.stderr).toContain('--shard needs --targets');
  });
});
