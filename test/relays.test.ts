import { createHook } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { createSseParser, type FramingIssue } from '../harness/sse/sse-parser.ts';
import { RELAYS, startRelay, type RunningRelay } from '../harness/relays/catalogue.ts';
import { CheckId } from '../harness/checks/ids.ts';
import { serveHandlers } from '../harness/relays/serve-handlers.ts';
import { sseBody } from '../harness/relays/sse-body.ts';
import { generateLargeSse } from '../harness/relays/large-stream.ts';
import { APPLY_PATCH_INPUT, decideReply, replyFor, type ResponsesRequest } from '../harness/relays/reply-policy.ts';
import { buildResponseEvents, serializeSse, type ResponseSpec } from '../harness/relays/stream-builder.ts';
import type { RelayOptions } from '../harness/relays/relay-options.ts';
import { CODEX_PROMPTS } from '../harness/codex/turn-prompts.ts';

// Requests the real Codex CLI sent, as recorded into fixtures/ by `npm run fixtures:record`.
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
type RecordedRequest = 'plain-turn-gpt-5.5' | 'plain-turn-gpt-5.1-codex' | 'after-tool-call-gpt-5.5';

function codexBody(fixture: RecordedRequest): ResponsesRequest {
  return JSON.parse(readFileSync(`${FIXTURES}${fixture}.json`, 'utf8')).request.body as ResponsesRequest;
}

/** A recorded plain turn whose last user message says `prompt` instead. */
function codexBodyAsking(prompt: string, fixture: RecordedRequest = 'plain-turn-gpt-5.5'): ResponsesRequest {
  const body = structuredClone(codexBody(fixture));
  const input = body.input as Array<Record<string, unknown>>;
  const last = input.length - 1 - [...input].reverse().findIndex((item) => item.role === 'user');
  input[last] = { ...input[last], content: [{ type: 'input_text', text: prompt }] };
  return body;
}

const PROMPTS = {
  message: () => codexBody('plain-turn-gpt-5.5'),
  function_call: () => codexBodyAsking(CODEX_PROMPTS.function_call),
  custom_tool_call: () => codexBodyAsking(CODEX_PROMPTS.custom_tool_call),
};

const running: RunningRelay[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((relay) => relay.close()));
});

async function relay(name: string, opts: RelayOptions = {}): Promise<RunningRelay> {
  const started = await startRelay(name, { now: () => 1_800_000_000, ...opts });
  running.push(started);
  return started;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  // ignoreBOM: a byte order mark the relay sent stays in the text, where the parser can see it.
  return { status: res.status, headers: res.headers, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer()) };
}

interface Parsed {
  events: Array<Record<string, any>>;
  names: Array<string | undefined>;
  issues: FramingIssue[];
}

/** Parses SSE with the harness's own parser (the one the checks run on). */
function parseSse(text: string): Parsed {
  const parsed: Parsed = { events: [], names: [], issues: [] };
  const parser = createSseParser({
    onEvent: (event) => {
      let data: Record<string, any>;
      try {
        data = JSON.parse(event.data);
      } catch {
        data = { unparsed: event.data };
      }
      parsed.events.push(data);
      parsed.names.push(event.event);
    },
    onIssue: (issue) => parsed.issues.push(issue),
  });
  parser.feed(text);
  parser.end();
  return parsed;
}

const typesOf = (events: Parsed['events']) => events.map((event) => event.type as string);
const doneItems = (events: Parsed['events']) => events.filter((e) => e.type === 'response.output_item.done').map((e) => e.item);
const completedOf = (events: Parsed['events']) => events.find((e) => e.type === 'response.completed')!;

async function turn(relayName: string, body: unknown, opts: RelayOptions = {}) {
  const { baseUrl } = await relay(relayName, opts);
  const res = await post(`${baseUrl}/responses`, body);
  return { ...res, ...parseSse(res.text) };
}

