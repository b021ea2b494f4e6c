import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { buildSubject, type SubjectFlags } from '../harness/doctor/doctor-subject.ts';
import { runDoctor, type DoctorReport } from '../harness/doctor/run-doctor.ts';
import { renderDoctor } from '../harness/doctor/render-doctor.ts';
import { parseCodexConfig } from '../harness/codex-config/read-config.ts';
import { startDoctorRelay, type DoctorScenario } from '../harness/relays/doctor-scenarios.ts';
import { startRelay, type RunningRelay } from '../harness/relays/catalogue.ts';
import type { RunReport } from '../harness/report/model.ts';
import { readFile, writeFile } from 'node:fs/promises';
import { runMain } from './helpers/run-main.ts';
import { apiKeyAuth, chatgptAuth, makeCodexHome, relayConfig, type TempCodexHome } from './helpers/codex-home.ts';
import { startHttpRelay } from '../harness/relays/loopback-servers.ts';

const KEY = 'sk-doctor-relay-key-0123456789abcdef';
const WRONG_KEY = 'sk-doctor-wrong-key-fedcba9876543210';
const ACCESS_TOKEN = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJkb2N0b3ItdXNlci0wMTIzIn0.ZG9jdG9yLXNpZ25hdHVyZQ';
const ACCOUNT_ID = 'acct-doctor-chatgpt-4242';
const SECRETS = [KEY, WRONG_KEY, ACCESS_TOKEN, ACCOUNT_ID];
// None of the doctor's relays stalls: the bounds only guard a hang, far above what a loaded machine adds.
const LIMITS = { deadlineMs: 60_000, idleTimeoutMs: 30_000 };

const relays = new Map<DoctorScenario, RunningRelay>();
const homes: TempCodexHome[] = [];
beforeAll(async () => {
  for (const name of ['reference', 'prefix-required', 'key-required', 'key-in-x-api-key', 'cloudflare-challenge', 'login-wall', 'redirect', 'chat-only'] as const) {
    // Only the key-gated scenarios check a key; the others answer whatever is sent.
    relays.set(name, await startDoctorRelay(name, name.startsWith('key-') ? { apiKey: KEY } : {}));
  }
});
afterAll(async () => {
  await Promise.all([...relays.values()].map((r) => r.close()));
});
afterEach(async () => {
  await Promise.all(homes.splice(0).map((h) => h.remove()));
});

const base = (name: DoctorScenario) => relays.get(name)!.baseUrl;
async function home(files: Parameters<typeof makeCodexHome>[0]) {
  const h = await makeCodexHome(files);
  homes.push(h);
  return h;
}
async function doctor(h: TempCodexHome | undefined, env: Record<string, string> = {}, flags: SubjectFlags = {}): Promise<DoctorReport> {
  const subject = await buildSubject(flags, h ? h.env(env) : { PATH: process.env.PATH ?? '', ...env });
  return runDoctor(subject, { limits: LIMITS });
}
const ids = (report: DoctorReport) => report.findings.map((f) => f.id);
const byId = (report: DoctorReport, id: string) => report.findings.find((f) => f.id === id);
function expectNoSecret(text: string) {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}
/** The command line in-process, with exactly this environment (nothing ambient) and no colour. */
function cli(args: string[], env: NodeJS.ProcessEnv) {
  return runMain(args, { env: { ...(env as Record<string, string>), NO_COLOR: '1' }, inheritEnv: false });
}

