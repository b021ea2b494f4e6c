import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadCodexSetup } from '../harness/codex-config/codex-setup.ts';
import { lintCodexSetup } from '../harness/codex-config/lint-config.ts';
import { locateCodexFiles } from '../harness/codex-config/codex-home.ts';
import { runTargetFromConfig } from '../harness/codex-config/config-run-target.ts';
import { renderProviderBlock } from '../harness/codex-config/provider-block.ts';
import { CodexConfigError, parseCodexConfig } from '../harness/codex-config/read-config.ts';
import { apiKeyAuth, chatgptAuth, makeCodexHome, relayConfig, type TempCodexHome } from './helpers/codex-home.ts';

const RELAY_KEY = 'sk-relay-config-test-0123456789abcdef';
const BEARER = 'sk-inline-bearer-test-0123456789abcdef';
const ACCESS_TOKEN = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0LXVzZXItMDEyMyJ9.c2lnbmF0dXJlLXRlc3Q';
const ACCOUNT_ID = 'acct-chatgpt-test-98765';

const homes: TempCodexHome[] = [];
afterEach(async () => {
  await Promise.all(homes.splice(0).map((h) => h.remove()));
});
async function home(files: Parameters<typeof makeCodexHome>[0]) {
  const h = await makeCodexHome(files);
  homes.push(h);
  return h;
}
async function setupOf(h: TempCodexHome, extraEnv: Record<string, string> = {}, options: { provider?: string; profile?: string } = {}) {
  const env = h.env(extraEnv);
  const setup = await loadCodexSetup({ env, ...options });
  return { setup, findings: lintCodexSetup(setup, env) };
}
const ids = (findings: { id: string }[]) => findings.map((f) => f.id);

describe('locating the config Codex reads', () => {
  it('prefers the given path, then $CODEX_HOME, then ~/.codex (auth.json from the same folder)', () => {
    expect(locateCodexFiles('/tmp/x/my.toml', { CODEX_HOME: '/ch', HOME: '/h' })).toEqual({ configPath: '/tmp/x/my.toml', codexHome: '/tmp/x', authPath: '/tmp/x/auth.json' });
    expect(locateCodexFiles(undefined, { CODEX_HOME: '/ch', HOME: '/h' }).configPath).toBe(path.join('/ch', 'config.toml'));
    expect(locateCodexFiles(undefined, { HOME: '/h' }).configPath).toBe(path.join('/h', '.codex', 'config.toml'));
  });

  it('reads auth.json from $CODEX_AUTH_HOME or OPENAI_CODEX_PATH when set', () => {
    expect(locateCodexFiles(undefined, { CODEX_HOME: '/ch', CODEX_AUTH_HOME: '/auth' }).authPath).toBe(path.join('/auth', 'auth.json'));
    expect(locateCodexFiles(undefined, { CODEX_HOME: '/ch', OPENAI_CODEX_PATH: '/other' }).authPath).toBe(path.join('/other', 'auth.json'));
  });
});

