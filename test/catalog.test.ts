// The model catalog in `relaycheck run`: the catalog suite runs when the user's provider sets
// model_catalog_url (--codex-config) or --model-catalog-url is given, fetches it as Codex does, and
// fails the named catalog.* check on each simulated catalog relay; the key goes only where it may.
import { afterEach, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { startRelay, type RunningRelay } from '../harness/relays/catalogue.ts';
import { serveHandlers } from '../harness/relays/serve-handlers.ts';
import { catalogEntry, MODEL_CATALOG_PATH } from '../harness/relays/model-catalog-relay.ts';
import type { RunReport } from '../harness/report/model.ts';
import { CheckId } from '../harness/checks/ids.ts';
import { validateReport } from '../harness/report/validate-report.ts';
import { runMain } from './helpers/run-main.ts';
import { apiKeyAuth, makeCodexHome, relayConfig } from './helpers/codex-home.ts';

const KEY = 'sk-test-catalog-cli-0123456789';
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((c) => c()));
});

async function relay(name: string): Promise<RunningRelay> {
  const started = await startRelay(name, { apiKey: KEY });
  cleanup.push(started.close);
  return started;
}

/** A catalog on its own origin that records the Authorization header of each GET. */
async function foreignCatalog() {
  const seen: Array<string | null> = [];
  const served = await serveHandlers([http.get('*/catalog', ({ request }) => (seen.push(request.headers.get('authorization')), HttpResponse.json({ models: [catalogEntry('gpt-5.5')] })))]);
  cleanup.push(served.close);
  return { url: `${served.url}/catalog`, seen };
}

const JSON_OUT = ['--format', 'json', '--out', '-', '--no-retries'];
const parse = (stdout: string) => JSON.parse(stdout) as RunReport;
const catalogChecks = (report: RunReport) => report.cases.find((c) => c.id === 'catalog.fetch')?.checks.map((k) => `${k.id}:${k.severity}:${k.status}`);

