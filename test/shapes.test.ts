// The shapes suite against the reference relay and the relays that break one request shape each:
// every fault fails its named check, recommended unless the user's config sends that shape, and
// `run --codex-config` knows which shapes the config sends.
import { describe, expect, it } from 'vitest';
import { runConformance } from '../harness/run/runner.ts';
import { startedRelays } from './helpers/started-relays.ts';
import { CheckId } from '../harness/checks/ids.ts';
import { type RequestShape, requestShapesFor, shapesInRequest } from '../harness/codex/request-shapes.ts';
import type { RunReport } from '../harness/report/model.ts';
import { ALL_SUITES, SHIPPED_SUITES } from '../suites/index.ts';
import { shapesSuite } from '../suites/shapes.ts';
import { turnsSuite } from '../suites/turns.ts';
import { runMain } from './helpers/run-main.ts';
import { apiKeyAuth, makeCodexHome, relayConfig } from './helpers/codex-home.ts';

const KEY = 'sk-test-shapes-0123456789';
const LIMITS = { deadlineMs: 20_000, idleTimeoutMs: 10_000 };
const { cleanup, relay } = startedRelays();

const run = (baseUrl: string, shapes?: RequestShape[], suites = [shapesSuite]): Promise<RunReport> => runConformance({ target: { baseUrl, apiKey: KEY }, suites, limits: LIMITS, ...(shapes && { shapes }) });
/** The plain message turn, as a user's run holds it beside the shapes suite. */
const plainTurn = { ...turnsSuite, cases: turnsSuite.cases.filter((c) => c.id === 'turns.plain') };
const failedChecks = (report: RunReport) => report.cases.flatMap((c) => c.checks.filter((k) => k.status === 'fail').map((k) => `${c.id}:${k.id}:${k.severity}`));

