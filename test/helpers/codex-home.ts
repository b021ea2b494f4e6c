// Temporary CODEX_HOME folders for tests: a config.toml, an optional auth.json, and an environment
// that points Codex lookups (and HOME) at the folder, so no test ever reads the real ~/.codex.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface TempCodexHome {
  dir: string;
  configPath: string;
  authPath: string;
  /** An environment with CODEX_HOME and HOME set to the folder, plus `extra`. */
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  writeConfig(toml: string): Promise<void>;
  remove(): Promise<void>;
}

export async function makeCodexHome(files: { config?: string; auth?: unknown } = {}): Promise<TempCodexHome> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'relaycheck-codex-home-'));
  const configPath = path.join(dir, 'config.toml');
  const authPath = path.join(dir, 'auth.json');
  if (files.config !== undefined) await writeFile(configPath, files.config);
  if (files.auth !== undefined) await writeFile(authPath, JSON.stringify(files.auth));
  return {
    dir,
    configPath,
    authPath,
    env: (extra = {}) => ({ PATH: process.env.PATH ?? '', CODEX_HOME: dir, HOME: dir, USERPROFILE: dir, ...extra }),
    writeConfig: (toml) => writeFile(configPath, toml),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** auth.json as `codex login --with-api-key` writes it. */
export function apiKeyAuth(key: string): unknown {
  return { auth_mode: 'apikey', OPENAI_API_KEY: key };
}

/** auth.json after a ChatGPT login (tokens are opaque test strings shaped like the real ones). */
export function chatgptAuth(tokens: { accessToken: string; accountId: string; refreshToken?: string }): unknown {
  return {
    auth_mode: 'chatgpt',
    OPENAI_API_KEY: null,
    tokens: { id_token: { email: 'user@example.com' }, access_token: tokens.accessToken, refresh_token: tokens.refreshToken ?? 'rt-test-refresh-0123456789', account_id: tokens.accountId },
    last_refresh: '2026-01-01T00:00:00Z',
  };
}

/** A config.toml with one relay provider. */
export function relayConfig(options: { baseUrl: string; envKey?: string; model?: string; extra?: string; providerExtra?: string }): string {
  return [
    'model_provider = "relay"',
    options.model ? `model = "${options.model}"` : '',
    options.extra ?? '',
    '',
    '[model_providers.relay]',
    'name = "Relay"',
    `base_url = "${options.baseUrl}"`,
    'wire_api = "responses"',
    options.envKey ? `env_key = "${options.envKey}"` : '',
    options.providerExtra ?? '',
    '',
  ]
    .filter((line, i, all) => line !== '' || all[i - 1] !== '')
    .join('\n');
}