describe('run: the model catalog', () => {
  it('--model-catalog-url on the relay: fetched with the key and client_version, every catalog check passes, recorded in report.json', async () => {
    const { baseUrl } = await relay('reference');
    const result = await runMain(['run', '--base-url', baseUrl, '--api-key', KEY, '--suite', 'catalog', '--model-catalog-url', `${baseUrl}${MODEL_CATALOG_PATH}`, '--model', 'gpt-5.5', ...JSON_OUT]);
    expect(result.code, result.stderr).toBe(0);
    const report = parse(result.stdout);
    expect(report.verdict.codex).toBe('compatible');
    expect(validateReport(report)).toEqual({ valid: true, errors: [] });
    expect(report.codex?.modelCatalog).toEqual({ url: `${baseUrl}${MODEL_CATALOG_PATH}`, keySent: true });
    expect(catalogChecks(report)).toEqual([`${CheckId.catalogShape}:required:pass`, `${CheckId.catalogModelEntry}:required:pass`, `${CheckId.catalogApplyPatch}:required:pass`]);
    const request = report.cases[0]!.transcript!.request;
    expect(request.url).toBe(`${baseUrl}${MODEL_CATALOG_PATH}?client_version=0.171.0`);
    // The relay refuses a GET without the key (401), so the pass shows the key went; the report keeps none of it.
    expect(result.stdout).not.toContain(KEY);
  });

  it.each([
    ['catalog-openai-list', CheckId.catalogShape, /not Codex's catalog shape/],
    ['catalog-404', CheckId.catalogShape, /answers HTTP 404/],
    ['catalog-no-apply-patch', CheckId.catalogApplyPatch, /sets no apply_patch_tool_type/],
  ])('%s: the verdict names %s and what Codex does', async (name, checkId, why) => {
    const { baseUrl } = await relay(name);
    const result = await runMain(['run', '--base-url', baseUrl, '--api-key', KEY, '--suite', 'catalog', '--model-catalog-url', `${baseUrl}${MODEL_CATALOG_PATH}`, ...JSON_OUT]);
    expect(result.code).toBe(1);
    const report = parse(result.stdout);
    const reasons = report.verdict.reasons.join('\n');
    expect(reasons).toContain(`catalog.fetch: ${checkId}`);
    expect(reasons).toMatch(why);
    expect(reasons).toMatch(/no apply_patch tool: patch turns finish without writing/);
    expect(report.cases[0]!.status).toBe('fail');
    // Codex completes every turn with its fallback metadata (measured): a broken catalog costs patch turns, never all of them.
    expect(report.verdict.codex).toBe('partial');
  });

  it('a catalog that breaks beside turns that break is incompatible: the turns decide, not the catalog', async () => {
    const { baseUrl } = await relay('catalog-404');
    const result = await runMain(['run', '--base-url', `${baseUrl}/nowhere`, '--api-key', KEY, '--suite', 'turns,catalog', '--case', 'turns.plain,catalog.fetch', '--model-catalog-url', `${baseUrl}${MODEL_CATALOG_PATH}`, ...JSON_OUT]);
    const report = parse(result.stdout);
    expect(report.cases.map((c) => `${c.id}:${c.status}`)).toEqual(['turns.plain:unsupported', 'catalog.fetch:fail']);
    expect(report.verdict.codex).toBe('incompatible');
  });

  it('--model-catalog-url on another origin: fetched without the key', async () => {
    const { baseUrl } = await relay('reference');
    const catalog = await foreignCatalog();
    const result = await runMain(['run', '--base-url', baseUrl, '--api-key', KEY, '--suite', 'catalog', '--model-catalog-url', catalog.url, ...JSON_OUT]);
    expect(result.code, result.stderr).toBe(0);
    expect(catalog.seen).toEqual([null]);
    expect(parse(result.stdout).codex?.modelCatalog?.keySent).toBe(false);
  });

  it('--codex-config with model_catalog_url: the catalog suite joins the run, with the key as the user configured (another origin too)', async () => {
    const { baseUrl } = await relay('reference');
    const catalog = await foreignCatalog();
    const codexHome = await makeCodexHome({ config: relayConfig({ baseUrl, envKey: 'RELAY_KEY', model: 'gpt-5.5', providerExtra: `model_catalog_url = "${catalog.url}"` }), auth: apiKeyAuth(KEY) });
    cleanup.push(codexHome.remove);
    const result = await runMain(['run', '--codex-config', '--case', 'catalog.fetch,turns.plain', ...JSON_OUT], { env: codexHome.env({ RELAY_KEY: KEY }) as Record<string, string>, inheritEnv: false });
    expect(result.code, result.stderr).toBe(0);
    expect(catalog.seen).toEqual([`Bearer ${KEY}`]);
    const report = parse(result.stdout);
    expect(report.codex?.modelCatalog).toEqual({ url: catalog.url, keySent: true });
    expect(report.cases.map((c) => c.id).sort()).toEqual(['catalog.fetch', 'turns.plain']);
  });

  it('no catalog configured: the catalog case is not run, and report.json says none is configured', async () => {
    const { baseUrl } = await relay('reference');
    const result = await runMain(['run', '--base-url', baseUrl, '--api-key', KEY, '--case', 'turns.plain', ...JSON_OUT]);
    expect(result.code, result.stderr).toBe(0);
    const report = parse(result.stdout);
    expect(report.codex?.modelCatalog).toBeUndefined();
    expect(report.cases.map((c) => c.id)).toEqual(['turns.plain']);
  });

  it.each([
    [['--suite', 'catalog'], /the catalog suite needs a model catalog: give --model-catalog-url/],
    [['--model-catalog-url', 'not a url'], /"not a url" is not a URL/],
    [['--model-catalog-url', 'ftp://127.0.0.1/catalog'], /model catalog URL must be http:\/\/ or https:\/\//],
  ])('%j: exit 2 with a one-line message', async (args, message) => {
    const result = await runMain(['run', '--base-url', 'http://127.0.0.1:9/v1', ...args, ...JSON_OUT]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
