// doctor, once a turn works: which way Codex compacts through the provider, whether the relay serves
// it, and the fix when it does not.
import { afterEach, describe, expect, it } from 'vitest';
import { buildSubject } from '../harness/doctor/doctor-subject.ts';
import { runDoctor, type DoctorReport } from '../harness/doctor/run-doctor.ts';
import { startRelay } from '../harness/relays/catalogue.ts';
import { apiKeyAuth, makeCodexHome, relayConfig } from './helpers/codex-home.ts';

const KEY = 'sk-test-doctor-compaction-0123456789';
const LIMITS = { deadlineMs: 20_000, idleTimeoutMs: 10_000 };
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((c) => c()));
});

/** The doctor on a config.toml (built from the relay's base URL) against a catalogue relay. */
async function doctor(relay: string, config: (baseUrl: string) => string): Promise<DoctorReport> {
  const { baseUrl, close } = await startRelay(relay);
  cleanup.push(close);
  const home = await makeCodexHome({ config: config(baseUrl), auth: apiKeyAuth(KEY) });
  cleanup.push(home.remove);
  return runDoctor(await buildSubject({}, home.env({ RELAY_KEY: KEY })), { limits: LIMITS });
}

const named = (name: string) => (baseUrl: string) => relayConfig({ baseUrl, envKey: 'RELAY_KEY', model: 'gpt-5.5' }).replace('name = "Relay"', `name = "${name}"`);
const builtIn = (baseUrl: string) => `model = "gpt-5.5"\nopenai_base_url = "${baseUrl}"\n`;
const compactionFinding = (report: DoctorReport) => report.findings.find((f) => f.id.startsWith('stream.compaction-'));

describe('doctor: compaction', () => {
  it('a provider named "OpenAI" on a relay that serves compaction items: verified, remotely', async () => {
    const report = await doctor('reference', named('OpenAI'));
    expect(report.ok).toBe(true);
    expect(report.verified).toContain('Codex compacts remotely here (the provider is named "OpenAI"), and the relay serves it (compaction.remote, compaction.after-remote passed)');
  });

  it('a provider of another name: verified, locally', async () => {
    const report = await doctor('compaction-answered-with-text', named('My Relay'));
    expect(report.ok).toBe(true);
    expect(report.verified.join('\n')).toMatch(/Codex compacts locally here \(the provider is named "My Relay"\)/);
    expect(compactionFinding(report)).toBeUndefined();
  });

  it('a provider named "OpenAI" on a relay that answers the trigger with text: an error saying what happens, and the rename', async () => {
    const report = await doctor('compaction-answered-with-text', named('OpenAI'));
    expect(report.ok).toBe(false);
    const found = compactionFinding(report)!;
    expect(found).toMatchObject({ id: 'stream.compaction-remote', severity: 'error' });
    expect(found.title).toMatch(/Codex compacts remotely.*\(the provider is named "OpenAI"\).*"Error running remote compact task/);
    expect(found.evidence.join('\n')).toMatch(/compaction.remote-item: got 0 compaction items/);
    expect(found.fix).toBe('use a relay that supports compaction items, or let Codex compact locally: give the provider another name (name = "relay") in [model_providers.relay]');
  });

  it('the built-in provider with openai_base_url: the block is a table Codex loads, not [model_providers.openai] (which Codex refuses)', async () => {
    const report = await doctor('reference', builtIn);
    expect(report.ok).toBe(true);
    expect(report.block?.topLevel).toBe('model_provider = "relay"\nmodel = "gpt-5.5"');
    expect(report.block?.table).toMatch(/^\[model_providers\.relay\]\nname = "OpenAI"\n/);
    expect(report.block?.toml).not.toContain('model_providers.openai');
  });

  it('the built-in provider with openai_base_url on a relay that 404s the trigger: the fix is a provider table of its own', async () => {
    const report = await doctor('compaction-trigger-404', builtIn);
    const found = compactionFinding(report)!;
    expect(found.evidence.join('\n')).toMatch(/HTTP 404/);
    expect(found.fix).toMatch(/\[model_providers\.relay\] table with this base_url, and set model_provider = "relay" \(the built-in provider with openai_base_url always compacts remotely\)/);
  });
});
