// The package as a user gets it: `npm pack` (which builds dist/), `npm install -g` of the tarball
// into a temporary prefix, then the installed `relaycheck` from an empty folder. Slow (a build and
// an install), so it runs in `npm run test:package` (and .ci/run), not in `npm test`.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPPORTED_CODEX_VERSIONS, codexProfile } from '../harness/codex/codex-profile.ts';
import { listFixtureIds } from '../harness/replay/fixture.ts';
import { PACKAGE_ROOT } from '../harness/package/package-root.ts';
import { validateReport } from '../harness/report/validate-report.ts';
import { TOOL_VERSION } from '../harness/package/tool-version.ts';
import { startRelay } from '../harness/relays/catalogue.ts';
import { runCommand, type CliResult } from './helpers/run-cli.ts';
import { findSecretLeaksInDir } from './helpers/secret-scan.ts';
import { startSimulateProcess } from './helpers/run-simulate.ts';
import { nonEmpty } from './helpers/non-empty.ts';

// A build and an install on a loaded 2-core machine; the bound guards hangs only.
const NPM_TIMEOUT_MS = 300_000;
const MODULE_LOG_HOOK = fileURLToPath(new URL('./helpers/log-loaded-modules.mjs', import.meta.url));
// Sources that run only while building (package.json "files" leaves their output out).
const BUILD_ONLY = ['harness/schemas/compile-validators.ts'];
const NOT_SHIPPED = ['test/', 'docs/', 'bench/', 'wip/', 'examples/', '.ci/', 'reports/', '.cache/'];

let work: string;
let packedFiles: string[];
let tarball: string;

function npm(args: string[], cwd = PACKAGE_ROOT): Promise<CliResult> {
  return runCommand('npm', args, { cwd, timeoutMs: NPM_TIMEOUT_MS, env: { npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });
}

function succeeded(result: CliResult): CliResult {
  if (result.code !== 0) throw new Error(`exit ${result.code}${result.timedOut ? ' (timed out)' : ''}: ${result.stderr.slice(-2000)}`);
  return result;
}

/** The .ts sources under `dir` (relative to the package root). */
async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(PACKAGE_ROOT, dir), { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => path.relative(PACKAGE_ROOT, path.join(e.parentPath, e.name)));
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'relaycheck-package-'));
  const packed = succeeded(await npm(['pack', '--json', '--pack-destination', work]));
  const [info] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
  packedFiles = info.files.map((f) => f.path);
  tarball = path.join(work, info.filename);
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('ships the compiled CLI: one .js for every harness and suite source, nothing stale, no TypeScript', async () => {
    const expected = [...(await sources('harness')), ...(await sources('suites'))]
      .filter((f) => !BUILD_ONLY.includes(f))
      .map((f) => path.join('dist', f.replace(/\.ts$/, '.js')))
      .sort();
    expect(expected.length).toBeGreaterThan(100);
    expect(packedFiles.filter((f) => f.startsWith('dist/') && f.endsWith('.js')).sort()).toEqual(expected);
    expect(packedFiles.filter((f) => f.endsWith('.ts'))).toEqual([]);
    expect(packedFiles).toContain('bin/relaycheck.mjs');
    expect(packedFiles).not.toContain('bin/relaycheck-dev.mjs');
  });

  it("ships every supported Codex release's fixtures and every JSON Schema", async () => {
    for (const version of nonEmpty(SUPPORTED_CODEX_VERSIONS, 'supported Codex releases')) {
      const dir = codexProfile(version)!.fixturesDir;
      const ids = await listFixtureIds(dir);
      expect(ids.length, version).toBeGreaterThan(0);
      for (const id of ids) expect(packedFiles, `${version} fixture ${id}`).toContain(path.relative(PACKAGE_ROOT, path.join(dir, `${id}.json`)));
    }
    const schemas = (await readdir(path.join(PACKAGE_ROOT, 'harness', 'schemas'))).filter((f) => f.endsWith('.json'));
    expect(schemas.length).toBeGreaterThan(5);
    for (const schema of schemas) {
      expect(packedFiles).toContain(`harness/schemas/${schema}`);
      expect(packedFiles).toContain(`dist/harness/schemas/${schema}`);
    }
  });

  it('leaves out tests, docs, bench and the other development folders', () => {
    expect(packedFiles.filter((f) => NOT_SHIPPED.some((dir) => f.startsWith(dir)))).toEqual([]);
  });

  it('leaves out the build-time validator compiler (an installed relaycheck never compiles a schema)', () => {
    expect(packedFiles.some((f) => f.startsWith('dist/harness/schemas/generated/'))).toBe(true);
    expect(packedFiles.filter((f) => f.includes('compile-validators'))).toEqual([]);
  });
});

