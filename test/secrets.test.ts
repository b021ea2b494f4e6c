// No secret leaves relaycheck. The command line (in-process, and once as a real process) runs against a relay that hands the key back
// every way it can (error bodies, headers, stream text, failure messages, redirect URLs, at the points
// where relaycheck shortens text), with the key planted in the environment, on the command line and
// in an extra header; then every file it wrote and everything it printed is scanned for every form of
// every secret. A decoy key in the ambient environment must not even be sent.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startKeyEchoRelay } from '../harness/relays/hostile/secret-behaviours.ts';
import type { RunningRelay } from '../harness/relays/loopback-servers.ts';
import { runCli } from './helpers/run-cli.ts';
import { runMain } from './helpers/run-main.ts';
import { findSecretLeaks, findSecretLeaksInDir } from './helpers/secret-scan.ts';

// Quotes, a backslash and URL-special characters come after the first 12 characters, so the
// JSON-escaped and percent-encoded forms differ from the raw key and the prefix scan still bites.
const ENV_KEY = 'envkey-73ac1f9e"quote\\back/sl+sh=eq-0123';
const CLI_KEY = 'clikey-5b2e8d1f0a9c47e3b6d2';
const HEADER_TOKEN = 'Zm9vYmFyYmF6+cXV4/cXV1eA==';
const DECOY = 'sk-ambient-decoy-9d8c7b6a5f4e3d2c1b0a';
const ALL_SECRETS = [ENV_KEY, CLI_KEY, HEADER_TOKEN, DECOY];

let workDir = '';
let relay: RunningRelay | undefined;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'relaycheck-secrets-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});
afterEach(async () => {
  await relay?.close();
  relay = undefined;
});

/** A clean environment holding only what the run needs, plus the decoy a careless tool might pick up. */
function environment(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: workDir, CODEX_HOME: path.join(workDir, 'codex-home'), OPENAI_API_KEY: DECOY, NO_COLOR: '1', ...extra };
}

/** In-process by default; `process` runs the real bin, so a stray read of the parent's environment shows too. */
async function runAndScan(name: string, credentialArgs: string[], env: Record<string, string>, how: 'in-process' | 'process' = 'in-process') {
  relay = await startKeyEchoRelay();
  const outDir = path.join(workDir, name);
  const args = ['run', '--base-url', relay.baseUrl, ...credentialArgs, '--format', 'console,json,md,junit', '--out', outDir, '--timeout-ms', '3000', '--idle-timeout-ms', '1000', '--concurrency', '4'];
  const result = await (how === 'process' ? runCli : runMain)(args, { env, inheritEnv: false });
  const written = await findSecretLeaksInDir(outDir, ALL_SECRETS);
  const leaks = [...written.leaks, ...findSecretLeaks(result.stdout, ALL_SECRETS, 'stdout'), ...findSecretLeaks(result.stderr, ALL_SECRETS, 'stderr')];
  return { result, files: written.files.map((f) => path.basename(f)).sort(), leaks, heads: relay.requests.map((r) => r.head) };
}

describe('secrets never appear in anything relaycheck writes or prints', () => {
  it('a key from --api-key-env and a token from --header, echoed back every way', async () => {
    const { result, files, leaks, heads } = await runAndScan(
      'env-and-header',
      ['--api-key-env', 'RELAY_KEY', '--header', `x-relay-token: ${HEADER_TOKEN}`],
      environment({ RELAY_KEY: ENV_KEY }),
    );
    expect(result.timedOut).toBe(false);
    expect(result.code, result.stderr).toBe(1);
    // The scan means something only if the secrets really went out and came back.
    expect(heads.length).toBeGreaterThanOrEqual(7);
    expect(heads.every((h) => h.includes(`Bearer ${ENV_KEY}`) && h.includes(HEADER_TOKEN))).toBe(true);
    expect(result.stdout).toContain('[REDACTED]');
    expect(files).toEqual(['junit.xml', 'report.json', 'report.md']);
    expect(leaks).toEqual([]);
    expect(heads.some((h) => h.includes(DECOY))).toBe(false);
  });

  it('a key given with --api-key on the command line, echoed back every way, with colour on', async () => {
    const { result, files, leaks, heads } = await runAndScan('command-line', ['--api-key', CLI_KEY], environment({ NO_COLOR: '', FORCE_COLOR: '1' }), 'process');
    expect(result.timedOut).toBe(false);
    expect(result.code, result.stderr).toBe(1);
    expect(heads.length).toBeGreaterThanOrEqual(7);
    expect(heads.every((h) => h.includes(`Bearer ${CLI_KEY}`))).toBe(true);
    expect(files).toEqual(['junit.xml', 'report.json', 'report.md']);
    expect(leaks).toEqual([]);
    expect(heads.some((h) => h.includes(DECOY))).toBe(false);
  });
});
