// A user's credentials go only where they meant them to: no ChatGPT login to a relay unless asked
// for, no key to another origin, no password from a base_url in any output.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import { chatGptTokenExposure, isOpenAiOrigin, CHATGPT_TOKEN_WARNING_ID } from '../harness/codex-config/chatgpt-token-guard.ts';
import { sameOrigin } from '../harness/http/same-origin.ts';
import { buildSubject } from '../harness/doctor/doctor-subject.ts';
import { runDoctor } from '../harness/doctor/run-doctor.ts';
import { renderDoctor } from '../harness/doctor/render-doctor.ts';
import { startDoctorRelay } from '../harness/relays/doctor-scenarios.ts';
import type { RunningRelay } from '../harness/relays/catalogue.ts';
import { startHttpRelay, type RunningRelay as RawRelay } from '../harness/relays/loopback-servers.ts';
import { runMain } from './helpers/run-main.ts';
import { apiKeyAuth, chatgptAuth, makeCodexHome, relayConfig, type TempCodexHome } from './helpers/codex-home.ts';

const ACCESS_TOKEN = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJndWFyZC11c2VyLTAxMjMifQ.Z3VhcmQtc2lnbmF0dXJl';
const ACCOUNT_ID = 'acct-guard-chatgpt-7777';
const RELAY_KEY = 'sk-guard-relay-key-0123456789abcdef';
const PASSWORD = 'pa55-guard-word-xyz';

interface Seen {
  url: string;
  headers: http.IncomingHttpHeaders;
}

/** A relay that records what it is sent and refuses every request with a 400, which Codex never retries. */
async function recordingRelay(): Promise<RawRelay & { seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = await startHttpRelay((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"recording relay","type":"invalid_request_error"}}');
  });
  return { ...server, seen };
}

const homes: TempCodexHome[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(homes.splice(0).map((h) => h.remove()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function home(files: Parameters<typeof makeCodexHome>[0]) {
  const h = await makeCodexHome(files);
  homes.push(h);
  return h;
}
async function outDir() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'relaycheck-guard-'));
  dirs.push(dir);
  return dir;
}
async function allFiles(dir: string): Promise<string> {
  const names = await readdir(dir);
  const texts = await Promise.all(names.map((n) => readFile(path.join(dir, n), 'utf8')));
  return texts.join('\n');
}
const chatgptConfig = (baseUrl: string) => relayConfig({ baseUrl, model: 'gpt-5.5', providerExtra: 'requires_openai_auth = true' });
const chatgptLogin = () => chatgptAuth({ accessToken: ACCESS_TOKEN, accountId: ACCOUNT_ID });

describe('origins', () => {
  it('same origin is scheme, host and port', () => {
    expect(sameOrigin('http://127.0.0.1:8080/v1/responses', 'http://127.0.0.1:8080/api/v1')).toBe(true);
    expect(sameOrigin('https://relay.example/v1', 'https://relay.example:443/x')).toBe(true);
    expect(sameOrigin('http://127.0.0.1:8080/v1', 'http://127.0.0.1:8081/v1')).toBe(false);
    expect(sameOrigin('https://relay.example/v1', 'http://relay.example/v1')).toBe(false);
    expect(sameOrigin('http://relay.example/v1', 'http://other.example/v1')).toBe(false);
    expect(sameOrigin('not a url', 'not a url')).toBe(false);
    expect(sameOrigin('data:text/plain,x', 'data:text/plain,x')).toBe(false);
  });

  it("OpenAI's origins are https on its own hosts only", () => {
    expect(isOpenAiOrigin('https://chatgpt.com/backend-api/codex')).toBe(true);
    expect(isOpenAiOrigin('https://api.openai.com/v1')).toBe(true);
    expect(isOpenAiOrigin('http://chatgpt.com/backend-api/codex')).toBe(false);
    expect(isOpenAiOrigin('https://chatgpt.com.relay.example/v1')).toBe(false);
    expect(isOpenAiOrigin('https://notchatgpt.com/v1')).toBe(false);
    expect(isOpenAiOrigin('https://openai.com.evil.example/v1')).toBe(false);
    expect(isOpenAiOrigin('not a url')).toBe(false);
  });

  it('a target is exposed when any part of the ChatGPT login rides along, and only then', () => {
    const auth = { status: 'ok' as const, path: '/h/auth.json', mode: 'chatgpt' as const, token: ACCESS_TOKEN, accountId: ACCOUNT_ID, secrets: [ACCESS_TOKEN, ACCOUNT_ID] };
    const relay = 'http://127.0.0.1:9/v1';
    expect(chatGptTokenExposure({ baseUrl: relay, apiKey: ACCESS_TOKEN }, auth, 'relay')).toEqual({ origin: 'http://127.0.0.1:9', providerId: 'relay', authPath: '/h/auth.json' });
    expect(chatGptTokenExposure({ baseUrl: relay, apiKey: RELAY_KEY, extraHeaders: { 'chatgpt-account-id': ACCOUNT_ID } }, auth, 'relay')?.origin).toBe('http://127.0.0.1:9');
    expect(chatGptTokenExposure({ baseUrl: relay, apiKey: RELAY_KEY }, auth, 'relay')).toBeUndefined();
    expect(chatGptTokenExposure({ baseUrl: 'https://chatgpt.com/backend-api/codex', apiKey: ACCESS_TOKEN }, auth, 'openai')).toBeUndefined();
    expect(chatGptTokenExposure({ baseUrl: relay, apiKey: RELAY_KEY }, { ...auth, mode: 'apikey', secrets: [RELAY_KEY] }, 'relay')).toBeUndefined();
  });
});

