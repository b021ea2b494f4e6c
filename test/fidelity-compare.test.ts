import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadFixture } from '../harness/replay/fixture.ts';
import { REQUEST_BODY_IDS, compareRequest } from '../harness/fidelity/compare-request.ts';
import { compareChatToolCalls, compareEvents, compareTiming, compareToolCalls, parseSseAnswer } from '../harness/fidelity/compare-answer.ts';
import { compareTranslatedRequest } from '../harness/fidelity/compare-translated.ts';
import { compareTranslatedAnswer } from '../harness/fidelity/compare-translated-answer.ts';
import { CHAT_CALL_ARGUMENTS, CHAT_CALL_ID, chatRequestBody } from '../harness/chat/agent-requests.ts';
import { compareHeaders } from '../harness/fidelity/compare-headers.ts';
import { FIDELITY_RULES, FidelityId } from '../harness/fidelity/finding-ids.ts';
import type { Observation } from '../harness/fidelity/observation.ts';
import { nonEmpty } from './helpers/non-empty.ts';

const fixture = await loadFixture('full-tool-list-gpt-5.5');
const reasoningFixture = await loadFixture('after-reasoning-gpt-5.5');
const sent = fixture.request.body;
const copy = (body: Record<string, unknown> = sent) => structuredClone(body) as Record<string, unknown> & { input: any[]; tools: any[] };
const failed = (observations: Observation[]) => observations.filter((o) => o.status === 'fail').map((o) => o.id);

describe('fidelity: the request that reached the upstream', () => {
  it('finds nothing in an unchanged request, and every request id is observed', () => {
    const observations = compareRequest(sent, copy(), 'gpt-5.5');
    expect(failed(observations)).toEqual([]);
    expect(observations.map((o) => o.id)).toEqual([FidelityId.toolsPreserved, FidelityId.noInjectedInput, FidelityId.instructionsPreserved, FidelityId.requestFieldsPreserved, FidelityId.modelPreserved, FidelityId.reasoningRoundTrip]);
  });

  it('names a custom tool turned into a function, a dropped and an added tool', () => {
    const received = copy();
    received.tools = received.tools.map((t) => (t.type === 'custom' ? { type: 'function', name: t.name, parameters: {} } : t)).filter((t) => t.type !== 'web_search');
    received.tools.push({ type: 'function', name: 'relay_search', parameters: {} });
    const [tools] = compareRequest(sent, received, 'gpt-5.5');
    expect(tools).toMatchObject({ id: FidelityId.toolsPreserved, status: 'fail' });
    expect(tools!.message).toBe('tools rewritten: apply_patch changed (type custom → function), web_search dropped, relay_search added');
    expect(failed(compareRequest(sent, received, 'gpt-5.5'))).toEqual([FidelityId.toolsPreserved]);
  });

  it('tells an injected item from a changed developer message and a rewritten reasoning item', () => {
    const injected = copy();
    injected.input.splice(1, 0, { type: 'message', role: 'system', content: [{ type: 'input_text', text: 'relay prompt' }] });
    expect(failed(compareRequest(sent, injected, 'gpt-5.5'))).toEqual([FidelityId.noInjectedInput]);

    const developer = copy();
    developer.input[0].content.push({ type: 'input_text', text: '<environment_context/>' });
    expect(failed(compareRequest(sent, developer, 'gpt-5.5'))).toEqual([FidelityId.instructionsPreserved]);

    const withReasoning = reasoningFixture.request.body;
    const rewritten = copy(withReasoning);
    rewritten.input = rewritten.input.map((item) => (item.type === 'reasoning' ? { ...item, encrypted_content: 'gAAAAB-other' } : item));
    const observations = compareRequest(withReasoning, rewritten, withReasoning.model);
    expect(failed(observations)).toEqual([FidelityId.reasoningRoundTrip]);
    expect(compareRequest(sent, copy(), 'gpt-5.5').find((o) => o.id === FidelityId.reasoningRoundTrip)!.status).toBe('skip');
  });

  it('names each request field dropped, added or changed, and a swapped model', () => {
    const received = copy();
    delete received.include;
    received.store = true;
    received.temperature = 0.2;
    const fields = compareRequest(sent, received, 'gpt-5.5').find((o) => o.id === FidelityId.requestFieldsPreserved)!;
    expect(fields.message).toBe('request fields rewritten: store changed, include dropped, temperature added');
    const swapped = copy();
    swapped.model = 'gpt-4.1';
    expect(failed(compareRequest(sent, swapped, 'gpt-5.5'))).toEqual([FidelityId.modelPreserved]);
    // The documented mapping is what is expected upstream.
    expect(failed(compareRequest(sent, swapped, 'gpt-4.1'))).toEqual([]);
  });
});

