// doctor with supports_websockets = true: what Codex does at every session start against the relay
// (the upgrade's answer, the fallback delay, a silent socket), found with the websocket suite's
// upgrade and prewarm cases, and the fix.
import { afterEach, describe, expect, it } from 'vitest';
import { buildSubject } from '../harness/doctor/doctor-subject.ts';
import { runDoctor, type DoctorReport } from '../harness/doctor/run-doctor.ts';
import { startRelay } from '../harness/relays/catalogue.ts';
import { getWebSocketRelay, startWebSocketRelay } from '../harness/relays/websocket-relays.ts';
import { apiKeyAuth, makeCodexHome, relayConfig } from './helpers/codex-home.ts';

const KEY = 'sk-test-doctor-websocket-0123456789';
const LIMITS = { deadlineMs: 10_000, idleTimeoutMs: 1_000 };
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((c) => c()));
});

async function doctor(relay: string, providerExtra: string, config = (baseUrl: string) => relayConfig({ baseUrl, envKey: 'RELAY_KEY', model: 'gpt-5.5', providerExtra })): Promise<DoctorReport> {
  const ws = getWebSocketRelay(relay);
  const { baseUrl, close } = ws ? await startWebSocketRelay(ws) : await startRelay(relay);
  cleanup.push(close);
  const home = await makeCodexHome({ config: config(baseUrl), auth: apiKeyAuth(KEY) });
  cleanup.push(home.remove);
  return runDoctor(await buildSubject({}, home.env({ RELAY_KEY: KEY })), { limits: LIMITS });
}

const ON = 'supports_websockets = true';
const socketFinding = (report: DoctorReport) => report.findings.find((f) => f.id.startsWith('transport.websocket-'));
const OFF_FIX = 'set supports_websockets = false in [model_providers.relay] (Codex then uses HTTPS from the start)';

describe('doctor: supports_websockets', () => {
  it('a relay that serves the socket: verified', async () => {
    const report = await doctor('reference', ON);
    expect(report.ok).toBe(true);
    expect(socketFinding(report)).toBeUndefined();
    expect(report.verified).toContain('Codex speaks WebSocket to this relay (supports_websockets = true): the upgrade is answered 101 and the prewarm frame completes');
  });

  it('a 404 on the upgrade: the fallback delay Codex adds on every session start, with the fix', async () => {
    const report = await doctor('websocket-404', ON);
    const found = socketFinding(report)!;
    expect(found).toMatchObject({ id: 'transport.websocket-fallback', severity: 'warning', fix: `${OFF_FIX}, or use a relay that serves the WebSocket transport` });
    expect(found.title).toMatch(/refuses the upgrade \(HTTP 404\), so Codex falls back to HTTPS after about 6\.2 s on every session start/);
    // With stream_max_retries = 0 Codex gives up on the socket at once.
    const quick = socketFinding(await doctor('websocket-404', `${ON}\nstream_max_retries = 0`))!;
    expect(quick.title).toMatch(/Codex falls back to HTTPS at once, with a warning/);
  });

  it('a 426: Codex uses HTTPS at once and silently; the fix saves the attempt', async () => {
    const found = socketFinding(await doctor('websocket-426', ON))!;
    expect(found).toMatchObject({ id: 'transport.websocket-426', severity: 'info' });
    expect(found.fix).toBe(`${OFF_FIX}, which saves the attempt`);
  });

  it('a socket that accepts and stays silent: an error, every session start stalls', async () => {
    const report = await doctor('websocket-silent', ON);
    expect(report.ok).toBe(false);
    expect(socketFinding(report)).toMatchObject({ id: 'transport.websocket-stall', severity: 'error' });
    expect(socketFinding(report)!.title).toMatch(/stalls for two of Codex's idle timeouts/);
  });

  it('without supports_websockets: no WebSocket step', async () => {
    const report = await doctor('websocket-404', '');
    expect(socketFinding(report)).toBeUndefined();
    expect(report.verified.join('\n')).not.toMatch(/WebSocket/);
  });

  // The built-in provider aimed at a relay speaks WebSocket by default (measured, docs/codex-ground-truth.md).
  const builtIn = (baseUrl: string) => `openai_base_url = "${baseUrl}"\nmodel = "gpt-5.5"\n`;

  it('the built-in provider with openai_base_url: the WebSocket step runs, and the block keeps the socket', async () => {
    const report = await doctor('reference', '', builtIn);
    expect(report.verified).toContain('Codex speaks WebSocket to this relay (the built-in provider with openai_base_url): the upgrade is answered 101 and the prewarm frame completes');
    expect(report.block!.table).toMatch(/\[model_providers\.relay\][^[]*supports_websockets = true/);
  });

  it('the built-in provider against a relay that 404s the upgrade: no key turns it off, the block does', async () => {
    const report = await doctor('websocket-404', '', builtIn);
    const found = socketFinding(report)!;
    expect(found.id).toBe('transport.websocket-fallback');
    expect(found.title).toMatch(/^the built-in provider with openai_base_url speaks WebSocket: /);
    expect(found.fix).toMatch(/^no setting turns WebSockets off for the built-in provider; use the suggested \[model_providers\.relay\] block below/);
    expect(report.block!.table).toMatch(/supports_websockets = false/);
  });

  it('a custom provider whose relay refuses the upgrade: the block turns the socket off', async () => {
    const report = await doctor('websocket-404', ON);
    expect(report.block!.table).toMatch(/supports_websockets = false/);
    expect((await doctor('reference', ON)).block!.table).toMatch(/supports_websockets = true/);
  });
});