describe('a valid relay config becomes the target Codex would call', () => {
  it('takes base_url, env_key, model, headers, query params and the idle timeout', async () => {
    const h = await home({
      config: relayConfig({
        baseUrl: 'http://127.0.0.1:9/v1',
        envKey: 'RELAY_API_KEY',
        model: 'gpt-5.5',
        providerExtra: ['stream_idle_timeout_ms = 45000', 'request_max_retries = 1', 'query_params = { api-version = "2025-01-01" }', 'http_headers = { "X-Team" = "blue" }', 'env_http_headers = { "X-Tenant" = "TENANT_ID", "X-Unset" = "NOT_SET_ANYWHERE" }'].join('\n'),
      }),
    });
    const { setup, findings } = await setupOf(h, { RELAY_API_KEY: RELAY_KEY, TENANT_ID: 'tenant-7' });
    expect(setup.target).toEqual({
      baseUrl: 'http://127.0.0.1:9/v1',
      apiKey: RELAY_KEY,
      model: 'gpt-5.5',
      extraHeaders: { 'x-team': 'blue', 'x-tenant': 'tenant-7' },
      queryParams: { 'api-version': '2025-01-01' },
    });
    expect(setup.idleTimeoutMs).toBe(45_000);
    expect(setup.requestMaxRetries).toBe(1);
    expect(setup.credential?.source).toBe('env_key');
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(ids(findings)).toContain('config.env-header-unset');
  });

  it('applies [profiles.X] (from --profile or the profile key) over the top-level model and provider', async () => {
    const h = await home({
      config: [
        'model = "gpt-5.5"',
        'model_provider = "relay"',
        'profile = "fast"',
        '[profiles.fast]',
        'model = "openai/gpt-5.5-mini"',
        'model_provider = "other"',
        '[profiles.plain]',
        'model = "plain-model"',
        '[model_providers.relay]',
        'base_url = "http://127.0.0.1:1/v1"',
        '[model_providers.other]',
        'base_url = "http://127.0.0.1:2/v1"',
      ].join('\n'),
    });
    const active = await setupOf(h);
    expect(active.setup.selection).toMatchObject({ providerId: 'other', providerFrom: 'profile', model: 'openai/gpt-5.5-mini', modelFrom: 'profile' });
    expect(active.setup.target?.baseUrl).toBe('http://127.0.0.1:2/v1');
    const chosen = await setupOf(h, {}, { profile: 'plain' });
    expect(chosen.setup.selection).toMatchObject({ providerId: 'relay', model: 'plain-model' });
    const forced = await setupOf(h, {}, { provider: 'relay' });
    expect(forced.setup.selection).toMatchObject({ providerId: 'relay', providerFrom: '--provider' });
    const missing = await setupOf(h, {}, { profile: 'nope' });
    expect(ids(missing.findings)).toContain('config.profile-missing');
  });
});