describe('reference relay over loopback HTTP', () => {
  it('streams a plain Codex turn as created, in_progress, one message item, completed, with increasing sequence numbers and usage', async () => {
    const { status, headers, events, names, issues, text } = await turn('reference', codexBody('plain-turn-gpt-5.5'));
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(issues).toEqual([]);
    expect(text.endsWith('\n\n')).toBe(true);
    const types = typesOf(events);
    expect(types.slice(0, 4)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
    expect(types.slice(-4)).toEqual(['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed']);
    const deltas = types.slice(4, -4);
    expect(deltas.length).toBeGreaterThan(0);
    expect(new Set(deltas)).toEqual(new Set(['response.output_text.delta']));
    expect(names).toEqual(types);
    const sequence = events.map((e) => e.sequence_number as number);
    expect(sequence).toEqual(sequence.map((_, i) => i));

    const completed = completedOf(events).response;
    expect(completed).toMatchObject({ object: 'response', status: 'completed', model: 'gpt-5.5', created_at: 1_800_000_000 });
    expect(completed.id).toMatch(/^resp_[0-9a-f]{32}$/);
    expect(new Set(events.filter((e) => e.response).map((e) => e.response.id))).toEqual(new Set([completed.id]));
    expect(completed.output).toEqual(doneItems(events));
    expect(doneItems(events)).toEqual([expect.objectContaining({ type: 'message', role: 'assistant', content: [expect.objectContaining({ type: 'output_text', text: 'hello' })] })]);
    const usage = completed.usage;
    for (const n of [usage.input_tokens, usage.input_tokens_details.cached_tokens, usage.output_tokens, usage.output_tokens_details.reasoning_tokens, usage.total_tokens]) {
      expect(Number.isInteger(n)).toBe(true);
    }
    expect(usage.total_tokens).toBe(usage.input_tokens + usage.output_tokens);
  });

  it('answers a prompt that asks to run a command with an exec_command function_call carrying JSON string arguments and a call_id', async () => {
    const { events } = await turn('reference', PROMPTS.function_call());
    const [call] = doneItems(events);
    expect(call).toMatchObject({ type: 'function_call', name: 'exec_command', arguments: '{"cmd":"echo hi-from-tool"}' });
    expect(call.call_id).toMatch(/^call_/);
    const deltas = events.filter((e) => e.type === 'response.function_call_arguments.delta').map((e) => e.delta).join('');
    expect(deltas).toBe(call.arguments);
    expect(events.find((e) => e.type === 'response.function_call_arguments.done')).toMatchObject({ name: 'exec_command', arguments: call.arguments, item_id: call.id });
  });

  it('answers a prompt that asks for apply_patch with a custom_tool_call whose input is the raw patch', async () => {
    const { events } = await turn('reference', PROMPTS.custom_tool_call());
    expect(doneItems(events)).toEqual([expect.objectContaining({ type: 'custom_tool_call', name: 'apply_patch', input: APPLY_PATCH_INPUT, call_id: expect.stringMatching(/^call_/) })]);
    expect(events.filter((e) => e.type === 'response.custom_tool_call_input.delta').map((e) => e.delta).join('')).toBe(APPLY_PATCH_INPUT);
  });

  it('answers the turn after a function_call_output with a message quoting the last line the tool printed', async () => {
    const { events } = await turn('reference', codexBody('after-tool-call-gpt-5.5'));
    expect(doneItems(events)).toEqual([expect.objectContaining({ type: 'message', content: [expect.objectContaining({ text: 'The tool printed: "hi-from-tool"' })] })]);
  });

  it('gives the same bytes for the same request, so a stream can be reproduced', async () => {
    const { baseUrl } = await relay('reference');
    const [a, b] = [await post(`${baseUrl}/responses`, PROMPTS.message()), await post(`${baseUrl}/responses`, PROMPTS.message())];
    expect(a.text).toBe(b.text);
  });

  it('refuses a body that is not JSON, and one without input, with 400 and an OpenAI error envelope', async () => {
    const { baseUrl } = await relay('reference');
    const garbled = await post(`${baseUrl}/responses`, '{"model": "gpt-5.5", "input": [');
    expect(garbled.status).toBe(400);
    expect(JSON.parse(garbled.text)).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', code: 'invalid_json', param: null } });
    const noInput = await post(`${baseUrl}/responses`, { model: 'gpt-5.5', stream: true });
    expect(noInput.status).toBe(400);
    expect(JSON.parse(noInput.text).error).toMatchObject({ code: 'missing_required_parameter', param: 'input' });
  });

  it('refuses a model outside its allow-list with 404 model_not_found, and accepts any gpt-* by default', async () => {
    const { baseUrl } = await relay('reference');
    const unknown = await post(`${baseUrl}/responses`, { ...PROMPTS.message(), model: 'relaycheck-no-such-model' });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text).error).toMatchObject({ type: 'invalid_request_error', code: 'model_not_found', param: 'model' });
    expect((await post(`${baseUrl}/responses`, { ...PROMPTS.message(), model: 'gpt-9-imaginary' })).status).toBe(200);

    const strict = await relay('reference', { models: ['gpt-5.5'] });
    expect((await post(`${strict.baseUrl}/responses`, { ...PROMPTS.message(), model: 'gpt-5.1-codex' })).status).toBe(404);
    const listed = await (await fetch(`${strict.baseUrl}/models`)).json();
    expect(listed).toMatchObject({ object: 'list', data: [{ id: 'gpt-5.5', object: 'model' }] });
  });

  it('with an apiKey, answers 401 with an error envelope to a missing or wrong bearer and streams for the right one', async () => {
    const { baseUrl } = await relay('reference', { apiKey: 'sk-relay-test' });
    const missing = await post(`${baseUrl}/responses`, PROMPTS.message());
    const wrong = await post(`${baseUrl}/responses`, PROMPTS.message(), { authorization: 'Bearer sk-other' });
    const right = await post(`${baseUrl}/responses`, PROMPTS.message(), { authorization: 'Bearer sk-relay-test' });
    expect([missing.status, wrong.status, right.status]).toEqual([401, 401, 200]);
    expect(JSON.parse(wrong.text).error).toMatchObject({ code: 'invalid_api_key', type: 'invalid_request_error' });
    expect(wrong.text).not.toContain('sk-other');
  });

  it('answers stream:false with the completed Response object as JSON', async () => {
    const { baseUrl } = await relay('reference');
    const res = await post(`${baseUrl}/responses`, { ...PROMPTS.message(), stream: false });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ object: 'response', status: 'completed', output: [{ type: 'message' }] });
  });

  it('waits firstByteMs before the head and betweenEventsMs between events', async () => {
    const { baseUrl } = await relay('reference', { latency: { firstByteMs: 150, betweenEventsMs: 20 } });
    const started = performance.now();
    const res = await fetch(`${baseUrl}/responses`, { method: 'POST', body: JSON.stringify(PROMPTS.message()) });
    const headMs = performance.now() - started;
    const { events } = parseSse(await res.text());
    expect(headMs).toBeGreaterThanOrEqual(140);
    // Timers may fire a millisecond early; allow that per event.
    expect(performance.now() - started).toBeGreaterThanOrEqual(140 + 19 * (events.length - 1));
  });
});