describe('fidelity: the answer that reached the client', () => {
  const sse = (events: object[]) => events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('');
  const call = { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'exec_command', arguments: '{"cmd":"pwd"}' };
  const upstream = parseSseAnswer(sse([{ type: 'response.created' }, { type: 'response.output_item.done', item: call }, { type: 'response.completed' }]));

  it('passes identical events, and names where a rewritten stream first differs', () => {
    expect(compareEvents([upstream], structuredClone(upstream)).status).toBe('pass');
    const dropped = parseSseAnswer(sse([{ type: 'response.created' }, { type: 'response.completed' }]));
    const events = compareEvents([upstream], dropped);
    expect(events).toMatchObject({ status: 'fail', message: 'the upstream sent 3 event(s), the client got 2; they differ from event 1 (response.output_item.done sent, response.completed received)' });
  });

  it("says how the client's short stream ended: closed properly by the relay, or cut by an error", () => {
    const none = parseSseAnswer('');
    const cut = 'the upstream sent 3 event(s), the client got 0; they differ from event 0 (response.created sent, end of stream received)';
    expect(compareEvents([upstream], none, { ending: 'eof', bytes: 0 }).message).toBe(`${cut}; the relay ended the stream properly after 0 byte(s)`);
    expect(compareEvents([upstream], none, { ending: 'transport-error', bytes: 12, error: { message: 'the connection was closed mid-stream' } }).message).toBe(`${cut}; the client's read stopped after 12 byte(s): the connection was closed mid-stream`);
    expect(compareEvents([upstream], none, { ending: 'idle', bytes: 0 }).message).toBe(`${cut}; the client stopped reading after 0 byte(s) (idle)`);
    const rewritten = parseSseAnswer(sse([{ type: 'response.created' }, { type: 'response.output_item.done', item: { ...call, arguments: '{}' } }, { type: 'response.completed' }]));
    expect(compareEvents([upstream], rewritten, { ending: 'eof', bytes: 200 }).message).toBe('the upstream sent 3 event(s), the client got 3; they differ from event 1 (response.output_item.done sent, response.output_item.done received)');
  });

  it('wants every upstream tool call back with its call_id and arguments byte for byte', () => {
    expect(compareToolCalls(upstream, upstream).status).toBe('pass');
    const reformatted = parseSseAnswer(sse([{ type: 'response.output_item.done', item: { ...call, arguments: '{"cmd": "pwd"}' } }]));
    expect(compareToolCalls(upstream, reformatted)).toMatchObject({ id: FidelityId.toolCallsReturned, status: 'fail' });
    expect(compareToolCalls(parseSseAnswer(sse([{ type: 'response.completed' }])), reformatted).status).toBe('skip');
  });

  it('calls a stream buffered when its first event left the relay after the upstream had sent its last', () => {
    expect(compareTiming({ upstreamFirstAt: 100, upstreamLastAt: 600, clientFirstAt: 105 }).status).toBe('pass');
    expect(compareTiming({ upstreamFirstAt: 100, upstreamLastAt: 600, clientFirstAt: 601 })).toMatchObject({ id: FidelityId.streamNotBuffered, status: 'fail' });
    expect(compareTiming({ upstreamFirstAt: 100, upstreamLastAt: 600 }).status).toBe('fail');
  });

  it('calls a forwarded stream held back when each event lags a pause, whatever one late event does', () => {
    const upstream = [100, 160, 220, 280, 340];
    const timing = (client: number[]) => compareTiming({ upstreamFirstAt: 100, upstreamLastAt: 340, clientFirstAt: client[0]!, upstreamChunkAt: upstream, clientEventAt: client, pacedMs: 60 });
    // nginx's proxy_buffering: each event goes on when the next arrives, the last at the end.
    expect(timing([161, 221, 281, 341, 342])).toMatchObject({ id: FidelityId.streamNotBuffered, status: 'fail', expected: 'at most 30 ms', received: '61 ms' });
    // As it came, with one event late on a busy machine: the median is the jitter.
    const faithful = timing([102, 161, 290, 282, 342]);
    expect(faithful).toMatchObject({ status: 'pass' });
    expect(faithful.message).toMatch(/each a median 2 ms after the upstream sent it/);
    // Regrouped or translated (not one event per upstream chunk): only the first event is judged.
    expect(compareTiming({ upstreamFirstAt: 100, upstreamLastAt: 340, clientFirstAt: 161, upstreamChunkAt: upstream, clientEventAt: [161, 281], pacedMs: 60 }).status).toBe('pass');
  });
});

