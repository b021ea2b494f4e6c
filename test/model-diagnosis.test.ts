// The one decision about refusals (diagnosis/answer-kind.ts), the model-name ranking
// (diagnosis/model-names.ts), and the runner's diagnosis as data, on loopback relays.
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyAnswer, type AnswerKind } from '../harness/diagnosis/answer-kind.ts';
import { candidateModelNames, closestServedNames, probeServedModels } from '../harness/diagnosis/model-names.ts';
import { HttpClient } from '../harness/http/http-client.ts';
import { runConformance } from '../harness/run/runner.ts';
import { turnsSuite } from '../suites/turns.ts';
import { errorsSuite } from '../suites/errors.ts';
import { startRelay, type RunningRelay } from '../harness/relays/catalogue.ts';
import { CheckId } from '../harness/checks/ids.ts';
import { badgeFor } from '../harness/report/badge.ts';
import { validateReport } from '../harness/report/validate-report.ts';
import { renderMarkdown } from '../harness/report/render-markdown.ts';
import { renderHtml } from '../harness/report/render-html.ts';
import { type RunningRelay as RawRelay, startHttpRelay } from '../harness/relays/loopback-servers.ts';

const envelope = (message: string, code: string | null = null, type = 'invalid_request_error') => JSON.stringify({ error: { message, type, code, param: null } });

describe('classifyAnswer: what a refusal of POST /responses means, from status and body', () => {
  const examples: Array<[string, number, string, AnswerKind]> = [
    ['OpenAI model_not_found 404', 404, envelope("The model 'gpt-5.5' does not exist or you do not have access to it.", 'model_not_found'), 'model-not-served'],
    ['model_not_found 400', 400, envelope('Unknown model', 'model_not_found'), 'model-not-served'],
    ['"does not exist" without a code, 404', 404, envelope('The model `gpt-5.5` does not exist'), 'model-not-served'],
    ['"no such model" as plain text', 404, 'no such model: gpt-5.5', 'model-not-served'],
    ['"invalid model" 400', 400, envelope('invalid model ID'), 'model-not-served'],
    ['"model is not supported" 422', 422, JSON.stringify({ detail: 'The model gpt-5.5 is not supported' }), 'model-not-served'],
    ['"no available channel for model" 503', 503, envelope('No available channel for model gpt-5.5 under group default', null, 'new_api_error'), 'model-not-served'],
    ['new-api 无可用渠道 503', 503, JSON.stringify({ error: { message: '当前分组 default 下对于模型 gpt-5.5 无可用渠道 (request id: 1)', type: 'new_api_error', code: '' } }), 'model-not-served'],
    ['one-api 无可用渠道 503', 503, JSON.stringify({ error: { message: '当前分组 vip 下对于模型 gpt-5.5 无可用渠道', type: 'one_api_error' } }), 'model-not-served'],
    ['模型不存在 400', 400, JSON.stringify({ error: '模型不存在' }), 'model-not-served'],
    ['a vague "model unavailable" on a 503 is an outage', 503, envelope('The model is currently unavailable, please retry'), 'other'],
    ['a vague "model not found" on a 404 names the model', 404, envelope('model not found'), 'model-not-served'],
    ['a bare 404', 404, '404 page not found', 'endpoint-unsupported'],
    ['a JSON 404 without a model', 404, envelope('Invalid URL (POST /v1/responses)'), 'endpoint-unsupported'],
    ['405', 405, envelope('Method Not Allowed', 'method_not_allowed'), 'endpoint-unsupported'],
    ['an HTML 404 page mentioning a model', 404, '<!doctype html><p>Unknown model railway set</p>', 'endpoint-unsupported'],
    ['a JSON 404 naming the key', 404, envelope('Invalid API key provided', 'invalid_api_key'), 'credentials-refused'],
    ['a JSON 404 naming the token (Chinese)', 404, JSON.stringify({ error: { message: '无效的令牌', type: 'new_api_error' } }), 'credentials-refused'],
    ['401', 401, envelope('Incorrect API key provided.', 'invalid_api_key'), 'credentials-refused'],
    ['400 for a Codex field', 400, envelope("Unsupported parameter: 'include'", 'unsupported_parameter'), 'other'],
    ['500', 500, envelope('The server had an error'), 'other'],
    ['200', 200, '', 'other'],
  ];
  it.each(examples)('%s', (_, status, body, kind) => {
    expect(classifyAnswer(status, body)).toBe(kind);
  });
});

