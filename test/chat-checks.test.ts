// Each chat.* check on a stream that passes it and one that fails it, fed event by event as the
// exchange feeds them. The streams are the reference chat relay's (chat-stream-builder.ts), edited.
import { describe, expect, it } from 'vitest';
import { getCheck } from '../harness/checks/registry.ts';
import { CheckId, type CheckIdValue } from '../harness/checks/ids.ts';
import type { CaseContext, ExpectedReply, Outcome } from '../harness/checks/check.ts';
import type { ExchangeEnd } from '../harness/exchange/exchange-end.ts';
import { CHAT_STREAM_CHECK_IDS } from '../harness/checks/chat-checks.ts';
import { type ChatChunk, buildChatChunks } from '../harness/relays/chat-stream-builder.ts';
import { chatRequestBody } from '../harness/chat/agent-requests.ts';
import { assembleChatStream } from '../harness/chat/chat-stream.ts';
import { nonEmpty } from './helpers/non-empty.ts';

const SPEC = { id: 'chatcmpl-1', model: 'gpt-5.5', created: 1_800_000_000, callId: 'call_1', promptTokens: 40, includeUsage: true, deltaSize: 4 };
const messageChunks = () => buildChatChunks({ ...SPEC, reply: { type: 'message', text: 'hello there' } });
const toolChunks = () => buildChatChunks({ ...SPEC, reply: { type: 'function_call', name: 'bash', arguments: '{"command":"ls"}' } });
const data = (chunks: ChatChunk[], done = true) => [...chunks.map((c) => JSON.stringify(c)), ...(done ? ['[DONE]'] : [])];

function end(status: number, bodyText?: string, events = 0): ExchangeEnd {
  return { head: { status, headers: {}, headersMs: 1, url: 'http://127.0.0.1/v1/chat/completions' }, ending: 'eof', durationMs: 5, bytes: 100, events, comments: 0, framing: [], maxGapMs: 1, ...(bodyText !== undefined && { bodyText }) };
}

function judge(checkId: CheckIdValue, datas: string[], opts: { expectedReply?: ExpectedReply; status?: number; bodyText?: string; requestBody?: Record<string, unknown> } = {}): Outcome {
  const context: CaseContext = { expectedReply: opts.expectedReply ?? 'message', requestBody: opts.requestBody ?? chatRequestBody('plain', 'gpt-5.5'), idleTimeoutMs: 1_000, failedCloseGraceMs: 100 };
  const observer = getCheck(checkId).observe(context);
  datas.forEach((text, index) => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    observer.event?.({ index, atMs: index, data: text, dataLines: 1, ...(json !== undefined && { json }) });
  });
  return observer.end(end(opts.status ?? 200, opts.bodyText, datas.length));
}

/** The chunks with `edit` applied to every tool_calls entry. */
const editToolDeltas = (chunks: ChatChunk[], edit: (entry: Record<string, unknown>) => void) => {
  for (const chunk of chunks) for (const choice of chunk.choices) for (const entry of ((choice.delta as Record<string, unknown>).tool_calls as Record<string, unknown>[] | undefined) ?? []) edit(entry);
  return chunks;
};

describe('the reference chat streams pass every chat check', () => {
  it.each(nonEmpty(CHAT_STREAM_CHECK_IDS, 'chat stream checks'))('%s', (id) => {
    expect(judge(id, data(messageChunks())).status).not.toBe('fail');
    expect(judge(id, data(toolChunks()), { expectedReply: 'function_call' }).status).not.toBe('fail');
  });
});