describe('fidelity: headers', () => {
  const sentHeaders = { 'session-id': 's1', 'x-client-request-id': 'r1', authorization: 'Bearer sk-client-key-0123456789' };
  it('wants the session headers forwarded and the client key kept from the upstream', () => {
    expect(failed(compareHeaders(sentHeaders, { 'session-id': 's1', 'x-client-request-id': 'r1', authorization: 'Bearer relay-own' }, 'sk-client-key-0123456789'))).toEqual([]);
    const observations = compareHeaders(sentHeaders, { 'session-id': 's1', authorization: 'Bearer sk-client-key-0123456789' }, 'sk-client-key-0123456789');
    expect(failed(observations)).toEqual([FidelityId.sessionHeadersForwarded, FidelityId.clientKeyNotForwarded]);
    expect(observations[0]!.message).toBe('x-client-request-id dropped');
    expect(JSON.stringify(observations)).not.toContain('sk-client-key');
  });
});

it('defines every finding id once, with a severity and a rule, and documents each with that severity', async () => {
  const ids = FIDELITY_RULES.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(new Set(ids)).toEqual(new Set(Object.values(FidelityId)));
  const doc = await readFile(new URL('../docs/fidelity.md', import.meta.url), 'utf8');
  for (const rule of nonEmpty(FIDELITY_RULES, 'fidelity rules')) expect(doc).toContain(`| \`${rule.id}\` | ${rule.severity} |`);
});