describe('endpoint relays', () => {
  it('chat-only answers 404 on /responses but 200 on /chat/completions, as JSON and as SSE chunks', async () => {
    const { baseUrl } = await relay('chat-only');
    const responses = await post(`${baseUrl}/responses`, PROMPTS.message());
    expect(responses.status).toBe(404);
    expect(JSON.parse(responses.text).error.message).toContain('/v1/responses');

    const messages = [{ role: 'user', content: 'say hello' }];
    const chat = await post(`${baseUrl}/chat/completions`, { model: 'gpt-5.5', messages });
    expect(chat.status).toBe(200);
    expect(JSON.parse(chat.text)).toMatchObject({ object: 'chat.completion', choices: [{ message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }], usage: { prompt_tokens: expect.any(Number) } });

    const streamed = await post(`${baseUrl}/chat/completions`, { model: 'gpt-5.5', messages, stream: true });
    expect(streamed.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const datas = streamed.text.split('\n\n').filter(Boolean).map((frame) => frame.replace(/^data: /, ''));
    expect(datas.at(-1)).toBe('[DONE]');
    expect(datas.slice(0, -1).map((d) => JSON.parse(d).choices[0].delta.content ?? '').join('')).toBe('hello');
  });

  it('method-not-allowed answers 405 with an Allow header on POST /responses', async () => {
    const { baseUrl } = await relay('method-not-allowed');
    const res = await post(`${baseUrl}/responses`, PROMPTS.message());
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
  });

  it('redirect-307 and redirect-301 redirect POST /responses once, to the same path on the same origin, which streams the turn to a POST', async () => {
    for (const [name, status] of [['redirect-307', 307], ['redirect-301', 301]] as const) {
      const { baseUrl } = await relay(name);
      const first = await fetch(`${baseUrl}/responses`, { method: 'POST', body: JSON.stringify(PROMPTS.message()), redirect: 'manual' });
      expect(first.status, name).toBe(status);
      const location = new URL(first.headers.get('location')!, baseUrl).toString();
      expect(location).toBe(`${baseUrl}/responses?relaycheck-hop=1`);
      const again = await post(location, PROMPTS.message());
      expect(typesOf(parseSse(again.text).events).at(-1)).toBe('response.completed');
      // What Codex does with a 301: the same URL as a GET, without the body.
      expect((await fetch(location)).status).toBe(404);
    }
  });

  it('model-needs-prefix serves only openai/<name>: lists exactly those names, streams the prefixed name, refuses the bare one', async () => {
    const { baseUrl } = await relay('model-needs-prefix');
    const listed = (await (await fetch(`${baseUrl}/models`)).json()) as { data: Array<{ id: string }> };
    expect(listed.data.map((m) => m.id)).toEqual(['openai/gpt-5.5', 'openai/gpt-5.1-codex', 'openai/gpt-5.1', 'openai/gpt-4.1']);
    const prefixed = await post(`${baseUrl}/responses`, { ...PROMPTS.message(), model: 'openai/gpt-5.5' });
    expect(prefixed.status).toBe(200);
    expect(completedOf(parseSse(prefixed.text).events).response).toMatchObject({ model: 'openai/gpt-5.5', status: 'completed' });
    expect((await post(`${baseUrl}/responses`, PROMPTS.message())).status).toBe(404);
  });

  it('the new-api relays list gpt-5.5-codex, gpt-5.1-codex and gpt-4.1, stream those, and refuse the others with the same body and their own status', async () => {
    for (const [name, status] of [['new-api-no-channel', 503], ['new-api-no-channel-400', 400]] as const) {
      const { baseUrl } = await relay(name);
      const listed = (await (await fetch(`${baseUrl}/models`)).json()) as { data: Array<{ id: string }> };
      expect(listed.data.map((m) => m.id), name).toEqual(['gpt-5.5-codex', 'gpt-5.1-codex', 'gpt-4.1']);
      const served = await post(`${baseUrl}/responses`, { ...PROMPTS.message(), model: 'gpt-5.5-codex' });
      expect(served.status, name).toBe(200);
      expect(completedOf(parseSse(served.text).events).response.model).toBe('gpt-5.5-codex');
      const refused = await post(`${baseUrl}/responses`, { ...PROMPTS.message(), model: 'relaycheck-no-such-model' });
      expect(refused.status, name).toBe(status);
      expect(refused.headers.get('x-oneapi-request-id')).toBe('20261202063000123456789');
      expect(JSON.parse(refused.text), name).toEqual({ error: { message: '当前分组 default 下对于模型 relaycheck-no-such-model 无可用渠道 (request id: 20261202063000123456789)', type: 'new_api_error', code: '' } });
    }
  });

  it('serveHandlers answers a request no handler matches with a 404 JSON envelope', async () => {
    const served = await serveHandlers([http.get('*/ping', () => HttpResponse.text('pong'))]);
    try {
      expect(await (await fetch(`${served.url}/ping`)).text()).toBe('pong');
      const missing = await fetch(`${served.url}/v1/nothing`, { method: 'POST', body: '{}' });
      expect(missing.status).toBe(404);
      expect((await missing.json()).error).toMatchObject({ message: 'Invalid URL (POST /v1/nothing)', type: 'invalid_request_error' });
    } finally {
      await served.close();
    }
  });
});

// Transient relays: the fault shows on the first try of a request only; what the try shows.
const TRANSIENT = new Map<string, (first: Awaited<ReturnType<typeof turn>>) => void>([
  ['rate-limited-once', (t) => expect([t.status, t.headers.get('retry-after')]).toEqual([429, null])],
  ['server-error-once', (t) => expect(t.status).toBe(500)],
  ['unavailable-retry-after-once', (t) => expect([t.status, t.headers.get('retry-after')]).toEqual([503, '1'])],
  ['failed-rate-limited-once', (t) => expect(t.events.at(-1)!.response.error).toMatchObject({ code: 'rate_limit_exceeded', message: expect.stringContaining('try again in 1s') })],
  ['stream-dropped-once', (t) => {
    expect(typesOf(t.events).slice(0, 4)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
    expect(typesOf(t.events)).not.toContain('response.output_item.done');
    expect(typesOf(t.events)).not.toContain('response.completed');
  }],
  ['rate-limited-every-retry', (t) => expect([t.status, t.headers.get('retry-after')]).toEqual([429, '1'])],
]);

describe('transient relays fail the first try of each request and answer its retry like the reference', () => {
  for (const [name, firstTry] of TRANSIENT) {
    it(name, async () => {
      const { baseUrl } = await relay(name);
      const body = PROMPTS.message();
      const tries = [await post(`${baseUrl}/responses`, body), await post(`${baseUrl}/responses`, body)].map((res) => ({ ...res, ...parseSse(res.text) }));
      firstTry(tries[0]!);
      const reference = await turn('reference', body);
      if (name === 'rate-limited-every-retry') firstTry(tries[1]!);
      else expect(tries[1]!.text).toBe(reference.text);
      // Another request (the follow-up of a turn) fails on its own first try again.
      const other = await post(`${baseUrl}/responses`, PROMPTS.function_call());
      expect(other.text).not.toBe((await turn('reference', PROMPTS.function_call())).text);
    });
  }
  it('counts a retry whose JSON keys come in another order as the same request', async () => {
    const { baseUrl } = await relay('server-error-once');
    const body = PROMPTS.message() as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    expect([(await post(`${baseUrl}/responses`, body)).status, (await post(`${baseUrl}/responses`, reordered)).status]).toEqual([500, 200]);
  });
});

describe('fault relays: each one breaks exactly its own rule', () => {
  // What each fault looks like in the bytes, asked with a prompt the fault shows on.
  const evidence: Record<string, (t: Awaited<ReturnType<typeof turn>>) => void> = {
    'no-terminal-event': ({ events, text }) => {
      expect(typesOf(events)).not.toContain('response.completed');
      expect(events.at(-1)!.type).toBe('response.output_item.done');
      expect(text.endsWith('\n\n')).toBe(true);
    },
    'unterminated-final-event': ({ events, text, issues }) => {
      expect(text.endsWith('}\n')).toBe(true);
      expect(text.slice(text.lastIndexOf('data: '))).toContain('"type":"response.completed"');
      expect(typesOf(events)).not.toContain('response.completed');
      expect(issues.map((i) => i.kind)).toEqual(['unterminated-event']);
    },
    'usage-chat-style': ({ events }) => {
      expect(Object.keys(completedOf(events).response.usage)).toEqual(['prompt_tokens', 'completion_tokens', 'total_tokens']);
    },
    'usage-empty-details': ({ events }) => {
      expect(completedOf(events).response.usage.input_tokens_details).toEqual({});
      expect(completedOf(events).response.usage.output_tokens_details).toEqual({ reasoning_tokens: expect.any(Number) });
    },
    'deltas-only': ({ events }) => {
      expect(typesOf(events).filter((t) => !t.endsWith('.delta'))).toEqual(['response.created', 'response.in_progress', 'response.completed']);
      expect(events.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta).join('')).toBe('hello');
      expect(completedOf(events).response.output).toEqual([]);
    },
    'completed-without-id': ({ events }) => {
      expect(completedOf(events).response).not.toHaveProperty('id');
      expect(events[0]!.response.id).toMatch(/^resp_/);
    },
    'object-arguments': ({ events }) => {
      expect(doneItems(events)[0].arguments).toEqual({ cmd: 'echo hi-from-tool' });
      expect(completedOf(events).response.output[0].arguments).toEqual({ cmd: 'echo hi-from-tool' });
    },
    'missing-call-id': ({ events }) => {
      expect(doneItems(events)[0]).toMatchObject({ type: 'function_call', name: 'exec_command' });
      expect(doneItems(events)[0]).not.toHaveProperty('call_id');
    },
    'custom-tool-as-function': ({ events }) => {
      expect(doneItems(events)).toEqual([expect.objectContaining({ type: 'function_call', name: 'apply_patch', arguments: JSON.stringify({ input: APPLY_PATCH_INPUT }) })]);
    },
    'model-needs-prefix': ({ status, text }) => {
      expect(status).toBe(404);
      expect(JSON.parse(text)).toEqual({ error: { message: "The model 'gpt-5.5' does not exist or you do not have access to it.", type: 'invalid_request_error', code: 'model_not_found', param: 'model' } });
    },
    'new-api-no-channel': ({ status, text }) => {
      expect(status).toBe(503);
      expect(text).toBe('{"error":{"message":"当前分组 default 下对于模型 gpt-5.5 无可用渠道 (request id: 20261202063000123456789)","type":"new_api_error","code":""}}');
    },
    'new-api-no-channel-400': ({ status, text }) => {
      expect(status).toBe(400);
      expect(text).toBe('{"error":{"message":"当前分组 default 下对于模型 gpt-5.5 无可用渠道 (request id: 20261202063000123456789)","type":"new_api_error","code":""}}');
    },
    'crlf-line-endings': ({ text, events, issues }) => {
      expect(text.split('\n').slice(0, -1).every((line) => line.endsWith('\r'))).toBe(true);
      expect(typesOf(events).at(-1)).toBe('response.completed');
      expect(issues).toEqual([]);
    },
    'rejects-codex-fields': ({ status, text }) => {
      expect(status).toBe(400);
      expect(JSON.parse(text).error).toMatchObject({ message: "Unsupported parameter: 'include'", code: 'unsupported_parameter', param: 'include' });
    },
    unauthorized: ({ status, text }) => {
      expect(status).toBe(401);
      expect(JSON.parse(text).error).toMatchObject({ code: 'invalid_api_key' });
    },
    'rate-limited': ({ status, headers, text }) => {
      expect(status).toBe(429);
      expect(headers.get('retry-after')).toBeNull();
      expect(JSON.parse(text).error).toMatchObject({ code: 'rate_limit_exceeded' });
    },
    'server-error': ({ status, text }) => {
      expect(status).toBe(500);
      expect(JSON.parse(text).error).toMatchObject({ type: 'server_error' });
    },
    'json-instead-of-stream': ({ headers, text }) => {
      expect(headers.get('content-type')).toMatch(/^application\/json/);
      expect(JSON.parse(text)).toMatchObject({ object: 'response', status: 'completed', output: [{ type: 'message' }] });
    },
    'failed-server-error': ({ events }) => {
      expect(typesOf(events)).toEqual(['response.created', 'response.in_progress', 'response.failed']);
      expect(events[2]!.response.error).toMatchObject({ code: 'server_error' });
    },
    'failed-insufficient-quota': ({ events }) => {
      expect(typesOf(events)).toEqual(['response.created', 'response.in_progress', 'response.failed']);
      expect(events[2]!.response.error).toMatchObject({ code: 'insufficient_quota' });
    },
    'failed-rate-limited': ({ events }) => {
      expect(typesOf(events)).toEqual(['response.created', 'response.in_progress', 'response.failed']);
      expect(events[2]!.response.error).toMatchObject({ code: 'rate_limit_exceeded', message: expect.stringContaining('try again in 1s') });
    },
    'completed-without-response': ({ events }) => {
      expect(events.at(-1)).toEqual({ type: 'response.completed', sequence_number: events.length - 1 });
    },
    'reasoning-without-summary': ({ events }) => {
      expect(doneItems(events)[0]).toEqual({ id: expect.stringMatching(/^rs_/), type: 'reasoning', encrypted_content: expect.stringMatching(/^gAAAAAB/) });
    },
    'incomplete-max-tokens': ({ events }) => {
      expect(typesOf(events)).toEqual(['response.created', 'response.in_progress', 'response.incomplete']);
      expect(events[2]!.response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    },
    'error-event': ({ events }) => {
      expect(typesOf(events)).toEqual(['response.created', 'response.in_progress', 'error']);
      expect(events[2]).toMatchObject({ code: 'server_error', message: 'upstream exploded' });
    },
    'usage-null': ({ events }) => {
      expect(completedOf(events).response.usage).toBeNull();
    },
    'usage-float-counts': ({ text, events }) => {
      const completedFrame = text.slice(text.lastIndexOf('data: '));
      expect(completedFrame).toMatch(/"input_tokens":\d+\.0,/);
      expect(completedFrame).toMatch(/"output_tokens":\d+\.0,/);
      expect(completedFrame).toMatch(/"total_tokens":\d+\.0}/);
      expect(Number.isInteger(completedOf(events).response.usage.input_tokens)).toBe(true); // JSON.parse cannot tell
    },
    'deltas-without-item-added': ({ events }) => {
      const types = typesOf(events);
      expect(types).not.toContain('response.output_item.added');
      expect(types).not.toContain('response.content_part.added');
      expect(types).toContain('response.output_text.delta');
      expect(doneItems(events)).toEqual([expect.objectContaining({ type: 'message', content: [expect.objectContaining({ text: 'hello' })] })]);
    },
    'items-only-in-completed': ({ events }) => {
      expect(typesOf(events)).toEqual(['response.created', 'response.in_progress', 'response.completed']);
      expect(completedOf(events).response.output).toEqual([expect.objectContaining({ type: 'message' })]);
    },
    'message-content-text': ({ events }) => {
      expect(doneItems(events)[0].content).toEqual([expect.objectContaining({ type: 'text', text: 'hello' })]);
      expect(completedOf(events).response.output[0].content[0].type).toBe('text');
    },
    'empty-call-id': ({ events }) => {
      expect(doneItems(events)[0]).toMatchObject({ type: 'function_call', call_id: '' });
    },
    'arguments-only-in-deltas': ({ events }) => {
      expect(doneItems(events)[0]).toMatchObject({ type: 'function_call', arguments: '' });
      expect(events.find((e) => e.type === 'response.function_call_arguments.done')).toMatchObject({ arguments: '{"cmd":"echo hi-from-tool"}' });
    },
    'events-after-completed': ({ events }) => {
      const types = typesOf(events);
      expect(types.filter((t) => t === 'response.completed')).toHaveLength(2);
      expect(types.slice(-2)).toEqual(['response.output_item.done', 'response.completed']);
      expect(JSON.stringify(events.at(-2))).toContain('AFTER-COMPLETED text');
    },
    'two-objects-in-one-event': ({ events, text, issues }) => {
      expect(text).toMatch(/event: response\.completed\ndata: \{"type":"response\.output_item\.done".*\ndata: \{"type":"response\.completed".*\n\n$/);
      expect(issues.map((i) => i.kind)).toEqual(['multi-data-lines']);
      expect(events.at(-1)).toHaveProperty('unparsed');
    },
    'json-split-across-data-lines': ({ events, issues }) => {
      expect(issues.map((i) => i.kind)).toEqual(events.map(() => 'multi-data-lines'));
      expect(typesOf(events).at(-1)).toBe('response.completed');
    },
    'bom-before-stream': ({ text, events, issues }) => {
      expect(text.charCodeAt(0)).toBe(0xfeff);
      expect(text.slice(1, 7)).toBe('event:');
      expect(events).toEqual([]);
      expect(issues.map((i) => i.kind)).toEqual(['bom']);
    },
    'bare-cr-line-endings': ({ text, events, issues }) => {
      expect(text).not.toContain('\n');
      expect(text.endsWith('}\r\r')).toBe(true);
      // Every event but the last is dispatched; the final "\r\r" at EOF ends nothing.
      expect(typesOf(events)).not.toContain('response.completed');
      expect(issues.map((i) => i.kind)).toEqual(['unterminated-event']);
    },
    'wrong-content-type': ({ headers, events }) => {
      expect(headers.get('content-type')).toBe('application/json');
      expect(typesOf(events).at(-1)).toBe('response.completed');
    },
    'done-and-comments': ({ text, events }) => {
      expect(text.startsWith(': relay keep-alive\n\n')).toBe(true);
      expect(text.match(/^: ping$/gm)?.length).toBe(typesOf(events).length - 1);
      expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
      expect(events.at(-1)).toEqual({ unparsed: '[DONE]' });
    },
    // Header relays: the reference stream, with the header Codex reads on the answer.
    'model-rerouted': ({ headers, events }) => {
      expect(headers.get('openai-model')).toBe('gpt-4o-mini');
      expect(completedOf(events).response.model).toBe('gpt-5.5');
    },
    'rate-limit-reached-header': ({ headers }) => {
      expect([headers.get('x-codex-rate-limit-reached-type'), headers.get('x-codex-primary-used-percent')]).toEqual(['rate_limit_reached', '100']);
    },
    'credits-exhausted-headers': ({ headers }) => {
      expect([headers.get('x-codex-credits-has-credits'), headers.get('x-codex-credits-balance')]).toEqual(['false', '0']);
    },
    'models-etag-header': ({ headers }) => expect(headers.get('x-models-etag')).toBe('relay-catalog-v2'),
    'turn-state-header': ({ headers }) => expect(headers.get('x-codex-turn-state')).toBe('relay-turn-state-1'),
    'reasoning-included-header': ({ headers }) => expect(headers.get('x-reasoning-included')).toBe('true'),
    'reasoning-round-trip': ({ events }) => {
      expect(doneItems(events)[0]).toMatchObject({ type: 'reasoning', summary: [expect.objectContaining({ type: 'summary_text' })], encrypted_content: expect.stringMatching(/^gAAAAAB/) });
      expect(completedOf(events).response.output.map((item: { type: string }) => item.type)).toEqual(['reasoning', 'message']);
      expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    },
  };
  // Every relay's bytes are pinned in test/relay-bytes.test.ts; these name what the fault is.
  it('names the fault of relays in the catalogue', () => {
    expect(Object.keys(evidence).filter((name) => !RELAYS.some((r) => r.name === name))).toEqual([]);
  });

  for (const [name, show] of Object.entries(evidence)) {
    it(`${name}: the stream shows the fault`, async () => {
      const entry = RELAYS.find((r) => r.name === name)!;
      const t = await turn(name, PROMPTS[entry.showsOn[0]!]());
      // A relay whose fault is its HTTP status shows it there; every other fault is in a 200 answer.
      if (entry.violates[0] !== CheckId.statusOk && entry.violates[0] !== CheckId.modelServed) expect(t.status).toBe(200);
      show(t);
    });
  }

  it('faults that edit a value keep the reference event sequence, ids and numbering', async () => {
    for (const name of ['usage-chat-style', 'usage-empty-details', 'completed-without-id', 'object-arguments', 'missing-call-id', 'usage-null', 'message-content-text', 'empty-call-id', 'arguments-only-in-deltas']) {
      const body = PROMPTS[RELAYS.find((r) => r.name === name)!.showsOn[0]!]();
      const [reference, faulty] = [await turn('reference', body), await turn(name, body)];
      expect(faulty.events.map((e) => [e.type, e.sequence_number, e.item?.id]), name).toEqual(reference.events.map((e) => [e.type, e.sequence_number, e.item?.id]));
    }
  });

  it('faults that show only on some replies stream every other reply byte for byte like the reference', async () => {
    const partial = RELAYS.filter((r) => r.violates.length > 0 && r.showsOn.length < 3 && r.showsOn.length > 0);
    expect(partial.length).toBeGreaterThan(0);
    for (const entry of partial) {
      for (const kind of (['message', 'function_call', 'custom_tool_call'] as const).filter((k) => !entry.showsOn.includes(k))) {
        const [reference, faulty] = [await turn('reference', PROMPTS[kind]()), await turn(entry.name, PROMPTS[kind]())];
        expect(faulty.text, `${entry.name} on a ${kind} reply`).toBe(reference.text);
      }
    }
  });
});

describe('streams that never end stop with their client or their server', () => {
  it('failed-socket-open sends response.failed, keeps the socket open until the client aborts, then closes cleanly', async () => {
    const { baseUrl, close } = await relay('failed-socket-open');
    const client = new AbortController();
    const res = await fetch(`${baseUrl}/responses`, { method: 'POST', body: JSON.stringify(PROMPTS.message()), signal: client.signal });
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('response.failed')) text += new TextDecoder().decode((await reader.read()).value);
    const types = typesOf(parseSse(text).events);
    expect(types).toEqual(['response.created', 'response.in_progress', 'response.failed']);
    expect(parseSse(text).events[2]!.response).toMatchObject({ status: 'failed', error: { code: 'server_error' } });

    const stillOpen = await Promise.race([reader.read().then(() => 'ended'), new Promise((resolve) => setTimeout(resolve, 300, 'open'))]);
    expect(stillOpen).toBe('open');
    client.abort();
    await expect(reader.read()).rejects.toThrow();
    // The relay would hold the socket for 10 minutes: close() resolving at all (within the test's
    // timeout) shows it does not wait for that.
    await close();
  });

  /**
   * Reads a relay's stream until `enough(text)` holds or the stream ends, then `quietMs` longer: what
   * came and whether the stream ended. Waits for content, never for a time, so a loaded machine only
   * makes it slower; the test's timeout bounds it.
   */
  async function readStream(name: string, enough: (text: string) => boolean, quietMs = 0): Promise<{ text: string; ended: boolean }> {
    const { baseUrl } = await relay(name);
    const client = new AbortController();
    const res = await fetch(`${baseUrl}/responses`, { method: 'POST', body: JSON.stringify(PROMPTS.message()), signal: client.signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let quietUntil: Promise<'quiet'> | undefined;
    for (;;) {
      if (!quietUntil && enough(text)) quietUntil = new Promise((resolve) => setTimeout(resolve, quietMs, 'quiet'));
      const next = await (quietUntil ? Promise.race([reader.read(), quietUntil]) : reader.read());
      if (next === 'quiet') break;
      if (next.done) return { text, ended: true };
      text += decoder.decode(next.value, { stream: true });
    }
    client.abort();
    return { text, ended: false };
  }
  const hasEvents = (count: number) => (text: string) => parseSse(text).events.length >= count;

  it('failed-context-length-open fails the turn with context_length_exceeded and keeps the socket open', async () => {
    const { text, ended } = await readStream('failed-context-length-open', hasEvents(3), 300);
    expect(typesOf(parseSse(text).events)).toEqual(['response.created', 'response.in_progress', 'response.failed']);
    expect(parseSse(text).events[2]!.response.error).toMatchObject({ code: 'context_length_exceeded' });
    expect(ended).toBe(false);
  });

  it('idle-stall opens the first item, then sends nothing and keeps the socket open', async () => {
    const { text, ended } = await readStream('idle-stall', hasEvents(3), 700);
    expect(typesOf(parseSse(text).events)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added']);
    expect(ended).toBe(false);
  });

  it('comment-keepalives opens the first item, then sends only ": keep-alive" comments, every 500 ms', async () => {
    const started = performance.now();
    const { text, ended } = await readStream('comment-keepalives', (seen) => (seen.match(/^:/gm)?.length ?? 0) >= 3);
    expect(typesOf(parseSse(text).events)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added']);
    expect(text.match(/^: keep-alive$/gm)).toHaveLength(3);
    // Three comments take at least 3 × 500 ms (a timer may fire a millisecond early); load only adds.
    expect(performance.now() - started).toBeGreaterThanOrEqual(3 * 490);
    expect(ended).toBe(false);
  });

  it('data-keepalives bridges 2.5 s with data: keepalive events every 500 ms, then answers in full', async () => {
    const started = performance.now();
    const { text, ended } = await readStream('data-keepalives', () => false);
    expect(ended).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(2_450);
    const types = typesOf(parseSse(text).events);
    expect(types.slice(3, 8)).toEqual(Array(5).fill('keepalive'));
    expect(types.at(-1)).toBe('response.completed');
  });

  it('reasoning relays take back the encrypted_content they issued; the account-hopping one refuses it with 400', async () => {
    for (const [name, status] of [['reasoning-round-trip', 200], ['reasoning-rejected-on-replay', 400]] as const) {
      const first = await turn(name, PROMPTS.function_call());
      const [reasoning, call] = doneItems(first.events);
      expect(reasoning).toMatchObject({ type: 'reasoning', encrypted_content: expect.stringMatching(/^gAAAAAB/) });
      const followUp = structuredClone(PROMPTS.function_call());
      (followUp.input as unknown[]).push(reasoning, call, { type: 'function_call_output', call_id: call.call_id, output: 'hi-from-tool\n' });
      const { baseUrl } = running.at(-1)!;
      const answer = await post(`${baseUrl}/responses`, followUp);
      expect(answer.status, name).toBe(status);
      if (status === 400) expect(JSON.parse(answer.text).error).toMatchObject({ code: 'invalid_encrypted_content', message: `The encrypted content for item ${reasoning.id} could not be verified.` });
    }
    // A blob another relay issued never verifies, even on the relay that takes its own back.
    const foreign = structuredClone(PROMPTS.message());
    (foreign.input as unknown[]).push({ type: 'reasoning', id: 'rs_x', summary: [], encrypted_content: 'gAAAAABforeign' });
    const { baseUrl } = await relay('reasoning-round-trip');
    expect((await post(`${baseUrl}/responses`, foreign)).status).toBe(400);
  });

  it('serveHandlers cancels a streaming body as soon as its client disconnects', async () => {
    let cancelled!: () => void;
    const wasCancelled = new Promise<string>((resolve) => (cancelled = () => resolve('cancelled')));
    const served = await serveHandlers([
      http.post('*/stall', () => new HttpResponse(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('data: {}\n\n')), cancel: () => cancelled() }))),
    ]);
    try {
      const client = new AbortController();
      const res = await fetch(`${served.url}/stall`, { method: 'POST', body: '{}', signal: client.signal });
      await res.body!.getReader().read();
      client.abort();
      // Without the cancel the stream stays open for good: the test's timeout would end it.
      expect(await wasCancelled).toBe('cancelled');
    } finally {
      await served.close();
    }
  });

  it('close() returns promptly while a stalled stream is still open, and the client sees the connection end', async () => {
    const { baseUrl, close } = await relay('failed-socket-open');
    const res = await fetch(`${baseUrl}/responses`, { method: 'POST', body: JSON.stringify(PROMPTS.message()) });
    const reader = res.body!.getReader();
    await reader.read();
    // The relay holds the stream for 10 minutes; close() resolving within the test's timeout is prompt.
    await close();
    await expect((async () => {
      for (;;) if ((await reader.read()).done) return 'ended';
    })()).rejects.toThrow();
  });

  it('close() also cancels a resolver still waiting out its first-byte latency', async () => {
    const { baseUrl, close } = await relay('reference', { latency: { firstByteMs: 60_000 } });
    const pending = fetch(`${baseUrl}/responses`, { method: 'POST', body: JSON.stringify(PROMPTS.message()) }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The resolver would wait 60 s; close() resolving within the test's timeout shows it did not.
    await close();
    expect(await pending).toBeInstanceOf(Error);
  });

  it('a held-open body clears its timer when cancelled', async () => {
    // Only this body's timer is followed, picked out by a duration nothing else uses: a count of every
    // timer in the process also moves with whatever else this worker runs meanwhile (it flaked so).
    const HOLD_MS = 987_654;
    const live = new Set<number>();
    const hook = createHook({
      // _idleTimeout: the duration a Node Timeout was set for (no public accessor exists).
      init: (id, type, _trigger, resource) => void (type === 'Timeout' && (resource as { _idleTimeout?: number })._idleTimeout === HOLD_MS && live.add(id)),
      destroy: (id) => void live.delete(id),
    }).enable();
    try {
      const reader = sseBody(['data: {}\n\n'], { holdOpenMs: HOLD_MS }).getReader();
      await reader.read();
      const holding = reader.read();
      await vi.waitFor(() => expect(live.size).toBe(1));
      await reader.cancel();
      expect(await holding).toEqual({ done: true, value: undefined });
      // Node reports a cleared timer's destruction a moment later, not within clearTimeout.
      await vi.waitFor(() => expect(live.size).toBe(0));
    } finally {
      hook.disable();
    }
  });
});

describe('reply policy on recorded Codex requests', () => {
  it('says hello to "say hello", on both recorded models', () => {
    for (const fixture of ['plain-turn-gpt-5.5', 'plain-turn-gpt-5.1-codex'] as const) {
      expect(replyFor(codexBody(fixture))).toEqual({ type: 'message', text: 'hello' });
    }
  });

  it('does not call apply_patch when the request offers no custom apply_patch tool (gpt-5.1-codex)', () => {
    const body = codexBodyAsking('Use apply_patch to create hello.txt', 'plain-turn-gpt-5.1-codex');
    expect(replyFor(body).type).toBe('message');
  });

  it('runs a default command when exec_command is named without a command in backticks', () => {
    expect(replyFor(codexBodyAsking('list the files with exec_command'))).toEqual({ type: 'function_call', name: 'exec_command', arguments: '{"cmd":"pwd"}' });
  });

  it("calls an agent's bash function tool in a Responses request (a translated chat request), and not without one", () => {
    const bash = { type: 'function', name: 'bash', parameters: { type: 'object', properties: { command: { type: 'string' } } } };
    const asking = { model: 'gpt-5.5', input: [{ type: 'message', role: 'user', content: 'Run `ls` here.' }] };
    expect(replyFor({ ...asking, tools: [bash] })).toEqual({ type: 'function_call', name: 'bash', arguments: '{"command":"ls"}' });
    expect(replyFor({ ...asking, tools: [{ ...bash, name: 'shell' }] }).type).toBe('message');
  });

  it('rejects a body whose model is not a string and accepts string input', () => {
    expect(decideReply(JSON.stringify({ model: 5, input: [] }))).toMatchObject({ ok: false, status: 400, error: { param: 'model' } });
    expect(decideReply(JSON.stringify({ model: 'gpt-5.5', input: 'say hi' }))).toMatchObject({ ok: true, value: { reply: { type: 'message', text: 'hi' } } });
  });
});

describe('stream builder', () => {
  const spec: ResponseSpec = { model: 'gpt-5.5', output: [{ type: 'message', text: 'hello there, Codex' }, { type: 'function_call', name: 'exec_command', arguments: '{"cmd":"ls"}' }], seed: 's1', createdAt: 1_700_000_000, inputTokens: 100, cachedTokens: 64 };

  it('serializes the same spec to the same bytes, and another seed to other ids', () => {
    expect(serializeSse(buildResponseEvents(spec))).toBe(serializeSse(buildResponseEvents({ ...spec })));
    const other = buildResponseEvents({ ...spec, seed: 's2' });
    expect((other[0]!.response as { id: string }).id).not.toBe((buildResponseEvents(spec)[0]!.response as { id: string }).id);
  });

  it('writes event: lines unless told not to, and can leave the last event without its blank line', () => {
    const events = buildResponseEvents(spec);
    expect(serializeSse(events, { eventLines: false })).not.toContain('event: ');
    const cut = serializeSse(events, { terminateLast: false });
    expect(cut.endsWith('}\n')).toBe(true);
    expect(cut).toBe(serializeSse(events).slice(0, -1));
  });

  it('gives each item its own output_index and consistent item ids through added, deltas and done', () => {
    const events = buildResponseEvents(spec);
    const byItem = new Map<string, number[]>();
    for (const event of events) {
      const id = (event.item as { id?: string } | undefined)?.id ?? (event.item_id as string | undefined);
      if (id) byItem.set(id, [...(byItem.get(id) ?? []), event.output_index as number]);
    }
    expect([...byItem.values()].map((indexes) => [...new Set(indexes)])).toEqual([[0], [1]]);
    const usage = (events.at(-1)!.response as { usage: Record<string, unknown> }).usage;
    expect(usage).toEqual({ input_tokens: 100, input_tokens_details: { cached_tokens: 64 }, output_tokens: 8, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 108 });
  });

  it('generates a large stream lazily: reproducible, well framed, numbered, and ending in response.completed', () => {
    const digest = () => {
      const hash = createHash('sha256');
      let bytes = 0;
      let chunks = 0;
      let lastSequence = -1;
      let increasing = true;
      let lastType = '';
      const issues: FramingIssue[] = [];
      const parser = createSseParser({
        onEvent: (event) => {
          const data = JSON.parse(event.data);
          increasing &&= data.sequence_number === lastSequence + 1;
          lastSequence = data.sequence_number;
          lastType = data.type;
        },
        onIssue: (issue) => issues.push(issue),
      });
      for (const chunk of generateLargeSse({ targetBytes: 4 * 1024 * 1024 })) {
        hash.update(chunk);
        bytes += chunk.byteLength;
        chunks++;
        parser.feed(chunk);
      }
      parser.end();
      return { hash: hash.digest('hex'), bytes, chunks, increasing, lastType, issues };
    };
    const first = digest();
    expect(first.bytes).toBeGreaterThanOrEqual(4 * 1024 * 1024);
    expect(first.chunks).toBeGreaterThan(100);
    expect(first).toMatchObject({ increasing: true, lastType: 'response.completed', issues: [] });
    expect(digest().hash).toBe(first.hash);
  });
});