describe('config lint names what Codex would refuse or ignore', () => {
  it('wire_api = "chat" is an error: the config no longer loads', async () => {
    const h = await home({ config: relayConfig({ baseUrl: 'http://127.0.0.1:9/v1', envKey: 'RELAY_API_KEY' }).replace('wire_api = "responses"', 'wire_api = "chat"') });
    const { findings } = await setupOf(h, { RELAY_API_KEY: RELAY_KEY });
    const chat = findings.find((f) => f.id === 'config.wire-api-chat')!;
    expect(chat.severity).toBe('error');
    expect(chat.fix).toContain('wire_api = "responses"');
  });

  it('model_provider with no matching table is an error, with the nearest declared id suggested', async () => {
    const h = await home({ config: relayConfig({ baseUrl: 'http://127.0.0.1:9/v1' }).replace('model_provider = "relay"', 'model_provider = "rellay"') });
    const { setup, findings } = await setupOf(h);
    expect(setup.target).toBeUndefined();
    const missing = findings.find((f) => f.id === 'config.provider-missing')!;
    expect(missing.severity).toBe('error');
    expect(missing.title).toContain('Model provider `rellay` not found');
    expect(missing.fix).toContain('model_provider = "relay"');
  });

  it('unknown provider keys are warned about, with the key Codex knows suggested', async () => {
    const h = await home({ config: relayConfig({ baseUrl: 'http://127.0.0.1:9/v1', providerExtra: 'envkey = "RELAY_API_KEY"\nstream_idle_timeout = 1000' }) });
    const { findings } = await setupOf(h);
    const unknown = findings.filter((f) => f.id === 'config.unknown-key');
    expect(unknown.map((f) => [f.severity, f.fix])).toEqual([
      ['warning', 'did you mean env_key?'],
      ['warning', 'did you mean stream_idle_timeout_ms?'],
    ]);
  });

  it('a value of the wrong type is an error: Codex cannot load the file', async () => {
    const h = await home({ config: relayConfig({ baseUrl: 'http://127.0.0.1:9/v1', providerExtra: 'stream_idle_timeout_ms = "300s"' }) });
    const { findings } = await setupOf(h);
    expect(findings.find((f) => f.id === 'config.type-error')?.title).toContain('stream_idle_timeout_ms: expected a whole number');
  });

  it('env_key naming an unset (or blank) variable is an error with the export to run', async () => {
    const h = await home({ config: relayConfig({ baseUrl: 'http://127.0.0.1:9/v1', envKey: 'RELAY_API_KEY' }) });
    for (const env of [{}, { RELAY_API_KEY: '  ' }] as Record<string, string>[]) {
      const { setup, findings } = await setupOf(h, env);
      expect(setup.target?.apiKey).toBeUndefined();
      const unset = findings.find((f) => f.id === 'config.env-key-unset')!;
      expect(unset.severity).toBe('error');
      expect(unset.fix).toContain('export RELAY_API_KEY=');
    }
  });

  it('a bearer token in plain text is used as Codex would, warned about, and never echoed', async () => {
    const h = await home({ config: relayConfig({ baseUrl: 'http://127.0.0.1:9/v1', providerExtra: `experimental_bearer_token = "${BEARER}"` }) });
    const { setup, findings } = await setupOf(h);
    expect(setup.target?.apiKey).toBe(BEARER);
    expect(setup.secrets).toContain(BEARER);
    const plain = findings.find((f) => f.id === 'config.plaintext-token')!;
    expect(plain.severity).toBe('warning');
    expect(plain.fix).toContain('env_key = "RELAY_API_KEY"');
    expect(JSON.stringify(findings)).not.toContain(BEARER);
  });

  it('a credential inlined in http_headers is warned about', async () => {
    const h = await home({ config: relayConfig({ baseUrl: 'http://127.0.0.1:9/v1', providerExtra: `http_headers = { "x-api-key" = "${BEARER}" }` }) });
    const { findings } = await setupOf(h);
    expect(findings.find((f) => f.id === 'config.plaintext-header-secret')?.fix).toContain('env_http_headers = { "x-api-key" = "RELAY_API_KEY" }');
    expect(JSON.stringify(findings)).not.toContain(BEARER);
  });

  it('a [model_providers.openai] table is ignored by Codex, which is an error when it is the active provider', async () => {
    const h = await home({ config: 'model_provider = "openai"\n[model_providers.openai]\nbase_url = "http://127.0.0.1:9/v1"\n' });
    const { setup, findings } = await setupOf(h);
    expect(setup.target?.baseUrl).toBe('https://api.openai.com/v1');
    expect(findings.find((f) => f.id === 'config.built-in-provider-reserved')?.severity).toBe('error');
  });

  it('a custom provider without base_url is an error and is not probed (its key would go to OpenAI)', async () => {
    const h = await home({ config: 'model_provider = "relay"\n[model_providers.relay]\nenv_key = "RELAY_API_KEY"\n' });
    const { setup, findings } = await setupOf(h, { RELAY_API_KEY: RELAY_KEY });
    expect(setup.target).toBeUndefined();
    expect(ids(findings)).toContain('config.base-url-missing');
  });
});