describe('model names: the served names closest to a refused one', () => {
  it('ranks the same model under a namespace first, then its variants, then near typos; never the refused name', () => {
    const listed = ['gpt-4.1', 'gpt-5.5-codex', 'gpt-5.5', 'openai/gpt-5.5', 'provider:gpt-5.5', 'gpt-5.6', 'GPT5.5', 'claude-sonnet'];
    expect(closestServedNames('gpt-5.5', listed)).toEqual(['openai/gpt-5.5', 'provider:gpt-5.5', 'gpt-5.5-codex', 'GPT5.5']);
    expect(closestServedNames('openai/gpt-5.5', ['gpt-5.5', 'gpt-4.1'])).toEqual(['gpt-5.5']);
    expect(closestServedNames('claude-opus', ['gpt-5.5', 'gpt-4.1'])).toEqual([]);
  });

  it('stays bounded on a huge listing', () => {
    // Every filler name needs its edit distance computed (same length and digits), none is close.
    const filler = Array.from({ length: 5_000 }, (_, i) => `qz${String.fromCharCode(97 + (i % 26)).repeat(2)}-5.5`);
    const started = performance.now();
    expect(closestServedNames('gpt-5.5', [...filler, 'gpt-5.5-mini', 'vendor/gpt-5.5'])).toEqual(['vendor/gpt-5.5', 'gpt-5.5-mini']);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('doctor tries the closest listed names before the usual prefixed forms', () => {
    expect(candidateModelNames('gpt-5.5', 'relay', ['gpt-5.5-codex'])).toEqual(['gpt-5.5-codex', 'openai/gpt-5.5', 'relay:gpt-5.5', 'relay/gpt-5.5']);
  });
});

describe('GET /models, with the key and without it (loopback)', () => {
  const servers: RawRelay[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  /** Lists models only to requests with (or only to requests without) an Authorization header. */
  async function listing(listsTo: 'key' | 'no-key'): Promise<{ baseUrl: string; seen: Array<string | undefined> }> {
    const seen: Array<string | undefined> = [];
    const server = await startHttpRelay((req, res) => {
      seen.push(req.headers.authorization);
      const lists = (req.headers.authorization !== undefined) === (listsTo === 'key');
      res.writeHead(lists ? 200 : 401, { 'content-type': 'application/json' });
      res.end(lists ? JSON.stringify({ data: [{ id: 'openai/gpt-5.5' }] }) : envelope('Invalid API key', 'invalid_api_key'));
    });
    servers.push(server);
    return { baseUrl: server.baseUrl, seen };
  }

  it('asks with the key first, and stops there when it lists', async () => {
    const { baseUrl, seen } = await listing('key');
    const client = new HttpClient();
    const found = await probeServedModels(client, { baseUrl, apiKey: 'sk-model-probe-0123456789' });
    await client.close();
    expect(found.listed).toEqual(['openai/gpt-5.5']);
    expect(found.probes).toEqual([{ purpose: 'models', method: 'GET', url: `${baseUrl}/models`, status: 200, models: { count: 1, names: ['openai/gpt-5.5'] } }]);
    expect(seen).toEqual(['Bearer sk-model-probe-0123456789']);
  });

  it('asks again without the key when the key gets no list', async () => {
    const { baseUrl, seen } = await listing('no-key');
    const client = new HttpClient();
    const found = await probeServedModels(client, { baseUrl, apiKey: 'sk-model-probe-0123456789' });
    await client.close();
    expect(found.listed).toEqual(['openai/gpt-5.5']);
    expect(found.probes.map((p) => [p.purpose, p.status])).toEqual([['models', 401], ['models-without-key', 200]]);
    expect(seen).toEqual(['Bearer sk-model-probe-0123456789', undefined]);
  });
});

describe("the runner's diagnosis of a refused model, as data", () => {
  const running: RunningRelay[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.close()));
  });
  const limits = { deadlineMs: 10_000, idleTimeoutMs: 5_000 };

  it('prefix-only relay, bare model: no case is unsupported, every turn fails http.model-served, and the diagnosis names openai/gpt-5.5', async () => {
    const relay = await startRelay('model-needs-prefix');
    running.push(relay);
    const report = await runConformance({ target: { baseUrl: relay.baseUrl, model: 'gpt-5.5' }, suites: [turnsSuite, errorsSuite], limits });
    expect(report.summary.unsupported).toBe(0);
    const turns = report.cases.filter((c) => c.suite === 'turns');
    expect(turns.length).toBeGreaterThan(0);
    for (const c of turns) {
      expect(c.status, c.id).toBe('fail');
      expect(c.labels, c.id).toEqual(['model-not-served']);
      expect(c.checks.find((check) => check.id === CheckId.modelServed), c.id).toMatchObject({ status: 'fail', message: `the relay does not serve the model "gpt-5.5" (HTTP 404): "The model 'gpt-5.5' does not exist or you do not have access to it."` });
      expect(c.checks.find((check) => check.id === CheckId.statusOk)?.status, c.id).toBe('skip');
    }
    // The deliberately unknown model of errors.unknown-model is refused as it should be: no label.
    expect(report.cases.find((c) => c.id === 'errors.unknown-model')).toMatchObject({ status: 'pass', labels: [] });
    expect(report.diagnosis).toEqual({
      kind: 'model-not-served',
      labels: ['model-not-served'],
      refusal: { url: `${relay.baseUrl}/responses`, status: 404, message: "The model 'gpt-5.5' does not exist or you do not have access to it." },
      model: { requested: 'gpt-5.5', closest: ['openai/gpt-5.5'] },
      probes: [{ purpose: 'models', method: 'GET', url: `${relay.baseUrl}/models`, status: 200, models: { count: 4, names: ['openai/gpt-5.5', 'openai/gpt-5.1-codex', 'openai/gpt-5.1', 'openai/gpt-4.1'] } }],
    });
    expect(report.verdict.codex).toBe('incompatible');
    expect(report.verdict.reasons.slice(0, 2)).toEqual([
      `model not served: the relay refuses the model "gpt-5.5" (HTTP 404): The model 'gpt-5.5' does not exist or you do not have access to it.`,
      'the relay serves "openai/gpt-5.5": set model = "openai/gpt-5.5"',
    ]);
    expect(badgeFor(report)).toMatchObject({ message: 'model not served', color: 'red' });
    // The reports show the diagnosis from its data: the refusal, the closest names, each probe.
    const md = renderMarkdown(report);
    const mdUrl = relay.baseUrl.replace('http://', 'http\\://'); // never linkified
    expect(md).toContain(`## Diagnosis\n\n- refused: ${mdUrl}/responses answered HTTP 404: The model 'gpt-5.5' does not exist or you do not have access to it.\n- closest served names to "gpt-5.5": "openai/gpt-5.5"\n- GET ${mdUrl}/models (which models are served?): HTTP 200, 4 model(s): openai/gpt-5.5, openai/gpt-5.1-codex, openai/gpt-5.1, openai/gpt-4.1\n`);
    expect(renderHtml(report)).toContain(`<h2 id="diagnosis">Diagnosis</h2>\n<ul class="reasons"><li>refused: ${relay.baseUrl}/responses answered HTTP 404: The model &#39;gpt-5.5&#39; does not exist`);
    expect(validateReport(JSON.parse(JSON.stringify(report)))).toEqual({ valid: true, errors: [] });
  });

  it('prefix-only relay, prefixed model: compatible, no diagnosis', async () => {
    const relay = await startRelay('model-needs-prefix');
    running.push(relay);
    const report = await runConformance({ target: { baseUrl: relay.baseUrl, model: 'openai/gpt-5.5' }, suites: [turnsSuite], limits });
    expect(report.verdict.codex).toBe('compatible');
    expect(report.diagnosis).toBeUndefined();
    expect(badgeFor(report).message).toBe('compatible');
  });

  it('new-api relay (503 and 400): the Chinese refusal fails http.model-served and the variant gpt-5.5-codex is named', async () => {
    for (const name of ['new-api-no-channel', 'new-api-no-channel-400']) {
      const relay = await startRelay(name);
      running.push(relay);
      const report = await runConformance({ target: { baseUrl: relay.baseUrl, model: 'gpt-5.5' }, suites: [turnsSuite], limits });
      expect(report.summary.unsupported, name).toBe(0);
      expect(report.cases.every((c) => c.status === 'fail'), name).toBe(true);
      expect(report.cases[0]!.checks.find((check) => check.id === CheckId.modelServed)?.message, name).toMatch(/^the relay does not serve the model "gpt-5\.5" \(HTTP (503|400)\): "当前分组 default 下对于模型 gpt-5\.5 无可用渠道/);
      expect(report.diagnosis?.model, name).toEqual({ requested: 'gpt-5.5', closest: ['gpt-5.5-codex'] });
      expect(report.verdict.reasons[1], name).toBe('the relay serves "gpt-5.5-codex": set model = "gpt-5.5-codex"');
    }
  });

  it('a relay that lists no models: the diagnosis says so, with what /models answered', async () => {
    // Every path answers 404 model_not_found, /models included: no list, with or without a key.
    const server = await startHttpRelay((req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(envelope("The model 'gpt-5.5' does not exist", 'model_not_found'));
    });
    try {
      const { baseUrl } = server;
      const unlisted = await runConformance({ target: { baseUrl, model: 'gpt-5.5' }, suites: [turnsSuite], limits });
      expect(unlisted.diagnosis?.model).toEqual({ requested: 'gpt-5.5', closest: [] });
      expect(unlisted.verdict.reasons[1]).toBe(`the relay lists no models (GET ${baseUrl}/models: HTTP 404): ask its operator which model names it accepts`);
    } finally {
      await server.close();
    }
  });
});

describe('a 404 that names the key is a refused credential, not a missing endpoint', () => {
  it('fails http.status-ok, no case is unsupported, and nothing probes for Chat Completions', async () => {
    const paths: string[] = [];
    const server = await startHttpRelay((req, res) => {
      paths.push(`${req.method} ${req.url}`);
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(envelope('Invalid API key: no such key', 'invalid_api_key'));
    });
    try {
      const { baseUrl } = server;
      const report = await runConformance({ target: { baseUrl, model: 'gpt-5.5' }, suites: [turnsSuite], limits: { deadlineMs: 10_000, idleTimeoutMs: 5_000 } });
      expect(report.summary.unsupported).toBe(0);
      expect(report.cases[0]!.checks.find((c) => c.id === CheckId.statusOk)?.message).toBe('the relay refused the credentials (404): "Invalid API key: no such key"');
      expect(report.diagnosis).toBeUndefined();
      expect(paths.every((p) => p === 'POST /v1/responses')).toBe(true);
    } finally {
      await server.close();
    }
  });
});