describe('the ChatGPT login is never sent to a relay unless the user says so', () => {
  let relay: Awaited<ReturnType<typeof recordingRelay>>;
  beforeAll(async () => {
    relay = await recordingRelay();
  });
  afterAll(() => relay.close());
  afterEach(() => {
    relay.seen.length = 0;
  });

  it('run --codex-config refuses before any request, explains, and names both fixes', async () => {
    const h = await home({ config: chatgptConfig(relay.baseUrl), auth: chatgptLogin() });
    const out = await outDir();
    const result = await runMain(['run', '--codex-config', '--out', out], { env: h.env() as Record<string, string>, inheritEnv: false });
    expect(result.code).toBe(2);
    const refusal = result.stderr.split('\n').find((line) => line.includes('not sending your ChatGPT login'))!;
    expect(refusal).toContain(new URL(relay.baseUrl).origin);
    expect(refusal).toContain('env_key');
    expect(refusal).toContain('requires_openai_auth');
    expect(refusal).toContain('--send-chatgpt-token');
    expect(relay.seen).toEqual([]);
    expect(await readdir(out)).toEqual([]);
    expect(result.stdout + result.stderr).not.toContain(ACCESS_TOKEN);
  });

  it('with --send-chatgpt-token it runs, and every output carries the warning first', async () => {
    const h = await home({ config: chatgptConfig(relay.baseUrl), auth: chatgptLogin() });
    const out = await outDir();
    const result = await runMain(['run', '--codex-config', '--send-chatgpt-token', '--suite', 'turns', '--out', out], { env: { ...(h.env() as Record<string, string>), NO_COLOR: '1' }, inheritEnv: false });
    expect(result.code).toBe(1);
    expect(relay.seen.length).toBeGreaterThan(0);
    expect(relay.seen.every((s) => s.headers.authorization === `Bearer ${ACCESS_TOKEN}`)).toBe(true);
    expect(result.stdout.split('\n')[0]).toMatch(/^warning: your ChatGPT login token and account id were sent to http:\/\/127\.0\.0\.1:\d+/);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
    expect(report.warnings).toEqual([{ id: CHATGPT_TOKEN_WARNING_ID, message: expect.stringContaining('--send-chatgpt-token') }]);
    expect(await readFile(path.join(out, 'report.md'), 'utf8')).toMatch(/^# .*\n\n> \*\*Warning:\*\* your ChatGPT login token/);
    expect(await readFile(path.join(out, 'report.html'), 'utf8')).toContain('<p class="run-warning" role="alert"><strong>Warning:</strong> your ChatGPT login token');
    expect(await readFile(path.join(out, 'junit.xml'), 'utf8')).toContain(`name="relaycheck.warning.${CHATGPT_TOKEN_WARNING_ID}"`);
    const everything = `${result.stdout}${result.stderr}${await allFiles(out)}`;
    expect(everything).not.toContain(ACCESS_TOKEN);
    expect(everything).not.toContain(ACCOUNT_ID);
  });

  it('a key given with --api-key-env replaces the login, account id included: nothing to refuse', async () => {
    const h = await home({ config: chatgptConfig(relay.baseUrl), auth: chatgptLogin() });
    const out = await outDir();
    const result = await runMain(['run', '--codex-config', '--api-key-env', 'GUARD_KEY', '--suite', 'turns', '--out', out], { env: { ...(h.env() as Record<string, string>), GUARD_KEY: RELAY_KEY }, inheritEnv: false });
    expect(result.code).toBe(1);
    expect(relay.seen.length).toBeGreaterThan(0);
    for (const s of relay.seen) {
      expect(s.headers.authorization).toBe(`Bearer ${RELAY_KEY}`);
      expect(s.headers['chatgpt-account-id']).toBeUndefined();
    }
  });

  it('doctor refuses the same way, and with the flag prints the warning first', async () => {
    const h = await home({ config: chatgptConfig(relay.baseUrl), auth: chatgptLogin() });
    const refused = await runMain(['doctor'], { env: h.env() as Record<string, string>, inheritEnv: false });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('not sending your ChatGPT login');
    expect(refused.stdout).toBe('');
    expect(relay.seen).toEqual([]);

    const allowed = await runMain(['doctor', '--send-chatgpt-token'], { env: h.env() as Record<string, string>, inheritEnv: false });
    expect(allowed.code).toBe(1);
    expect(allowed.stdout.split('\n')[0]).toMatch(/^warning: your ChatGPT login token and account id were sent to/);
    expect(relay.seen.length).toBeGreaterThan(0);
    expect(allowed.stdout + allowed.stderr).not.toContain(ACCESS_TOKEN);
  });

  it('a provider with its own key is not affected by a ChatGPT login in auth.json', async () => {
    const h = await home({ config: relayConfig({ baseUrl: relay.baseUrl, model: 'gpt-5.5', envKey: 'RELAY_API_KEY', providerExtra: 'requires_openai_auth = true' }), auth: chatgptLogin() });
    const result = await runMain(['run', '--codex-config', '--suite', 'turns', '--format', 'console'], { env: { ...(h.env() as Record<string, string>), RELAY_API_KEY: RELAY_KEY }, inheritEnv: false });
    expect(result.code).toBe(1);
    expect(relay.seen.every((s) => s.headers.authorization === `Bearer ${RELAY_KEY}` && s.headers['chatgpt-account-id'] === undefined)).toBe(true);
  });
});

describe('doctor never takes the key to another origin', () => {
  let reference: RunningRelay;
  let elsewhere: Awaited<ReturnType<typeof recordingRelay>>;
  beforeAll(async () => {
    reference = await startDoctorRelay('reference');
    elsewhere = await recordingRelay();
  });
  afterAll(async () => {
    await reference.close();
    await elsewhere.close();
  });

  it.each([302, 307, 308])('a %i to another port on the same host is named, not followed, and not suggested', async (status) => {
    // The relay under test points /responses at the other port, where a real relay would answer.
    const redirecting = await startHttpRelay((req, res) => {
      res.writeHead(status, { location: `${elsewhere.baseUrl}/responses` }).end();
    });
    try {
      elsewhere.seen.length = 0;
      const h = await home({ config: relayConfig({ baseUrl: redirecting.baseUrl, envKey: 'RELAY_API_KEY', model: 'gpt-5.5' }), auth: apiKeyAuth('sk-unused-login-key-000000000000') });
      const env = h.env({ RELAY_API_KEY: RELAY_KEY });
      const report = await runDoctor(await buildSubject({}, env), { limits: { deadlineMs: 5_000, idleTimeoutMs: 5_000 } });
      const found = report.findings.find((f) => f.id === 'endpoint.redirect-other-origin')!;
      expect(found.title).toContain(new URL(elsewhere.baseUrl).origin);
      expect(found.fix).not.toMatch(/set base_url/);
      expect(elsewhere.seen).toEqual([]);
      expect(report.ok).toBe(false);
      expect(report.block).toBeUndefined();
      expect(report.verified.join('\n')).not.toContain('is accepted');
      expect(renderDoctor(report)).not.toContain(RELAY_KEY);
    } finally {
      await redirecting.close();
    }
  });

  it('a same-origin redirect is still followed to a working block', async () => {
    const moved = await startDoctorRelay('redirect');
    try {
      const h = await home({ config: relayConfig({ baseUrl: moved.baseUrl, model: 'gpt-5.5' }) });
      const report = await runDoctor(await buildSubject({}, h.env()), { limits: { deadlineMs: 5_000, idleTimeoutMs: 5_000 } });
      expect(report.findings.map((f) => f.id)).toContain('endpoint.redirect');
      expect(report.block?.toml).toContain(`base_url = "${moved.baseUrl.replace(/\/v1$/, '/api/v1')}"`);
    } finally {
      await moved.close();
    }
  });
});

describe('a password in base_url is never printed', () => {
  it('run and doctor redact user:password@ everywhere and warn about it', async () => {
    const relay = await startDoctorRelay('reference');
    try {
      const withPassword = relay.baseUrl.replace('http://', `http://guard-user:${PASSWORD}@`);
      const h = await home({ config: relayConfig({ baseUrl: withPassword, model: 'gpt-5.5' }) });
      const out = await outDir();
      const run = await runMain(['run', '--codex-config', '--suite', 'turns', '--out', out], { env: h.env() as Record<string, string>, inheritEnv: false });
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('base_url carries a user name or password');
      const doctor = await runMain(['doctor', '--json'], { env: h.env() as Record<string, string>, inheritEnv: false });
      expect(JSON.parse(doctor.stdout).findings.map((f: { id: string }) => f.id)).toContain('config.base-url-credentials');
      const everything = `${run.stdout}${run.stderr}${doctor.stdout}${doctor.stderr}${await allFiles(out)}`;
      expect(everything).toContain('http://[REDACTED]@127.0.0.1');
      expect(everything).not.toContain(PASSWORD);
      expect(everything).not.toContain('guard-user');
    } finally {
      await relay.close();
    }
  });
});