describe('fidelity: a chat request passed on in the Responses API', () => {
  const chat = chatRequestBody('after-tool-call', 'gpt-5.5');
  const messages = chat.messages as any[];
  /** What a faithful connector sends its Responses upstream for the chat request. */
  const translated = () => ({
    model: 'gpt-5.5',
    instructions: messages[0].content,
    input: [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: messages[1].content }] },
      { type: 'function_call', call_id: CHAT_CALL_ID, name: 'bash', arguments: CHAT_CALL_ARGUMENTS },
      { type: 'function_call_output', call_id: CHAT_CALL_ID, output: messages[3].content },
    ],
    tools: (chat.tools as any[]).map((t) => ({ type: 'function', strict: false, ...t.function })),
    stream: true,
  });

  it('finds nothing in a faithful translation, in the same order of ids as a same-API comparison', () => {
    const observations = compareTranslatedRequest(chat, translated(), 'gpt-5.5');
    expect(failed(observations)).toEqual([]);
    expect(observations.map((o) => o.id)).toEqual([...REQUEST_BODY_IDS]);
  });

  it('names a tool whose schema changed in translation, an injected message and a rewritten system prompt', () => {
    const received = translated() as any;
    received.tools[0].parameters = { type: 'object', properties: {} };
    received.input.unshift({ type: 'message', role: 'developer', content: [{ type: 'input_text', text: '<environment_context>relay</environment_context>' }] });
    expect(failed(compareTranslatedRequest(chat, received, 'gpt-5.5'))).toEqual([FidelityId.toolsPreserved, FidelityId.noInjectedInput]);
    const rewritten = { ...translated(), instructions: 'You are Acme.' };
    expect(failed(compareTranslatedRequest(chat, rewritten, 'gpt-4.1'))).toEqual([FidelityId.instructionsPreserved, FidelityId.modelPreserved]);
  });

  it('compares the settings that have a Responses counterpart by meaning, and names each one lost, changed or added', () => {
    const settings = { temperature: 0.2, top_p: 0.9, max_tokens: 4096, tool_choice: { type: 'function', function: { name: 'bash' } }, parallel_tool_calls: false, reasoning_effort: 'high', response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } }, stop: ['END'] };
    const agent = { ...chat, ...settings };
    const asResponses = { temperature: 0.2, top_p: 0.9, max_output_tokens: 4096, tool_choice: { type: 'function', name: 'bash' }, parallel_tool_calls: false, reasoning: { effort: 'high' }, text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true } } };
    const fields = (received: Record<string, unknown>) => compareTranslatedRequest(agent, { ...translated(), ...received }, 'gpt-5.5').find((o) => o.id === FidelityId.requestFieldsPreserved)!;
    expect(fields(asResponses)).toMatchObject({ status: 'pass', message: expect.stringContaining('7 request field(s) arrived as their Responses counterparts') });
    expect(fields(asResponses).message).toContain('stream_options, stop without a Responses counterpart, not compared');
    const { top_p: _dropped, ...rest } = asResponses;
    const unfaithful = fields({ ...rest, max_output_tokens: 1024, tool_choice: 'auto', reasoning: { effort: 'low', summary: 'auto' }, store: false, metadata: { relay: 'acme' } });
    expect(unfaithful).toMatchObject({
      status: 'fail',
      message: 'request fields rewritten in translation: top_p dropped, max_tokens → max_output_tokens changed, tool_choice changed, reasoning_effort → reasoning.effort changed, metadata added',
      expected: { top_p: 0.9, max_output_tokens: 4096, tool_choice: { type: 'function', name: 'bash' }, 'reasoning.effort': 'high' },
      received: { max_output_tokens: 1024, tool_choice: 'auto', 'reasoning.effort': 'low', metadata: { relay: 'acme' } },
    });
  });

  it('wants the reasoning the upstream gave before a call back in front of that call, its blob unchanged', () => {
    const reasoning = { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: 'thinking' }], encrypted_content: 'gAAAAB-blob' };
    const before = new Map([[CHAT_CALL_ID, [reasoning]]]);
    const withReasoning = (item: unknown) => {
      const body = translated() as any;
      body.input.splice(1, 0, item);
      return body;
    };
    // Ids and summaries may go: the backend checks the blob.
    expect(failed(compareTranslatedRequest(chat, withReasoning({ type: 'reasoning', encrypted_content: 'gAAAAB-blob' }), 'gpt-5.5', before))).toEqual([]);
    expect(failed(compareTranslatedRequest(chat, translated(), 'gpt-5.5', before))).toEqual([FidelityId.reasoningRoundTrip]);
    expect(failed(compareTranslatedRequest(chat, withReasoning({ ...reasoning, encrypted_content: 'gAAAAB-other' }), 'gpt-5.5', before))).toEqual([FidelityId.reasoningRoundTrip]);
    // Without reasoning from the upstream there is nothing to send back.
    expect(compareTranslatedRequest(chat, translated(), 'gpt-5.5').find((o) => o.id === FidelityId.reasoningRoundTrip)!.status).toBe('skip');
  });

  it("wants the upstream's answer text as content and its reasoning summaries as reasoning_content", () => {
    const upstream = { kind: 'stream' as const, events: [
      { type: 'response.output_item.done', output_index: 0, item: { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Thinking.' }], encrypted_content: 'gAAAAB-blob' } },
      { type: 'response.output_text.delta', output_index: 1, delta: 'Hi' },
    ] };
    const chunk = (delta: Record<string, unknown>) => ({ object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null }] });
    const agent = (...deltas: Record<string, unknown>[]) => ({ kind: 'stream' as const, events: [...deltas.map(chunk), '[DONE]'] });
    expect(compareTranslatedAnswer(upstream, agent({ reasoning_content: 'Thinking.' }, { content: 'Hi' })).status).toBe('pass');
    expect(compareTranslatedAnswer(upstream, agent({ content: 'Hi!' }))).toMatchObject({
      id: FidelityId.eventsPreserved,
      status: 'fail',
      message: 'translated from the Responses API: the answer text reached the agent changed; the reasoning summary did not reach the agent as reasoning_content',
    });
    expect(compareTranslatedAnswer(upstream, agent()).message).toMatch(/: the agent got an empty answer$/);
  });

  it('wants a Responses function_call back as chat tool_calls with the same id and arguments', () => {
    const upstream = { kind: 'json' as const, body: { output: [{ type: 'function_call', call_id: 'call_1', name: 'bash', arguments: '{"command":"ls"}' }] } };
    const asChat = (args: string) => ({ kind: 'stream' as const, events: [{ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'bash', arguments: args } }] } }] }, '[DONE]'] });
    expect(compareChatToolCalls(upstream, asChat('{"command":"ls"}')).status).toBe('pass');
    expect(compareChatToolCalls(upstream, asChat('{"command": "ls"}'))).toMatchObject({ id: FidelityId.toolCallsReturned, status: 'fail' });
    expect(compareChatToolCalls(upstream, { kind: 'stream', events: ['[DONE]'] }).status).toBe('fail');
  });
});