describe('the tarball installed globally', () => {
  let prefix: string;
  let empty: string;
  let env: Record<string, string>;
  let bin: string;

  beforeAll(async () => {
    prefix = path.join(work, 'prefix');
    empty = path.join(work, 'empty');
    await mkdir(empty);
    // Offline first: the dependencies come from npm's cache when `npm ci` already fetched them.
    succeeded(await npm(['install', '-g', '--prefix', prefix, '--prefer-offline', tarball], work));
    bin = path.join(prefix, 'bin', 'relaycheck');
    // The clone must play no part: an empty folder, a user cache of its own.
    env = { NO_COLOR: '1', XDG_CACHE_HOME: path.join(work, 'user-cache'), PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` };
  });

  const relaycheck = (args: string[]) => runCommand(bin, args, { cwd: empty, env, inheritEnv: false, timeoutMs: 120_000 });

  it('prints its version from any folder', async () => {
    const result = await relaycheck(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(TOOL_VERSION);
  });

  /** Runs the installed relaycheck and lists the module URLs it loaded (ESM imports). */
  const withModules = async (args: string[]): Promise<{ result: CliResult; modules: string[] }> => {
    const log = path.join(work, `modules-${args.length}-${args[0]}.log`);
    await writeFile(log, '');
    const result = await runCommand(bin, args, { cwd: empty, inheritEnv: false, timeoutMs: 120_000, env: { ...env, RELAYCHECK_MODULE_LOG: log, NODE_OPTIONS: `--import=${MODULE_LOG_HOOK}` } });
    return { result, modules: (await readFile(log, 'utf8')).split('\n').filter(Boolean) };
  };

  it('loads no command and no network or schema library for --version and --help, and the command it runs', async () => {
    const loaded = async (args: string[]): Promise<string[]> => {
      const { result, modules } = await withModules(args);
      expect(result.code, result.stderr).toBe(0);
      return modules;
    };
    const heavy = /\/dist\/harness\/cli\/[a-z-]+-command\.js$|\/node_modules\/(msw|undici|ajv|badge-maker|xmlbuilder)\//;
    for (const args of [['--version'], ['--help']]) {
      const modules = await loaded(args);
      expect(modules, args[0]).toContainEqual(expect.stringMatching(/\/dist\/harness\/cli\/main\.js$/));
      expect(modules.filter((url) => heavy.test(url)), args[0]).toEqual([]);
    }
    const checks = await loaded(['checks', '--json']);
    expect(checks).toContainEqual(expect.stringMatching(/\/dist\/harness\/cli\/checks-command\.js$/));
    expect(checks.filter((url) => /-command\.js$/.test(url))).toHaveLength(1);
  });

  it('simulates the reference relay, runs every suite against it for each Codex release, and its doctor finds it working', async () => {
    const relay = await startSimulateProcess([bin], 'reference', { cwd: empty, env });
    try {
      for (const version of SUPPORTED_CODEX_VERSIONS) {
        const out = `out-${version}`;
        const { result: run, modules } = await withModules(['run', '--base-url', relay.baseUrl, '--codex-version', version, '--out', out]);
        expect(run.code, run.stderr).toBe(0);
        // The validators were compiled at build time: a run loads no schema compiler.
        expect(modules).toContainEqual(expect.stringMatching(/\/dist\/harness\/schemas\/generated\/payload-fast\.js$/));
        expect(modules.filter((url) => /\/node_modules\/ajv\/dist\/(ajv|2020|core)\.js$/.test(url))).toEqual([]);
        expect(run.stdout).toContain('Codex: COMPATIBLE');
        const report = JSON.parse(await readFile(path.join(empty, out, 'report.json'), 'utf8'));
        expect(validateReport(report).valid).toBe(true);
        expect(report.codex.version).toBe(version);
        expect(report.tool.version).toBe(TOOL_VERSION);
        expect(report.cases.length).toBeGreaterThan(5);
      }
      const doctor = await relaycheck(['doctor', '--base-url', relay.baseUrl, '--model', 'gpt-5.5']);
      expect(doctor.code, doctor.stderr).toBe(0);
      expect(doctor.stdout).toContain('result: works with Codex');
    } finally {
      await relay.stop();
    }
  });

  it('starts a relay program with fidelity --relay-cmd, in front of its own upstream, and finds it faithful', async () => {
    // The installed package's example relay, run by plain node: no tsx, nothing from the clone.
    const relayProgram = path.join(prefix, 'lib', 'node_modules', 'relaycheck', 'dist', 'harness', 'fidelity', 'serve-forwarding-relay.js');
    const result = await relaycheck(['fidelity', '--relay-cmd', `node ${relayProgram} --upstream {upstream} --port {port}`, '--out', 'fidelity', '--format', 'console,json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^faithful: \d+ case\(s\) passed through/m);
    const report = JSON.parse(await readFile(path.join(empty, 'fidelity', 'report.json'), 'utf8'));
    expect(report.tool.version).toBe(TOOL_VERSION);
  });
});

// action.yml's run step, run as GitHub runs it (inputs as INPUT_* variables, the summary and output
// files it names), on the dist/ that `npm pack` just built.
describe('the GitHub Action (action.yml, action/run-relaycheck.sh)', () => {
  const KEY = 'sk-action-test-key-7c1d0e9f8a2b3c4d';
  const script = path.join(PACKAGE_ROOT, 'action', 'run-relaycheck.sh');

  async function runAction(relayName: string, inputs: Record<string, string>) {
    const relay = await startRelay(relayName, { apiKey: KEY });
    const dir = await mkdtemp(path.join(work, `action-${relayName}-`));
    const files = { summary: path.join(dir, 'summary.md'), output: path.join(dir, 'output.txt'), out: path.join(dir, 'relaycheck-report') };
    try {
      const result = await runCommand('bash', [script], {
        cwd: dir,
        timeoutMs: 120_000,
        env: { INPUT_BASE_URL: relay.baseUrl, INPUT_OUT: files.out, RELAYCHECK_API_KEY: KEY, GITHUB_STEP_SUMMARY: files.summary, GITHUB_OUTPUT: files.output, NO_COLOR: '1', ...inputs },
      });
      const read = (file: string) => readFile(file, 'utf8').catch(() => '');
      return { result, summary: await read(files.summary), output: await read(files.output), out: files.out };
    } finally {
      await relay.close();
    }
  }

  it('passes every input it uses from action.yml, and no input action.yml does not declare', async () => {
    const action = await readFile(path.join(PACKAGE_ROOT, 'action.yml'), 'utf8');
    const used = new Set((await readFile(script, 'utf8')).match(/\bINPUT_[A-Z_]+/g));
    const given = new Map([...action.matchAll(/^\s+(INPUT_[A-Z_]+): \$\{\{ inputs\.([a-z-]+) \}\}$/gm)].map((m) => [m[1]!, m[2]!]));
    expect([...used].sort()).toEqual([...given.keys()].sort());
    expect(given.size).toBeGreaterThan(0);
    for (const input of given.values()) expect(action).toMatch(new RegExp(`^  ${input}:$`, 'm'));
  });

  it('runs the suites against a conforming relay: the report in the job summary, exit code 0 in the outputs, the key nowhere', async () => {
    const { result, summary, output, out } = await runAction('reference', { INPUT_MODEL: 'gpt-5.5', INPUT_SUITE: 'turns', INPUT_BASELINE: 'no-such-baseline/report.json' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('no baseline report at no-such-baseline/report.json, judging without one');
    expect(summary).toBe(await readFile(path.join(out, 'report.md'), 'utf8'));
    expect(output).toBe(`exit-code=0\nreport-dir=${out}\n`);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
    expect(new Set(report.cases.map((c: { id: string }) => c.id.split('.')[0]))).toEqual(new Set(['turns']));
    expect((await findSecretLeaksInDir(out, [KEY])).leaks).toEqual([]);
  });

  it("records relaycheck's exit code 1 for a relay Codex cannot use, and still writes the summary", async () => {
    const { result, summary, output } = await runAction('chat-only', {});
    expect(result.code, result.stderr).toBe(0);
    expect(output).toMatch(/^exit-code=1\n/);
    expect(summary).toContain('# ❌ Codex: incompatible');
  });
});
