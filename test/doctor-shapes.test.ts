// doctor, once a turn works: the request shapes the user's config makes Codex send, each replayed by
// the shapes suite's case against the relay, with what happens when the relay refuses it and the fix.
import { afterEach, describe, expect, it } from 'vitest';
import { buildSubject } from '../harness/doctor/doctor-subject.ts';
import { runDoctor, type DoctorReport } from '../harness/doctor/run-doctor.ts';
import { startRelay } from '../harness/relays/catalogue.ts';
import { apiKeyAuth, makeCodexHome, relayConfig } from './helpers/codex-home.ts';

const KEY = 'sk-test-doctor-shapes-0123456789';
const LIMITS = { deadlineMs: 20_000, idleTimeoutMs: 10_000 };
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((c) => c()));
});

async function doctor(relay: string, options: { model?: string; extra?: string; name?: string }): Promise<DoctorReport> {
  const { baseUrl, close } = await startRelay(relay);
  cleanup.push(close);
  const config = relayConfig({ baseUrl, envKey: 'RELAY_KEY', model: options.model ?? 'gpt-5.5', ...(options.extra && { extra: options.extra }) }).replace('name = "Relay"', `name = "${options.name ?? 'Relay'}"`);
  const home = await makeCodexHome({ config, auth: apiKeyAuth(KEY) });
  cleanup.push(home.remove);
  return runDoctor(await buildSubject({}, home.env({ RELAY_KEY: KEY })), { limits: LIMITS });
}

const shapeFindings = (report: DoctorReport) => report.findings.filter((f) => f.id.startsWith('endpoint.shape-'));

describe('doctor: request shapes', () => {
  it('service_tier on a relay that accepts it: verified', async () => {
    const report = await doctor('reference', { extra: 'service_tier = "fast"' });
    expect(shapeFindings(report)).toEqual([]);
    expect(report.verified).toContain('the relay serves the request shape the config sends: service_tier is set, so every request carries service_tier ("fast" sends "priority") (shapes.service-tier passed)');
  });

  it('service_tier on a relay that refuses it: an error, every turn fails, with the fix', async () => {
    const report = await doctor('service-tier-refused', { extra: 'service_tier = "fast"' });
    expect(report.ok).toBe(false);
    const [found] = shapeFindings(report);
    expect(found).toMatchObject({ id: 'endpoint.shape-service-tier', severity: 'error', fix: 'remove service_tier from the config, or use a relay that accepts (or strips) service_tier' });
    expect(found!.title).toMatch(/every turn fails with the relay's error$/);
    expect(found!.evidence.join('\n')).toMatch(/shapes\.request-accepted: .*service_tier "priority".*Unsupported parameter: service_tier/);
  });

  it('a provider named "OpenAI" on a relay that refuses the metadata passthrough: an error, with the fix', async () => {
    const report = await doctor('metadata-passthrough-refused', { name: 'OpenAI' });
    expect(shapeFindings(report).map((f) => f.id)).toEqual(['endpoint.shape-openai-metadata']);
    expect(shapeFindings(report)[0]!.fix).toMatch(/^give the provider another name/);
  });

  it('a Responses Lite model on a relay that drops additional_tools: Codex runs nothing', async () => {
    const report = await doctor('lite-tools-dropped', { model: 'gpt-6-astra' });
    const [found] = shapeFindings(report);
    expect(found?.id).toBe('endpoint.shape-responses-lite');
    expect(found!.title).toMatch(/the model never sees the tools/);
  });

  it('a config that sends no such shape: no shapes step', async () => {
    const report = await doctor('service-tier-refused', {});
    expect(shapeFindings(report)).toEqual([]);
    expect(report.verified.join('\n')).not.toMatch(/request shape/);
  });
});