describe('auth.json is used the way Codex uses it', () => {
  it('API-key mode: a provider with no key of its own sends OPENAI_API_KEY from auth.json', async () => {
    const h = await home({ config: relayConfig({ baseUrl: 'http://127.0.0.1:9/v1' }), auth: apiKeyAuth(RELAY_KEY) });
    const { setup, findings } = await setupOf(h);
    expect(setup.credential?.source).toBe('auth.json api key');
    expect(setup.target?.apiKey).toBe(RELAY_KEY);
    expect(findings.find((f) => f.id === 'auth.openai-key-to-relay')?.severity).toBe('info');
  });

  it('ChatGPT mode: the access token and ChatGPT-Account-ID go to the relay, which is warned about', async () => {
    const h = await home({ config: relayConfig({ baseUrl: 'http://127.0.0.1:9/v1', providerExtra: 'requires_openai_auth = true' }), auth: chatgptAuth({ accessToken: ACCESS_TOKEN, accountId: ACCOUNT_ID }) });
    const { setup, findings } = await setupOf(h);
    expect(setup.credential?.source).toBe('auth.json chatgpt');
    expect(setup.target?.apiKey).toBe(ACCESS_TOKEN);
    expect(setup.target?.extraHeaders).toEqual({ 'chatgpt-account-id': ACCOUNT_ID });
    expect(setup.secrets).toEqual(expect.arrayContaining([ACCESS_TOKEN, ACCOUNT_ID]));
    expect(findings.find((f) => f.id === 'auth.chatgpt-token-to-relay')?.fix).toContain('env_key = "RELAY_API_KEY"');
    expect(JSON.stringify(findings)).not.toContain(ACCESS_TOKEN);
  });

  it('an env_key wins over auth.json; requires_openai_auth then only forces a useless login', async () => {
    const h = await home({ config: relayConfig({ baseUrl: 'http://127.0.0.1:9/v1', envKey: 'RELAY_API_KEY', providerExtra: 'requires_openai_auth = true' }), auth: chatgptAuth({ accessToken: ACCESS_TOKEN, accountId: ACCOUNT_ID }) });
    const { setup, findings } = await setupOf(h, { RELAY_API_KEY: RELAY_KEY });
    expect(setup.target?.apiKey).toBe(RELAY_KEY);
    expect(setup.target?.extraHeaders).toEqual({});
    expect(ids(findings)).toContain('auth.requires-openai-auth-unused');
  });

  it('requires_openai_auth with no usable login is an error', async () => {
    const h = await home({ config: relayConfig({ baseUrl: 'http://127.0.0.1:9/v1', providerExtra: 'requires_openai_auth = true' }) });
    const { findings } = await setupOf(h);
    expect(findings.find((f) => f.id === 'auth.login-missing')?.severity).toBe('error');
  });

  it('a ChatGPT login never refreshed yields no token, and an auth.json that is not JSON is ignored', async () => {
    const stale = { auth_mode: 'chatgpt', tokens: { access_token: ACCESS_TOKEN, refresh_token: 'rt-0123456789', id_token: {} } };
    const h = await home({ config: relayConfig({ baseUrl: 'http://127.0.0.1:9/v1' }), auth: stale });
    expect((await setupOf(h)).setup.credential?.source).toBe('none');
    const broken = await home({ config: relayConfig({ baseUrl: 'http://127.0.0.1:9/v1' }) });
    const { writeFile } = await import('node:fs/promises');
    await writeFile(broken.authPath, `{"OPENAI_API_KEY": "${RELAY_KEY}"`);
    const { findings } = await setupOf(broken);
    const invalid = findings.find((f) => f.id === 'auth.auth-json-invalid')!;
    expect(invalid.title).toContain('not valid JSON');
    expect(JSON.stringify(invalid)).not.toContain(RELAY_KEY);
  });
});

describe('built-in providers resolve to their default base URLs', () => {
  it.each([
    ['openai', {}, undefined, 'https://api.openai.com/v1'],
    ['openai', {}, 'chatgpt', 'https://chatgpt.com/backend-api/codex'],
    ['ollama', {}, undefined, 'http://localhost:11434/v1'],
    ['lmstudio', {}, undefined, 'http://localhost:1234/v1'],
    ['ollama', { CODEX_OSS_PORT: '5555' }, undefined, 'http://localhost:5555/v1'],
  ] as const)('%s %j (login %s) → %s', async (id, env, login, expected) => {
    const h = await home({ config: `model_provider = "${id}"\n`, ...(login ? { auth: chatgptAuth({ accessToken: ACCESS_TOKEN, accountId: ACCOUNT_ID }) } : {}) });
    expect((await setupOf(h, env)).setup.target?.baseUrl).toBe(expected);
  });

  it('the OpenAI provider follows the top-level openai_base_url', async () => {
    const h = await home({ config: 'openai_base_url = "http://127.0.0.1:7/v1"\n' });
    expect((await setupOf(h)).setup.target?.baseUrl).toBe('http://127.0.0.1:7/v1');
    // Aimed at a relay, the built-in provider opens a WebSocket first (measured on 0.169.0 and 0.171.0).
    expect((await setupOf(h)).setup.supportsWebsockets).toBe(true);
    expect((await setupOf(await home({ config: '' }))).setup.supportsWebsockets).toBeUndefined();
  });
});