describe('shapes suite', () => {
  it('passes on the reference relay, whatever the config sends', async () => {
    const { baseUrl } = await relay('reference');
    const report = await run(baseUrl, ['responses-lite', 'service-tier', 'openai-metadata', 'image-input']);
    expect(failedChecks(report)).toEqual([]);
    expect(report.verdict.codex).toBe('compatible');
    expect(report.codex?.requestShapes).toEqual(['responses-lite', 'service-tier', 'openai-metadata', 'image-input']);
  });

  it.each([
    // Lite's request is answered, without its tools: tool turns lose their calls, a plain turn completes (measured), so partial.
    ['lite-tools-dropped', 'responses-lite', 'shapes.responses-lite', CheckId.liteToolsKept, /the relay lost the tools Codex sent in the additional_tools input item/, 'partial'],
    // Refused on every request of that config: no turn completes.
    ['service-tier-refused', 'service-tier', 'shapes.service-tier', CheckId.shapeAccepted, /^the request carries service_tier "priority": the relay refused it \(HTTP 400: .*Unsupported parameter: service_tier/, 'incompatible'],
    ['metadata-passthrough-refused', 'openai-metadata', 'shapes.openai-metadata', CheckId.shapeAccepted, /^the request carries internal_chat_message_metadata_passthrough on its input items \(provider named "OpenAI"\): the relay refused it/, 'incompatible'],
    // An image comes with one prompt only.
    ['image-input-refused', 'image-input', 'shapes.image-input', CheckId.shapeAccepted, /^the request carries an input_image in a user message: the relay refused it/, 'partial'],
  ] as const)('%s fails %s only in its case: recommended, required when the config sends the shape', async (name, shape, caseId, checkId, says, verdict) => {
    const { baseUrl } = await relay(name);
    const unknown = await run(baseUrl);
    expect(failedChecks(unknown)).toEqual([`${caseId}:${checkId}:recommended`]);
    expect(unknown.cases.find((c) => c.id === caseId)!.checks[0]!.message).toMatch(says);
    // No required check ran: nothing Codex depends on broke (a full run adds the default suites).
    expect(unknown.verdict.codex).toBe('not-evaluated');
    const configured = await run(baseUrl, [shape], [plainTurn, shapesSuite]);
    expect(failedChecks(configured)).toEqual([`${caseId}:${checkId}:required`]);
    expect(configured.verdict.codex).toBe(verdict);
    // The shapes suite alone says the same: its one broken case does not stand for every turn.
    const alone = await run(baseUrl, [shape]);
    expect(failedChecks(alone)).toEqual([`${caseId}:${checkId}:required`]);
    expect(alone.verdict.codex).toBe(verdict);
  });

  it('is opt-in: the default suites replay none of these shapes', () => {
    expect(ALL_SUITES.map((s) => s.id)).not.toContain('shapes');
  });
});

describe('which shapes a config sends', () => {
  it('from the model, service_tier and the provider name, as measured on 0.169.0 and 0.171.0', () => {
    expect(requestShapesFor({ model: 'gpt-6-astra', serviceTier: 'fast', providerName: 'OpenAI' })).toEqual(['responses-lite', 'service-tier', 'openai-metadata']);
    expect(requestShapesFor({ model: 'gpt-5.5', serviceTier: 'flex', providerName: 'Azure' })).toEqual(['service-tier']);
    expect(requestShapesFor({ model: 'gpt-5.5', serviceTier: 'default', providerName: 'openai' })).toEqual([]);
  });

  it('names what a request carries', () => {
    expect(shapesInRequest({ input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }] })).toEqual([]);
    expect(shapesInRequest({ service_tier: 'flex', input: 'hi' })).toEqual(['service_tier "flex"']);
  });

  it('run --codex-config: a config with service_tier and a Lite model adds the shapes suite, those cases required', async () => {
    const { baseUrl } = await relay('service-tier-refused');
    const made = await makeCodexHome({ config: relayConfig({ baseUrl, envKey: 'RELAY_KEY', model: 'gpt-6-astra', extra: 'service_tier = "fast"' }), auth: apiKeyAuth(KEY) });
    cleanup.push(made.remove);
    const result = await runMain(['run', '--codex-config', '--suite', 'shapes', '--format', 'json', '--out', '-', '--no-retries'], { env: made.env({ RELAY_KEY: KEY }) as Record<string, string>, inheritEnv: false });
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as RunReport;
    expect(report.codex?.requestShapes).toEqual(['responses-lite', 'service-tier']);
    const severities = Object.fromEntries(report.cases.map((c) => [c.id, `${c.checks[0]!.severity}:${c.checks[0]!.status}`]));
    expect(severities).toEqual({ 'shapes.responses-lite': 'required:pass', 'shapes.service-tier': 'required:fail', 'shapes.openai-metadata': 'recommended:pass', 'shapes.image-input': 'recommended:pass' });
  });

  it('run --codex-config: a refused service_tier fails every turn Codex takes, so the whole run is incompatible, naming the case', async () => {
    const { baseUrl } = await relay('service-tier-refused');
    const made = await makeCodexHome({ config: relayConfig({ baseUrl, envKey: 'RELAY_KEY', extra: 'service_tier = "fast"' }), auth: apiKeyAuth(KEY) });
    cleanup.push(made.remove);
    const result = await runMain(['run', '--codex-config', '--format', 'json', '--out', '-', '--no-retries'], { env: made.env({ RELAY_KEY: KEY }) as Record<string, string>, inheritEnv: false });
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as RunReport;
    // Every other case passes: the plain turns carry no service_tier, as no turn of this user's Codex does.
    expect(report.cases.filter((c) => c.status !== 'pass').map((c) => `${c.id}:${c.status}:${c.core === true}`)).toEqual(['shapes.service-tier:fail:true']);
    expect(report.verdict.codex).toBe('incompatible');
    expect(report.verdict.reasons[0]).toMatch(/^shapes\.service-tier: shapes\.request-accepted: the request carries service_tier "priority": the relay refused it/);
  });

  it('a refused image, which comes with one prompt only, leaves the verdict partial even when required', async () => {
    const { baseUrl } = await relay('image-input-refused');
    const report = await runConformance({ target: { baseUrl, apiKey: KEY }, suites: SHIPPED_SUITES.filter((s) => s.id === 'turns' || s.id === 'shapes'), limits: LIMITS, shapes: ['image-input'] });
    expect(report.cases.filter((c) => c.status !== 'pass').map((c) => `${c.id}:${c.status}:${c.core === true}`)).toEqual(['shapes.image-input:fail:false']);
    expect(report.verdict.codex).toBe('partial');
  });
});