describe('a working relay: the doctor verifies it and hands back the block', () => {
  it('passes a valid config against the reference relay, listing what it verified', async () => {
    const h = await home({ config: relayConfig({ baseUrl: base('reference'), envKey: 'RELAY_API_KEY', model: 'gpt-5.5' }) });
    const report = await doctor(h, { RELAY_API_KEY: KEY });
    expect(report.ok).toBe(true);
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(report.verified.join('\n')).toMatch(/accepts Codex's recorded request/);
    expect(report.verified.join('\n')).toContain('accepted as Authorization: Bearer');
    expect(report.block?.toml).toContain(`base_url = "${base('reference')}"`);
    expect(report.block?.toml).toContain('env_key = "RELAY_API_KEY"');
    expect(report.block?.envKeyHint).toBe('export RELAY_API_KEY=<your relay key>');
    expectNoSecret(JSON.stringify(report) + renderDoctor(report));
  });

  it('checks a relay given by flags, with no config at all', async () => {
    const report = await doctor(undefined, { DOCTOR_KEY: KEY }, { baseUrl: base('key-required'), apiKeyEnv: 'DOCTOR_KEY', model: 'gpt-5.1' });
    expect(report.ok).toBe(true);
    expect(report.subject.source).toBe('command-line flags');
    expect(parseCodexConfig(report.block!.toml, 'block')).toEqual({
      model_provider: 'relay',
      model: 'gpt-5.1',
      model_providers: { relay: { name: 'relay', base_url: base('key-required'), wire_api: 'responses', env_key: 'DOCTOR_KEY' } },
    });
  });
});

describe('config problems', () => {
  it('wire_api = "chat" against a Chat-only relay: the config does not load, and Codex cannot use this relay', async () => {
    const h = await home({ config: relayConfig({ baseUrl: base('chat-only'), model: 'gpt-5.5' }).replace('"responses"', '"chat"') });
    const report = await doctor(h);
    expect(ids(report)).toEqual(expect.arrayContaining(['config.wire-api-chat', 'endpoint.chat-only']));
    const chatOnly = byId(report, 'endpoint.chat-only')!;
    expect(chatOnly.title).toBe('this relay only speaks Chat Completions; Codex cannot use it');
    expect(chatOnly.evidence.join('\n')).toMatch(/\/responses: HTTP 404/);
    expect(chatOnly.evidence.join('\n')).toMatch(/chat\/completions answers/);
    expect(chatOnly.evidence.join('\n')).toMatch(/\/models: HTTP 200 \(4 model\(s\)\)/);
    expect(report.block).toBeUndefined();
    expect(report.ok).toBe(false);
  });

  it('wire_api = "chat" against a relay that does serve /responses: the block with wire_api = "responses" is verified', async () => {
    const h = await home({ config: relayConfig({ baseUrl: base('reference'), model: 'gpt-5.5' }).replace('"responses"', '"chat"') });
    const report = await doctor(h);
    expect(byId(report, 'config.wire-api-chat')?.severity).toBe('error');
    expect(report.ok).toBe(false);
    expect(report.block?.toml).toContain('wire_api = "responses"');
  });

  it('model_provider without a table: nothing to probe, the nearest table suggested', async () => {
    const h = await home({ config: relayConfig({ baseUrl: base('reference') }).replace('model_provider = "relay"', 'model_provider = "realy"') });
    const report = await doctor(h);
    expect(ids(report)).toContain('config.provider-missing');
    expect(byId(report, 'config.provider-missing')?.fix).toContain('model_provider = "relay"');
    expect(report.verified).toEqual([]);
    expect(report.block).toBeUndefined();
  });

  it('base_url without /v1: named, and the block adds it', async () => {
    const withoutV1 = base('reference').replace(/\/v1$/, '');
    const h = await home({ config: relayConfig({ baseUrl: withoutV1, model: 'gpt-5.5' }) });
    const report = await doctor(h);
    const missing = byId(report, 'config.base-url-missing-v1')!;
    expect(missing.fix).toBe(`set base_url = "${withoutV1}/v1"`);
    expect(report.block?.toml).toContain(`base_url = "${withoutV1}/v1"`);
    expect(report.ok).toBe(false);
  });

  it('env_key naming an unset variable: one finding with the export, no second auth finding for the 401', async () => {
    const h = await home({ config: relayConfig({ baseUrl: base('key-required'), envKey: 'RELAY_API_KEY', model: 'gpt-5.5' }) });
    const report = await doctor(h);
    expect(ids(report).filter((id) => id.startsWith('auth.') || id.startsWith('config.env'))).toEqual(['config.env-key-unset']);
    expect(byId(report, 'config.env-key-unset')?.fix).toContain('export RELAY_API_KEY=');
    expect(report.block).toBeUndefined();
  });

  it('a bearer token in config.toml works but is warned about; the block reads the key from env_key instead', async () => {
    const h = await home({ config: relayConfig({ baseUrl: base('key-required'), model: 'gpt-5.5', providerExtra: `experimental_bearer_token = "${KEY}"` }) });
    const report = await doctor(h);
    expect(report.ok).toBe(true);
    expect(byId(report, 'config.plaintext-token')?.severity).toBe('warning');
    expect(report.block?.toml).toContain('env_key = "RELAY_API_KEY"');
    expect(report.block?.toml).not.toContain('experimental_bearer_token');
    expect(report.block?.envKeyHint).toContain('experimental_bearer_token');
    expectNoSecret(JSON.stringify(report) + renderDoctor(report));
  });
});

describe('auth.json as Codex uses it', () => {
  it('ChatGPT mode with requires_openai_auth: Codex would send the login token, which the relay rejects', async () => {
    const h = await home({
      config: relayConfig({ baseUrl: base('key-required'), model: 'gpt-5.5', providerExtra: 'requires_openai_auth = true' }),
      auth: chatgptAuth({ accessToken: ACCESS_TOKEN, accountId: ACCOUNT_ID }),
    });
    const report = await doctor(h);
    expect(byId(report, 'auth.chatgpt-token-to-relay')?.severity).toBe('warning');
    const rejected = byId(report, 'auth.chatgpt-token-rejected')!;
    expect(rejected.evidence.join('\n')).toContain('HTTP 401: "Incorrect API key provided."');
    expect(rejected.fix).toContain('env_key = "RELAY_API_KEY"');
    expectNoSecret(JSON.stringify(report) + renderDoctor(report));
  });

  it('API-key mode: the relay key kept in auth.json works; the block moves it to env_key', async () => {
    const h = await home({ config: relayConfig({ baseUrl: base('key-required'), model: 'gpt-5.5' }), auth: apiKeyAuth(KEY) });
    const report = await doctor(h);
    expect(report.ok).toBe(true);
    expect(byId(report, 'auth.openai-key-to-relay')?.severity).toBe('info');
    expect(report.verified.join('\n')).toContain('the key from the API key in auth.json is accepted');
    expect(report.block?.envKeyHint).toContain('OPENAI_API_KEY now in auth.json');
    expectNoSecret(JSON.stringify(report) + renderDoctor(report));
  });
});

describe('relay problems', () => {
  it('a relay that wants prefixed model names: lists /models, finds "openai/gpt-5.5", and the block uses it', async () => {
    const h = await home({ config: relayConfig({ baseUrl: base('prefix-required'), envKey: 'RELAY_API_KEY', model: 'gpt-5.5' }) });
    const report = await doctor(h, { RELAY_API_KEY: KEY });
    const rejected = byId(report, 'model.name-rejected')!;
    expect(rejected.title).toBe('the relay rejects the model name "gpt-5.5" but accepts "openai/gpt-5.5"');
    expect(rejected.fix).toBe('set model = "openai/gpt-5.5"');
    expect(rejected.evidence.join('\n')).toMatch(/does not exist/);
    expect(rejected.evidence.join('\n')).toContain('GET /models: 4 model(s): "openai/gpt-5.5"');
    expect(report.block?.topLevel).toBe('model_provider = "relay"\nmodel = "openai/gpt-5.5"');
  });

  it('a new-api gateway refusing the model with 503 and its Chinese message: the variant it lists is tried and used', async () => {
    const relay = await startRelay('new-api-no-channel');
    try {
      const h = await home({ config: relayConfig({ baseUrl: relay.baseUrl, model: 'gpt-5.5' }) });
      const report = await doctor(h);
      const rejected = byId(report, 'model.name-rejected')!;
      expect(rejected.title).toBe('the relay rejects the model name "gpt-5.5" but accepts "gpt-5.5-codex"');
      expect(rejected.evidence[0]).toMatch(/with model "gpt-5\.5": HTTP 503: "当前分组 default 下对于模型 gpt-5\.5 无可用渠道/);
      expect(rejected.evidence).toContain('GET /models: 3 model(s): "gpt-5.5-codex", "gpt-5.1-codex", "gpt-4.1"');
      expect(report.block?.topLevel).toBe('model_provider = "relay"\nmodel = "gpt-5.5-codex"');
      expect(ids(report)).not.toContain('endpoint.server-error');
    } finally {
      await relay.close();
    }
  });

  it('a model the relay serves under no name tried: the listed names are offered', async () => {
    const h = await home({ config: relayConfig({ baseUrl: base('prefix-required'), model: 'claude-sonnet' }) });
    const report = await doctor(h);
    expect(byId(report, 'model.not-found')?.fix).toContain('"openai/gpt-5.5"');
    expect(report.block).toBeUndefined();
  });

  it('401 with a wrong key: the key is rejected, and the fix says which variable to correct', async () => {
    const h = await home({ config: relayConfig({ baseUrl: base('key-required'), envKey: 'RELAY_API_KEY', model: 'gpt-5.5' }) });
    const report = await doctor(h, { RELAY_API_KEY: WRONG_KEY });
    const rejected = byId(report, 'auth.key-rejected')!;
    expect(rejected.title).toBe('the relay rejected the key from $RELAY_API_KEY (env_key) (HTTP 401)');
    expect(rejected.fix).toContain('$RELAY_API_KEY');
    expectNoSecret(JSON.stringify(report) + renderDoctor(report));
  });

  it('a 404 whose JSON error names the key is a rejected key, not a missing endpoint', async () => {
    const server = await startHttpRelay((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'Invalid API key', type: 'invalid_request_error', code: 'invalid_api_key' } }));
    });
    try {
      const { baseUrl } = server;
      const h = await home({ config: relayConfig({ baseUrl, envKey: 'RELAY_API_KEY', model: 'gpt-5.5' }) });
      const report = await doctor(h, { RELAY_API_KEY: WRONG_KEY });
      expect(ids(report).filter((id) => !id.startsWith('config.'))).toEqual(['auth.key-rejected']);
      expect(byId(report, 'auth.key-rejected')?.title).toBe('the relay rejected the key from $RELAY_API_KEY (env_key) (HTTP 404)');
    } finally {
      await server.close();
    }
  });

  it('401 with no key at all: the relay needs one and Codex sends none', async () => {
    const h = await home({ config: relayConfig({ baseUrl: base('key-required'), model: 'gpt-5.5' }) });
    const report = await doctor(h);
    expect(byId(report, 'auth.key-missing')?.fix).toBe('export RELAY_API_KEY=<your relay key> and set env_key = "RELAY_API_KEY"');
  });

  it('a relay that reads the key from x-api-key: named as the wrong header, and env_http_headers fixes it', async () => {
    const h = await home({ config: relayConfig({ baseUrl: base('key-in-x-api-key'), envKey: 'RELAY_API_KEY', model: 'gpt-5.5' }) });
    const report = await doctor(h, { RELAY_API_KEY: KEY });
    expect(byId(report, 'auth.wrong-header')?.fix).toContain('env_http_headers = { "x-api-key" = "RELAY_API_KEY" }');
    expect(parseCodexConfig(report.block!.toml, 'block')).toMatchObject({ model_providers: { relay: { env_http_headers: { 'x-api-key': 'RELAY_API_KEY' } } } });
  });

  it('a Cloudflare challenge page is named as such, not shown as a raw 403', async () => {
    const h = await home({ config: relayConfig({ baseUrl: base('cloudflare-challenge'), model: 'gpt-5.5' }) });
    const report = await doctor(h);
    const page = byId(report, 'endpoint.html-cloudflare')!;
    expect(page.title).toBe('the relay answered with a Cloudflare page ("Just a moment..."): a bot check or WAF rule stands in front of the API');
    expect(page.evidence).toContain('server: "cloudflare"');
    expect(ids(report)).not.toContain('auth.key-rejected');
  });

  it('a login wall answering 200 is named as a login page', async () => {
    const h = await home({ config: relayConfig({ baseUrl: base('login-wall'), model: 'gpt-5.5' }) });
    const report = await doctor(h);
    expect(byId(report, 'endpoint.html-login-wall')?.title).toContain('a login page ("Sign in · Relay Console")');
  });

  it('a redirect is named, and the final address (same host) is verified and used', async () => {
    const h = await home({ config: relayConfig({ baseUrl: base('redirect'), model: 'gpt-5.5' }) });
    const report = await doctor(h);
    const redirect = byId(report, 'endpoint.redirect')!;
    const moved = base('redirect').replace(/\/v1$/, '/api/v1');
    expect(redirect.fix).toBe(`set base_url = "${moved}"`);
    expect(report.block?.toml).toContain(`base_url = "${moved}"`);
  });

  it('https:// to a port that speaks plain HTTP is named as a TLS error', async () => {
    const h = await home({ config: relayConfig({ baseUrl: base('reference').replace('http://', 'https://'), model: 'gpt-5.5' }) });
    const report = await doctor(h);
    expect(byId(report, 'transport.tls')?.title).toMatch(/^TLS error: .* does not speak TLS/);
    expect(byId(report, 'transport.tls')?.fix).toContain('http://');
  });
});