describe('config errors for relaycheck run', () => {
  it('a TOML syntax error names the position but not the line (which may hold a token)', () => {
    let error: unknown;
    try {
      parseCodexConfig(`[model_providers.relay]\nexperimental_bearer_token = "${BEARER}\n`, 'config.toml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CodexConfigError);
    expect((error as CodexConfigError).kind).toBe('syntax');
    expect((error as Error).message).toMatch(/line 2/);
    expect((error as Error).message).not.toContain(BEARER);
  });

  it('refuses a config Codex would not run with, naming the fix; a missing file is its own error', async () => {
    const h = await home({ config: relayConfig({ baseUrl: 'http://127.0.0.1:9/v1', envKey: 'RELAY_API_KEY' }) });
    await expect(runTargetFromConfig({ env: h.env() })).rejects.toThrow(/RELAY_API_KEY is not set.*export RELAY_API_KEY=/);
    await expect(runTargetFromConfig({ configPath: path.join(h.dir, 'nope.toml'), env: h.env() })).rejects.toMatchObject({ kind: 'missing' });
  });

  it('returns the target with notices that name the source of the key, never the key', async () => {
    const h = await home({ config: relayConfig({ baseUrl: 'http://127.0.0.1:9/v1', providerExtra: `experimental_bearer_token = "${BEARER}"` }) });
    const resolved = await runTargetFromConfig({ env: h.env() });
    expect(resolved.target.apiKey).toBe(BEARER);
    expect(resolved.notices.join('\n')).toContain('experimental_bearer_token');
    expect(resolved.notices.join('\n')).not.toContain(BEARER);
    // Neither retry key set: Codex's defaults.
    expect(resolved.retries).toEqual({ requestMaxRetries: 4, streamMaxRetries: 5 });
  });

  it("takes the provider's request_max_retries and stream_max_retries, each falling back to Codex's default", async () => {
    const both = await home({ config: relayConfig({ baseUrl: 'http://127.0.0.1:9/v1', providerExtra: `experimental_bearer_token = "${BEARER}"\nrequest_max_retries = 1\nstream_max_retries = 0` }) });
    expect((await runTargetFromConfig({ env: both.env() })).retries).toEqual({ requestMaxRetries: 1, streamMaxRetries: 0 });
    const one = await home({ config: relayConfig({ baseUrl: 'http://127.0.0.1:9/v1', providerExtra: `experimental_bearer_token = "${BEARER}"\nstream_max_retries = 2` }) });
    expect((await runTargetFromConfig({ env: one.env() })).retries).toEqual({ requestMaxRetries: 4, streamMaxRetries: 2 });
  });
});

describe('the suggested provider block', () => {
  it('is TOML that Codex config reading turns back into the same target, with the key only referenced', async () => {
    const block = renderProviderBlock({ providerId: 'relay', baseUrl: 'http://127.0.0.1:9/v1', model: 'openai/gpt-5.5', envKey: 'RELAY_API_KEY', queryParams: { v: '1' }, envHttpHeaders: { 'x-api-key': 'RELAY_API_KEY' } });
    expect(block.topLevel).toBe('model_provider = "relay"\nmodel = "openai/gpt-5.5"');
    const h = await home({ config: block.toml });
    const { setup, findings } = await setupOf(h, { RELAY_API_KEY: RELAY_KEY });
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(setup.target).toEqual({ baseUrl: 'http://127.0.0.1:9/v1', apiKey: RELAY_KEY, model: 'openai/gpt-5.5', extraHeaders: { 'x-api-key': RELAY_KEY }, queryParams: { v: '1' } });
    expect(block.toml).not.toContain(RELAY_KEY);
  });
});
