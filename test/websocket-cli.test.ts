// `relaycheck run` chooses the websocket suite from the flags and the user's Codex provider, in-process
// against the simulated WebSocket relays (split from websocket.test.ts so the two run side by side).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunReport } from '../harness/report/model.ts';
import { WEBSOCKET_RELAYS, startWebSocketRelay } from '../harness/relays/websocket-relays.ts';
import { websocketSuite } from '../suites/websocket.ts';
import { apiKeyAuth, makeCodexHome, relayConfig } from './helpers/codex-home.ts';
import { runMain } from './helpers/run-main.ts';

const KEY = 'sk-websocket-test-0123456789';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('relaycheck run selects the websocket suite from the provider', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('--websockets adds the suite with its checks required; without it a run has none of it', async () => {
    const relay = await startWebSocketRelay(WEBSOCKET_RELAYS.find((r) => r.name === 'websocket-404')!);
    cleanups.push(relay.close);
    const out = await mkdtemp(path.join(tmpdir(), 'relaycheck-ws-cli-'));
    dirs.push(out);
    const args = ['run', '--base-url', relay.baseUrl, '--format', 'json', '--out', out, '--idle-timeout-ms', '2000', '--timeout-ms', '15000', '--suite'];
    const withFlag = await runMain([...args, 'turns,websocket', '--websockets'], { env: { NO_COLOR: '1' } });
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as RunReport;
    expect(withFlag.code).toBe(1);
    expect(report.verdict.reasons.join('\n')).toContain('Codex falls back to HTTPS after about 6.2 s on every session start');
    expect(report.cases.find((c) => c.id === 'websocket.handshake')?.checks[0]).toMatchObject({ id: 'websocket.upgrade', severity: 'required', status: 'fail' });
    const plain = await runMain([...args, 'turns'], { env: { NO_COLOR: '1' } });
    const plainReport = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as RunReport;
    expect(plain.code).toBe(0);
    expect(plainReport.cases.some((c) => c.suite === 'websocket')).toBe(false);
  }, 60_000);

  it('--codex-config with supports_websockets = true on the provider runs the websocket suite by default, required', async () => {
    const relay = await startWebSocketRelay(WEBSOCKET_RELAYS.find((r) => r.name === 'websocket-404')!, { apiKey: KEY });
    cleanups.push(relay.close);
    const home = await makeCodexHome({ config: relayConfig({ baseUrl: relay.baseUrl, envKey: 'RELAY_KEY', providerExtra: 'supports_websockets = true\nstream_max_retries = 0' }) });
    dirs.push(home.dir);
    const out = path.join(home.dir, 'reports');
    const result = await runMain(['run', '--codex-config', '--format', 'json', '--out', out, '--idle-timeout-ms', '5000'], { env: { ...(home.env({ RELAY_KEY: KEY }) as Record<string, string>), NO_COLOR: '1' }, inheritEnv: false });
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as RunReport;
    expect(result.code).toBe(1);
    expect(report.cases.filter((c) => c.suite === 'websocket').length).toBe(websocketSuite.cases.length);
    expect(report.verdict.reasons).toContain('websocket.handshake: websocket.upgrade: the upgrade got HTTP 404: Codex falls back to HTTPS at once, with a warning, on every session start');
    expect(result.stdout + result.stderr).not.toContain(KEY);
  }, 90_000);

  it('openai_base_url turns the websocket suite on, required, as Codex opens the socket by default', async () => {
    const relay = await startWebSocketRelay(WEBSOCKET_RELAYS.find((r) => r.name === 'websocket-404')!, { apiKey: KEY });
    cleanups.push(relay.close);
    const home = await makeCodexHome({ config: `model = "gpt-5.5"\nopenai_base_url = "${relay.baseUrl}"\n`, auth: apiKeyAuth(KEY) });
    dirs.push(home.dir);
    const out = path.join(home.dir, 'reports');
    const result = await runMain(['run', '--codex-config', '--suite', 'websocket', '--format', 'json', '--out', out, '--idle-timeout-ms', '5000'], { env: { ...(home.env() as Record<string, string>), NO_COLOR: '1' }, inheritEnv: false });
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as RunReport;
    expect(result.code).toBe(1);
    expect(report.cases.find((c) => c.id === 'websocket.handshake')?.checks[0]).toMatchObject({ id: 'websocket.upgrade', severity: 'required', status: 'fail' });
    // The built-in provider takes no stream_max_retries: Codex's default 5 sets the delay.
    expect(report.verdict.reasons.join('\n')).toContain('Codex falls back to HTTPS after about 6.2 s on every session start');
    // Codex falls back from a refused upgrade, through any provider: it costs seconds, not the turn.
    expect(report.verdict.codex).toBe('partial');
    expect(report.cases.some((c) => c.core)).toBe(false);
    expect(result.stdout + result.stderr).not.toContain(KEY);
  }, 90_000);

  // Measured (ground truth, "The built-in provider aimed at a relay"): the built-in provider never
  // falls back from a socket that accepts and stays silent; a custom provider falls back after its idle timeout.
  const silentRun = async (config: (baseUrl: string) => string, env: Record<string, string> = {}) => {
    const relay = await startWebSocketRelay(WEBSOCKET_RELAYS.find((r) => r.name === 'websocket-silent')!, { apiKey: KEY });
    cleanups.push(relay.close);
    const home = await makeCodexHome({ config: config(relay.baseUrl), auth: apiKeyAuth(KEY) });
    dirs.push(home.dir);
    const out = path.join(home.dir, 'reports');
    const result = await runMain(['run', '--codex-config', '--suite', 'websocket', '--format', 'json', '--out', out, '--idle-timeout-ms', '1000', '--concurrency', '4'], { env: { ...(home.env(env) as Record<string, string>), NO_COLOR: '1' }, inheritEnv: false });
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as RunReport;
    expect(result.stdout + result.stderr).not.toContain(KEY);
    return { result, report, core: report.cases.filter((c) => c.core).map((c) => c.id) };
  };

  it('a silent socket through the built-in provider (openai_base_url) is incompatible: every turn hangs', async () => {
    const { result, report, core } = await silentRun((baseUrl) => `model = "gpt-5.5"\nopenai_base_url = "${baseUrl}"\n`);
    expect(result.code).toBe(1);
    expect(report.verdict.codex).toBe('incompatible');
    expect(core).toEqual(['websocket.prewarm-frame', 'websocket.chained-turn']);
    // One reason for both cases, from data: the chained turn's silence is Codex's hang too, not a generic idle gap.
    expect(report.cases.filter((c) => c.silentSocket).map((c) => `${c.id}:${c.silentSocket}`)).toEqual(['websocket.prewarm-frame:hangs', 'websocket.chained-turn:hangs', 'websocket.tool-call:hangs', 'websocket.tool-output:hangs', 'websocket.lost-conversation:hangs', 'websocket.frame-4mib:hangs']);
    expect(report.verdict.reasons[0]).toMatch(/^the socket upgraded and answered nothing: Codex's built-in provider never falls back from a silent socket: every turn hangs \(\d+ cases: websocket\.prewarm-frame, websocket\.chained-turn, /);
  }, 90_000);

  it('a silent socket through a custom provider with supports_websockets stays partial: Codex falls back to HTTPS', async () => {
    const { result, report, core } = await silentRun((baseUrl) => relayConfig({ baseUrl, envKey: 'RELAY_KEY', providerExtra: 'supports_websockets = true' }), { RELAY_KEY: KEY });
    expect(result.code).toBe(1);
    expect(report.verdict.codex).toBe('partial');
    expect(core).toEqual([]);
    expect(report.cases.find((c) => c.id === 'websocket.chained-turn')!.silentSocket).toBe('falls-back');
    expect(report.verdict.reasons[0]).toMatch(/^the socket upgraded and answered nothing: a custom provider falls back to HTTPS after its idle timeout \(stream_idle_timeout_ms\), with a warning, on every session start \(\d+ cases: websocket\.prewarm-frame, websocket\.chained-turn, /);
  }, 90_000);
});
