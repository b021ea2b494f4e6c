// doctor with model_catalog_url: the catalog judged by the shape Codex accepts (measured: another
// shape or a 404 gives fallback metadata without apply_patch).
import { afterEach, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { HttpClient } from '../harness/http/http-client.ts';
import { serveHandlers } from '../harness/relays/serve-handlers.ts';
import { diagnoseModelCatalog } from '../harness/doctor/diagnose-model-catalog.ts';
import { buildSubject } from '../harness/doctor/doctor-subject.ts';
import { runDoctor } from '../harness/doctor/run-doctor.ts';
import { startRelay } from '../harness/relays/catalogue.ts';
import { apiKeyAuth, makeCodexHome, relayConfig } from './helpers/codex-home.ts';

const ENTRY = {
  slug: 'relay-model', display_name: 'Relay model', supported_reasoning_levels: [], shell_type: 'shell_command', visibility: 'list', supported_in_api: true, priority: 1,
  support_verbosity: false, truncation_policy: { mode: 'tokens', limit: 10000 }, experimental_supported_tools: [], model_messages: { instructions_template: 'You are a coding agent.' }, apply_patch_tool_type: 'freeform',
};
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((c) => c()));
});

async function judge(body: Record<string, unknown>, status = 200) {
  const seen: string[] = [];
  const served = await serveHandlers([http.get('*/catalog', ({ request }) => (seen.push(`${request.url} ${request.headers.get('authorization')}`), HttpResponse.json(body, { status })))]);
  const client = new HttpClient();
  cleanup.push(served.close, () => client.close());
  const result = await diagnoseModelCatalog(client, { url: `${served.url}/catalog`, apiKey: 'sk-test-catalog-0123456789', model: 'relay-model', codexVersion: '0.171.0' });
  return { ...result, seen };
}

describe('doctor: model catalog', () => {
  it("Codex's shape with the model and apply_patch: verified, fetched as Codex does", async () => {
    const { findings, verified, seen } = await judge({ models: [ENTRY] });
    expect(findings).toEqual([]);
    expect(verified.join('\n')).toMatch(/lists "relay-model" in Codex's shape \(apply_patch: freeform\)/);
    expect(seen).toEqual([expect.stringMatching(/\/catalog\?client_version=0\.171\.0 Bearer sk-test-catalog-0123456789$/)]);
  });

  it.each([
    ['the OpenAI list shape', { object: 'list', data: [{ id: 'relay-model', object: 'model' }] }, 200, /not Codex's catalog shape/],
    ['a 404', { error: { message: 'no' } }, 404, /answers HTTP 404/],
    ['an entry missing model_messages', { models: [{ ...ENTRY, model_messages: undefined }] }, 200, /model_messages/],
    ['no entry for the model', { models: [{ ...ENTRY, slug: 'other' }] }, 200, /lists no entry for "relay-model"/],
  ])('%s: an error naming the fallback without apply_patch', async (_name, body, status, why) => {
    const { findings } = await judge(body, status);
    expect(findings.map((f) => f.id)).toEqual(['model.catalog-unusable']);
    expect(findings[0]!.title).toMatch(why);
    expect(findings[0]!.title).toMatch(/no apply_patch tool/);
  });

  it('an entry without apply_patch_tool_type: a warning, Codex offers no apply_patch tool', async () => {
    const { findings } = await judge({ models: [{ ...ENTRY, apply_patch_tool_type: undefined }] });
    expect(findings.map((f) => [f.id, f.severity])).toEqual([['model.catalog-no-apply-patch', 'warning']]);
  });
});

describe("doctor's suggested block and the model catalog", () => {
  it("keeps the config's model_catalog_url: without it Codex falls back to default metadata", async () => {
    const relay = await startRelay('reference');
    cleanup.push(relay.close);
    const catalog = `${relay.baseUrl}/model-catalog`;
    const home = await makeCodexHome({ config: relayConfig({ baseUrl: relay.baseUrl, envKey: 'RELAY_KEY', model: 'gpt-5.5', providerExtra: `model_catalog_url = "${catalog}"` }), auth: apiKeyAuth('sk-test-catalog-block-0123456789') });
    cleanup.push(home.remove);
    const report = await runDoctor(await buildSubject({}, home.env({ RELAY_KEY: 'sk-test-catalog-block-0123456789' })), { limits: { deadlineMs: 20_000, idleTimeoutMs: 10_000 } });
    expect(report.block!.table).toContain(`model_catalog_url = "${catalog}"`);
    expect(report.block!.table).not.toContain('supports_websockets');
  });
});