describe('each chat check fails the stream that breaks its rule', () => {
  it('chat.status-ok: HTTP 200 passes, a 400 fails naming the relay’s message', () => {
    expect(judge(CheckId.chatStatusOk, data(messageChunks())).status).toBe('pass');
    const refused = judge(CheckId.chatStatusOk, [], { status: 400, bodyText: '{"error":{"message":"Unrecognized request argument supplied: stream_options"}}' });
    expect(refused).toMatchObject({ status: 'fail' });
    expect(refused.message).toContain('Unrecognized request argument supplied: stream_options');
  });

  it('chat.content-streamed: text in delta.content passes; text in choices[0].message does not', () => {
    expect(judge(CheckId.chatContentStreamed, data(messageChunks())).status).toBe('pass');
    const asMessages = messageChunks().map((c) => ({ ...c, choices: c.choices.map(({ delta, ...choice }) => ({ ...choice, message: delta })) }));
    expect(judge(CheckId.chatContentStreamed, data(asMessages))).toMatchObject({ status: 'fail', message: expect.stringContaining('no text in delta.content') });
    expect(judge(CheckId.chatContentStreamed, ['not json'])).toMatchObject({ status: 'fail', message: expect.stringContaining('no JSON chunk') });
  });

  it('chat.tool-call-deltas: index, id and name pass; no index, no id in the first delta, or no call at all fail', () => {
    expect(judge(CheckId.chatToolCallDeltas, data(toolChunks()), { expectedReply: 'function_call' }).status).toBe('pass');
    const noIndex = editToolDeltas(toolChunks(), (entry) => delete entry.index);
    expect(judge(CheckId.chatToolCallDeltas, data(noIndex), { expectedReply: 'function_call' })).toMatchObject({ status: 'fail', failures: expect.arrayContaining([expect.objectContaining({ message: 'a tool_calls delta without an integer index' })]) });
    const noId = editToolDeltas(toolChunks(), (entry) => delete entry.id);
    expect(judge(CheckId.chatToolCallDeltas, data(noId), { expectedReply: 'function_call' })).toMatchObject({ status: 'fail', failures: [expect.objectContaining({ message: 'tool call 0 opened without an id' })] });
    const noName = editToolDeltas(toolChunks(), (entry) => delete (entry.function as Record<string, unknown>).name);
    expect(judge(CheckId.chatToolCallDeltas, data(noName), { expectedReply: 'function_call' })).toMatchObject({ status: 'fail', failures: [expect.objectContaining({ message: 'tool call 0 opened without function.name' })] });
    expect(judge(CheckId.chatToolCallDeltas, data(messageChunks()), { expectedReply: 'function_call' })).toMatchObject({ status: 'fail', message: 'the agent asked for a tool call and none arrived' });
  });

  it('chat.tool-call-arguments: joined pieces that make a JSON object pass; a dropped last piece fails', () => {
    expect(judge(CheckId.chatToolCallArguments, data(toolChunks())).status).toBe('pass');
    const chunks = toolChunks();
    // The finish chunk and the usage chunk come after the last arguments piece.
    chunks.splice(chunks.length - 3, 1);
    expect(judge(CheckId.chatToolCallArguments, data(chunks))).toMatchObject({ status: 'fail', failures: [expect.objectContaining({ message: 'tool call 0: arguments are not JSON' })] });
    expect(judge(CheckId.chatToolCallArguments, data(messageChunks())).status).toBe('skip');
  });

  it('chat.finish-reason: "tool_calls" after a call passes, "stop" after a call or none at all fails', () => {
    expect(judge(CheckId.chatFinishReason, data(toolChunks())).status).toBe('pass');
    const stop = toolChunks().map((c) => ({ ...c, choices: c.choices.map((choice) => (choice.finish_reason === 'tool_calls' ? { ...choice, finish_reason: 'stop' } : choice)) }));
    expect(judge(CheckId.chatFinishReason, data(stop))).toMatchObject({ status: 'fail', message: 'finish_reason is "stop" after tool calls' });
    const none = messageChunks().map((c) => ({ ...c, choices: c.choices.map((choice) => ({ ...choice, finish_reason: null })) }));
    expect(judge(CheckId.chatFinishReason, data(none))).toMatchObject({ status: 'fail', message: 'no chunk carries a finish_reason' });
  });

  it('chat.usage: the usage chunk passes; none, or Responses-style counts, fail; not asked for, skips', () => {
    expect(judge(CheckId.chatUsage, data(messageChunks())).status).toBe('pass');
    expect(judge(CheckId.chatUsage, data(messageChunks().slice(0, -1)))).toMatchObject({ status: 'fail', message: expect.stringContaining('no chunk carries it') });
    const responsesStyle = messageChunks();
    responsesStyle.at(-1)!.usage = { input_tokens: 40, output_tokens: 3, total_tokens: 43 };
    expect(judge(CheckId.chatUsage, data(responsesStyle))).toMatchObject({ status: 'fail', message: 'usage lacks integer prompt_tokens, completion_tokens' });
    const { stream_options: _asked, ...notAsked } = chatRequestBody('plain', 'gpt-5.5');
    expect(judge(CheckId.chatUsage, data(messageChunks().slice(0, -1)), { requestBody: notAsked }).status).toBe('skip');
  });

  it('chat.done-marker: [DONE] last passes; a stream without it, or with a chunk after it, fails', () => {
    expect(judge(CheckId.chatDoneMarker, data(messageChunks())).status).toBe('pass');
    expect(judge(CheckId.chatDoneMarker, data(messageChunks(), false))).toMatchObject({ status: 'fail', message: expect.stringContaining('without data: [DONE]') });
    const after = [...data(messageChunks()), JSON.stringify(messageChunks()[1])];
    expect(judge(CheckId.chatDoneMarker, after)).toMatchObject({ status: 'fail', message: '1 event(s) after data: [DONE]' });
  });

  it('chat.error-envelope: a 400 with error.message passes; a 200, a text body or {"detail"} fail', () => {
    expect(judge(CheckId.chatErrorEnvelope, [], { status: 400, bodyText: '{"error":{"message":"bad JSON","type":"invalid_request_error","param":null,"code":"invalid_json"}}' }).status).toBe('pass');
    expect(judge(CheckId.chatErrorEnvelope, data(messageChunks()), { status: 200 })).toMatchObject({ status: 'fail', message: 'a malformed chat request got HTTP 200' });
    expect(judge(CheckId.chatErrorEnvelope, [], { status: 400, bodyText: 'Bad Request' })).toMatchObject({ status: 'fail', message: 'HTTP 400, but the body is not JSON' });
    expect(judge(CheckId.chatErrorEnvelope, [], { status: 422, bodyText: '{"detail":"invalid body"}' })).toMatchObject({ status: 'fail', message: 'HTTP 422, but the body has no error.message' });
  });

  it('chat.chunk-schema (recommended): spec chunks pass; a chunk without finish_reason or a non-JSON event fails', () => {
    expect(getCheck(CheckId.chatChunkSchema).severity).toBe('recommended');
    const noFinish = messageChunks().map((c) => ({ ...c, choices: c.choices.map(({ finish_reason: _f, ...choice }) => choice) }));
    expect(judge(CheckId.chatChunkSchema, data(noFinish))).toMatchObject({ status: 'fail', failures: expect.arrayContaining([expect.objectContaining({ path: '/choices/0/finish_reason' })]) });
    expect(judge(CheckId.chatChunkSchema, [': ping', ...data(messageChunks())])).toMatchObject({ status: 'fail', failures: [expect.objectContaining({ message: 'data is not JSON' })] });
  });
});

describe('the chat stream reader assembles what an agent assembles', () => {
  it('joins content and a tool call’s argument pieces by index, keeps the call id, finish_reason, usage and [DONE]', () => {
    const message = assembleChatStream(data(messageChunks()));
    expect(message.content).toBe('hello there');
    expect(message.finishReason?.value).toBe('stop');
    expect(message.usage?.value).toMatchObject({ prompt_tokens: 40 });
    expect(message.doneAt).toBe(message.chunks);
    const tool = assembleChatStream(data(toolChunks()));
    expect([...tool.toolCalls.values()]).toEqual([{ index: 0, id: 'call_1', type: 'function', name: 'bash', arguments: '{"command":"ls"}', eventIndex: 0, openedWith: { id: true, name: true } }]);
  });
});