describe('the relaycheck doctor and run commands', () => {
  it('doctor exits 0 for a working config and 1 for a problem, prints JSON on --json, and never prints a key', async () => {
    const good = await home({ config: relayConfig({ baseUrl: base('key-required'), envKey: 'RELAY_API_KEY', model: 'gpt-5.5' }) });
    const ok = await cli(['doctor'], good.env({ RELAY_API_KEY: KEY }));
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('result: works with Codex');

    const wrong = await cli(['doctor', '--json', '--codex-config', good.configPath], good.env({ RELAY_API_KEY: WRONG_KEY }));
    expect(wrong.code).toBe(1);
    const report = JSON.parse(wrong.stdout) as DoctorReport;
    expect(report.findings.map((f) => f.id)).toContain('auth.key-rejected');
    expectNoSecret(ok.stdout + ok.stderr + wrong.stdout + wrong.stderr);
  });

  it('doctor exits 2 on a usage error: no config where it was told to look', async () => {
    const h = await home({});
    const missing = await cli(['doctor', '--codex-config', path.join(h.dir, 'nope.toml')], h.env());
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no Codex config at/);
  });

  it('run --codex-config: flags given explicitly win over the config (here a dead base_url and a wrong model)', async () => {
    const h = await home({ config: relayConfig({ baseUrl: 'http://127.0.0.1:9/v1', envKey: 'RELAY_API_KEY', model: 'no-such-model' }) });
    const args = ['run', '--codex-config', h.configPath, '--base-url', base('key-required'), '--model', 'gpt-5.5', '--suite', 'turns', '--format', 'json', '--out', path.join(h.dir, 'reports')];
    const run = await cli(args, h.env({ RELAY_API_KEY: KEY }));
    expect(run.code).toBe(0);
    expectNoSecret(run.stdout + run.stderr);
  });

  it('run and doctor say the same thing about a relay that serves only openai/<name>', async () => {
    const h = await home({});
    const baseUrl = base('prefix-required');
    const runWith = async (model: string, out: string) => {
      // --no-retries: Codex retries the refused model's 404 for seconds a case; the diagnosis is the subject.
      const run = await cli(['run', '--base-url', baseUrl, '--model', model, '--suite', 'turns', '--no-retries', '--format', 'console,json,badge', '--out', path.join(h.dir, out)], h.env());
      return { ...run, report: JSON.parse(await readFile(path.join(h.dir, out, 'report.json'), 'utf8')) as RunReport };
    };
    const bare = await runWith('gpt-5.5', 'bare');
    expect(bare.code).toBe(1);
    expect(bare.report.summary.unsupported).toBe(0);
    expect(bare.report.cases.map((c) => c.status)).toEqual(bare.report.cases.map(() => 'fail'));
    expect(bare.report.diagnosis?.model).toEqual({ requested: 'gpt-5.5', closest: ['openai/gpt-5.5'] });
    expect(bare.stdout + bare.stderr).toContain('the relay serves "openai/gpt-5.5": set model = "openai/gpt-5.5"');
    expect(bare.stdout + bare.stderr).not.toMatch(/unsupported/);
    expect(JSON.parse(await readFile(path.join(h.dir, 'bare', 'badge.json'), 'utf8'))).toMatchObject({ message: 'model not served', color: 'red' });

    const prefixed = await runWith('openai/gpt-5.5', 'prefixed');
    expect(prefixed.code).toBe(0);
    expect(prefixed.report.verdict.codex).toBe('compatible');

    const diagnosed = await cli(['doctor', '--json', '--base-url', baseUrl, '--model', 'gpt-5.5'], h.env());
    expect(diagnosed.code).toBe(1);
    const report = JSON.parse(diagnosed.stdout) as DoctorReport;
    expect(report.findings.map((f) => [f.id, f.fix])).toEqual([['model.name-rejected', 'set model = "openai/gpt-5.5"']]);
  });

  it('a suggested block written back to config.toml makes relaycheck run --codex-config pass', async () => {
    // Three problems at once: no /v1, a bare model name, and the key inlined in config.toml.
    const broken = await home({
      config: relayConfig({ baseUrl: base('prefix-required').replace(/\/v1$/, ''), model: 'gpt-5.5', providerExtra: `experimental_bearer_token = "${KEY}"` }).replace('"responses"', '"chat"'),
    });
    const diagnosed = await cli(['doctor', '--json'], broken.env());
    expect(diagnosed.code).toBe(1);
    const report = JSON.parse(diagnosed.stdout) as DoctorReport;
    expect(report.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['config.wire-api-chat', 'config.plaintext-token', 'config.base-url-missing-v1', 'model.name-rejected']));

    const fixed = await home({});
    await writeFile(fixed.configPath, report.block!.toml);
    const env = fixed.env({ RELAY_API_KEY: KEY });
    const run = await cli(['run', '--codex-config', '--format', 'json', '--out', path.join(fixed.dir, 'reports'), '--timeout-ms', '60000'], env);
    expect(run.stderr).toContain('using [model_providers.relay]');
    expect(run.code).toBe(0);
    const again = await cli(['doctor'], env);
    expect(again.code).toBe(0);
    expectNoSecret(diagnosed.stdout + diagnosed.stderr + run.stdout + run.stderr + again.stdout);
  });
});
