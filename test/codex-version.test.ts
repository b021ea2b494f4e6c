// Which Codex release a run models, and that the choice reaches the wire and the report: the
// profiles, the default from the codex on PATH, --codex-version on the command line.
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODEX_VERSION } from '../harness/codex/codex-version.ts';
import { PINNED_PROFILE, SUPPORTED_CODEX_VERSIONS, codexProfile } from '../harness/codex/codex-profile.ts';
import { UnsupportedCodexVersionError, codexVersionOnPath, selectCodexProfile } from '../harness/codex/select-profile.ts';
import { listFixtureIds, loadFixture } from '../harness/replay/fixture.ts';
import { startRelay, type RunningRelay } from '../harness/relays/catalogue.ts';
import { runMain } from './helpers/run-main.ts';

let dir = '';
let reference: RunningRelay;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'relaycheck-codex-version-'));
  reference = await startRelay('reference');
});
afterAll(async () => {
  await Promise.all([reference.close(), rm(dir, { recursive: true, force: true })]);
});

/** A `codex` executable in its own folder that prints `output` for --version. */
async function fakeCodex(name: string, output: string): Promise<string> {
  const bin = path.join(dir, name);
  await mkdir(bin, { recursive: true });
  const file = path.join(bin, 'codex');
  await writeFile(file, `#!/bin/sh\necho '${output}'\n`);
  await chmod(file, 0o755);
  return bin;
}

describe('Codex profiles', () => {
  it('pins a supported release, newest first, and keys each release to its own recorded fixtures', async () => {
    expect(PINNED_PROFILE.version).toBe(CODEX_VERSION);
    expect(SUPPORTED_CODEX_VERSIONS[0]).toBe(CODEX_VERSION);
    expect(SUPPORTED_CODEX_VERSIONS).toContain('0.169.0');
    for (const version of SUPPORTED_CODEX_VERSIONS) {
      const profile = codexProfile(version)!;
      const ids = await listFixtureIds(profile.fixturesDir);
      expect(ids.length, version).toBeGreaterThan(0);
      for (const id of ids) {
        const fixture = await loadFixture(id, profile.fixturesDir);
        expect(fixture.provenance.codexVersion, `${version}/${id}`).toBe(version);
        // What the release asks for is what it decodes: the header is recorded, the decoding modelled.
        // A WebSocket upgrade asks for no body coding (frames use permessage-deflate).
        if (fixture.request.transport === 'websocket') continue;
        const asked = fixture.request.headers['accept-encoding'];
        expect(asked === undefined ? [] : asked.split(',').map((c) => c.trim()), `${version}/${id}`).toEqual([...profile.decodes]);
      }
    }
  });

  it('knows no other release', () => {
    expect(codexProfile('0.170.0')).toBeUndefined();
    expect(codexProfile('latest')).toBeUndefined();
  });
});

describe('choosing the modelled release', () => {
  const installed = (version: string | undefined) => async () => version;

  it('takes --codex-version when supported and refuses any other', async () => {
    expect((await selectCodexProfile({ version: '0.169.0', fromConfig: false })).profile.version).toBe('0.169.0');
    await expect(selectCodexProfile({ version: '0.1.0', fromConfig: true })).rejects.toThrow(UnsupportedCodexVersionError);
    await expect(selectCodexProfile({ version: '0.1.0', fromConfig: true })).rejects.toThrow(/supported: 0\.171\.0, 0\.169\.0/);
  });

  it('with a Codex config, models the codex on PATH when supported, else the pin with a notice', async () => {
    expect(await selectCodexProfile({ fromConfig: true, installedVersion: installed('0.169.0') })).toEqual({ profile: codexProfile('0.169.0') });
    expect(await selectCodexProfile({ fromConfig: true, installedVersion: installed(undefined) })).toEqual({ profile: PINNED_PROFILE });
    const old = await selectCodexProfile({ fromConfig: true, installedVersion: installed('0.150.0') });
    expect(old.profile).toBe(PINNED_PROFILE);
    expect(old.notice).toMatch(/^the codex on PATH is 0\.150\.0, a release relaycheck does not model .*; modelling Codex 0\.171\.0/);
  });

  it('without a Codex config, models the pin whatever is installed', async () => {
    expect(await selectCodexProfile({ fromConfig: false, installedVersion: installed('0.169.0') })).toEqual({ profile: PINNED_PROFILE });
  });

  it('reads the version a codex executable prints, and nothing from one that is missing', async () => {
    const bin = await fakeCodex('prints', 'codex-cli 0.169.0');
    expect(await codexVersionOnPath(path.join(bin, 'codex'))).toBe('0.169.0');
    expect(await codexVersionOnPath(path.join(dir, 'no-such-codex'))).toBeUndefined();
  });
});

describe('relaycheck run --codex-version', () => {
  it('exits 2 with one line for a release it does not model', async () => {
    const result = await runMain(['run', '--base-url', reference.baseUrl, '--codex-version', '0.170.0', '--format', 'json', '--out', path.join(dir, 'never')]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual(['relaycheck: --codex-version 0.170.0 is not a release relaycheck models (supported: 0.171.0, 0.169.0)']);
  });

  it('says in report.json which release the verdict models: the pin by default, the one named otherwise', async () => {
    for (const [args, version] of [[[], CODEX_VERSION], [['--codex-version', '0.169.0'], '0.169.0']] as const) {
      const out = path.join(dir, `run-${version}`);
      const result = await runMain(['run', '--base-url', reference.baseUrl, '--suite', 'turns', '--format', 'json', '--out', out, ...args]);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')).codex).toEqual({ version });
    }
  });

  it('with --codex-config, models the codex on PATH', async () => {
    const config = path.join(dir, 'config.toml');
    await writeFile(config, ['model = "gpt-5.5"', 'model_provider = "relay"', '[model_providers.relay]', 'name = "relay"', `base_url = "${reference.baseUrl}"`, 'wire_api = "responses"', ''].join('\n'));
    const bin = await fakeCodex('path-169', 'codex-cli 0.169.0');
    const out = path.join(dir, 'from-config');
    // In-process: the codex on PATH is looked up in main()'s env, not the process's.
    const result = await runMain(['run', '--codex-config', config, '--suite', 'turns', '--format', 'json', '--out', out], { env: { PATH: `${bin}:${process.env.PATH ?? ''}` } });
    expect(result.code, result.stderr).toBe(0);
    // A provider named "relay" compacts locally, which the config tells.
    expect(JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')).codex).toEqual({ version: '0.169.0', compactionPath: 'local' });
  });
});
