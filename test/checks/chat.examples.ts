// The chat.* checks over Chat Completions streams: the reference chat relay's chunks
// (chat-stream-builder.ts), edited to break one rule at a time.
import type { StreamEvent } from '../../harness/exchange/exchange-end.ts';
import { CheckId } from '../../harness/checks/ids.ts';
import { chatRequestBody } from '../../harness/chat/agent-requests.ts';
import { type ChatChunk, buildChatChunks } from '../../harness/relays/chat-stream-builder.ts';
import { type CheckExamples, fail, pass, skip } from '../helpers/check-examples.ts';
import { answered, raw, stream, unanswered } from '../helpers/sse-builder.ts';

const SPEC = { id: 'chatcmpl-1', model: 'gpt-5.5', created: 1_800_000_000, callId: 'call_1', promptTokens: 40, includeUsage: true, deltaSize: 4 };
const messageChunks = () => buildChatChunks({ ...SPEC, reply: { type: 'message', text: 'hello there' } });
const toolChunks = (args = '{"command":"ls"}') => buildChatChunks({ ...SPEC, reply: { type: 'function_call', name: 'bash', arguments: args } });

/** The chunks as `data:` events, closed by data: [DONE] unless `done` is false. */
const chat = (chunks: ChatChunk[], done = true): StreamEvent[] => stream(...chunks.map((chunk) => raw(JSON.stringify(chunk))), ...(done ? [raw('[DONE]')] : []));

/** The chunks with `edit` applied to every tool_calls entry. */
const editToolDeltas = (chunks: ChatChunk[], edit: (entry: Record<string, unknown>) => void) => {
  for (const chunk of chunks) for (const choice of chunk.choices) for (const entry of ((choice.delta as Record<string, unknown>).tool_calls as Record<string, unknown>[] | undefined) ?? []) edit(entry);
  return chunks;
};
/** The first delta's type set to `type`. */
const retype = (type: string) => (entry: Record<string, unknown>) => {
  if (entry.type !== undefined) entry.type = type;
};
const withFinish = (chunks: ChatChunk[], from: string | null, to: string | null) => chunks.map((c) => ({ ...c, choices: c.choices.map((choice) => (choice.finish_reason === from ? { ...choice, finish_reason: to } : choice)) }));

/** The tool call's id moved from its first delta to its second. */
const idLate = (chunks: ChatChunk[]) => {
  let seen = 0;
  return editToolDeltas(chunks, (entry) => {
    if (seen++ === 0) delete entry.id;
    else if (seen === 2) entry.id = 'call_1';
  });
};

/** An exchange that ended with neither a response head nor an error. */
const { error: _noError, ...nothingAtAll } = unanswered();

const plain = { requestBody: chatRequestBody('plain', 'gpt-5.5') };
const toolCase = { ...plain, expectedReply: 'function_call' as const };
const { stream_options: _asked, ...notAsked } = chatRequestBody('plain', 'gpt-5.5');

export const examples: CheckExamples = {
  [CheckId.chatStatusOk]: [
    { name: 'a 200 stream', events: chat(messageChunks()), context: plain, expect: pass('HTTP 200') },
    {
      name: 'a 400 naming the argument it refuses', end: answered(400, { error: { message: 'Unrecognized request argument supplied: stream_options' } }), context: plain,
      expect: fail('HTTP 400 on /chat/completions: "Unrecognized request argument supplied: stream_options"', [{ message: 'HTTP 400 on /chat/completions: "Unrecognized request argument supplied: stream_options"', expected: '200', actual: '400' }]),
    },
    { name: 'no answer at all', end: unanswered(), context: plain, expect: skip('no response from the relay') },
  ],

  [CheckId.chatContentStreamed]: [
    { name: 'text in delta.content', events: chat(messageChunks()), context: plain, expect: pass('11 character(s) of text in 6 chunk(s)') },
    {
      name: 'text in choices[0].message, not delta', events: chat(messageChunks().map((c) => ({ ...c, choices: c.choices.map(({ delta, ...choice }) => ({ ...choice, message: delta })) }))), context: plain,
      expect: fail('6 chunk(s), but no text in delta.content', [{ message: '6 chunk(s), but no text in delta.content', expected: 'assistant text in choices[0].delta.content', actual: '' }]),
    },
    {
      name: 'no JSON chunk', events: stream(raw('not json')), context: plain,
      expect: fail('no JSON chunk in the stream (1 event(s))', [{ message: 'no JSON chunk in the stream (1 event(s))', expected: 'chat.completion.chunk events', actual: 'nothing' }]),
    },
    {
      name: 'only blanks in delta.content', events: chat(buildChatChunks({ ...SPEC, reply: { type: 'message', text: '   ' } })), context: plain,
      expect: fail('4 chunk(s), but no text in delta.content', [{ message: '4 chunk(s), but no text in delta.content', expected: 'assistant text in choices[0].delta.content', actual: '   ' }]),
    },
    { name: 'the case expects a tool call', events: chat(toolChunks()), context: toolCase, expect: skip('the case expects a tool call') },
    { name: 'no stream to check', end: answered(502, 'Bad Gateway'), context: plain, expect: skip('HTTP 502: no stream to check') },
  ],

  [CheckId.chatToolCallDeltas]: [
    { name: 'a tool call with index, id and name', events: chat(toolChunks()), context: toolCase, expect: pass('1 tool call(s) with index, id and name') },
    { name: 'a text answer, no call expected', events: chat(messageChunks()), context: plain, expect: pass('no tool call streamed, none expected') },
    {
      name: 'deltas without an index', events: chat(editToolDeltas(toolChunks(), (entry) => delete entry.index)), context: toolCase,
      expect: fail('a tool_calls delta without an integer index (+4 more)', [{ message: 'a tool_calls delta without an integer index', path: '/choices/0/delta/tool_calls', eventIndex: 0, expected: 'index: 0, 1, …', actual: '{"id":"call_1","type":"function","function":{"name":"bash","arguments":""}}' }, { message: 'a tool_calls delta without an integer index', path: '/choices/0/delta/tool_calls', eventIndex: 1, expected: 'index: 0, 1, …', actual: '{"function":{"arguments":"{\\"co"}}' }, { message: 'a tool_calls delta without an integer index', path: '/choices/0/delta/tool_calls', eventIndex: 2, expected: 'index: 0, 1, …', actual: '{"function":{"arguments":"mman"}}' }, { message: 'a tool_calls delta without an integer index', path: '/choices/0/delta/tool_calls', eventIndex: 3, expected: 'index: 0, 1, …', actual: '{"function":{"arguments":"d\\":\\""}}' }, { message: 'a tool_calls delta without an integer index', path: '/choices/0/delta/tool_calls', eventIndex: 4, expected: 'index: 0, 1, …', actual: '{"function":{"arguments":"ls\\"}"}}' }]),
    },
    {
      name: 'the first delta without an id', events: chat(editToolDeltas(toolChunks(), (entry) => delete entry.id)), context: toolCase,
      expect: fail('tool call 0 opened without an id', [{ message: 'tool call 0 opened without an id', eventIndex: 0, expected: 'id in the first delta', actual: 'absent' }]),
    },
    {
      name: 'the id only in the second delta', events: chat(idLate(toolChunks())), context: toolCase,
      expect: fail('tool call 0 opened without an id', [{ message: 'tool call 0 opened without an id', eventIndex: 0, expected: 'id in the first delta', actual: 'call_1' }]),
    },
    { name: 'deltas without a type (it is optional)', events: chat(editToolDeltas(toolChunks(), (entry) => delete entry.type)), context: toolCase, expect: pass('1 tool call(s) with index, id and name') },
    {
      name: 'a long type is cut in the message', events: chat(editToolDeltas(toolChunks(), retype('x'.repeat(50)))), context: toolCase,
      expect: fail(`tool call 0 has type ${'x'.repeat(40)}…`, [{ message: `tool call 0 has type ${'x'.repeat(40)}…`, eventIndex: 0, expected: 'function', actual: 'x'.repeat(50) }]),
    },
    {
      name: 'a tool call asked for, nothing streamed', events: chat(buildChatChunks({ ...SPEC, reply: { type: 'message', text: '' } })), context: toolCase,
      expect: fail('the agent asked for a tool call and none arrived', [{ message: 'the agent asked for a tool call and none arrived', expected: 'a tool_calls delta', actual: 'no tool_calls' }]),
    },
    {
      name: 'the first delta without function.name', events: chat(editToolDeltas(toolChunks(), (entry) => delete (entry.function as Record<string, unknown>).name)), context: toolCase,
      expect: fail('tool call 0 opened without function.name', [{ message: 'tool call 0 opened without function.name', eventIndex: 0, expected: 'function.name in the first delta', actual: 'absent' }]),
    },
    {
      name: 'a call of another type', events: chat(editToolDeltas(toolChunks(), retype('custom'))), context: toolCase,
      expect: fail('tool call 0 has type custom', [{ message: 'tool call 0 has type custom', eventIndex: 0, expected: 'function', actual: 'custom' }]),
    },
    {
      name: 'a tool call asked for, text answered', events: chat(messageChunks()), context: toolCase,
      expect: fail('the agent asked for a tool call and none arrived', [{ message: 'the agent asked for a tool call and none arrived', expected: 'a tool_calls delta', actual: 'hello there' }]),
    },
  ],

  [CheckId.chatToolCallArguments]: [
    { name: 'joined pieces make a JSON object', events: chat(toolChunks()), context: toolCase, expect: pass('1 tool call(s) with JSON object arguments') },
    {
      name: 'the last piece dropped', events: chat(toolChunks().filter((_, i, all) => i !== all.length - 3)), context: toolCase,
      expect: fail('tool call 0: arguments are not JSON', [{ message: 'tool call 0: arguments are not JSON', eventIndex: 0, expected: 'a JSON object', actual: '{"command":"' }]),
    },
    {
      name: 'a JSON array, not an object', events: chat(toolChunks('["ls"]')), context: toolCase,
      expect: fail('tool call 0: arguments are not a JSON object', [{ message: 'tool call 0: arguments are not a JSON object', eventIndex: 0, expected: 'a JSON object', actual: '["ls"]' }]),
    },
    { name: 'no tool call', events: chat(messageChunks()), context: plain, expect: skip('no tool call to check') },
  ],

  [CheckId.chatFinishReason]: [
    { name: '"tool_calls" after a call', events: chat(toolChunks()), context: toolCase, expect: pass('finish_reason "tool_calls"') },
    { name: '"stop" after text', events: chat(messageChunks()), context: plain, expect: pass('finish_reason "stop"') },
    {
      name: '"stop" after a call', events: chat(withFinish(toolChunks(), 'tool_calls', 'stop')), context: toolCase,
      expect: fail('finish_reason is "stop" after tool calls', [{ message: 'finish_reason is "stop" after tool calls', eventIndex: 5, expected: '"tool_calls"', actual: 'stop' }]),
    },
    {
      name: 'no finish_reason at all', events: chat(withFinish(messageChunks(), 'stop', null)), context: plain,
      expect: fail('no chunk carries a finish_reason', [{ message: 'no chunk carries a finish_reason', expected: 'finish_reason "stop"', actual: 'absent' }]),
    },
  ],

  [CheckId.chatUsage]: [
    { name: 'the usage chunk', events: chat(messageChunks()), context: plain, expect: pass('usage: prompt_tokens 40, completion_tokens 3, total_tokens 43') },
    {
      name: 'usage asked for, none sent', events: chat(messageChunks().slice(0, -1)), context: plain,
      expect: fail('the request asked for usage (include_usage) and no chunk carries it', [{ message: 'the request asked for usage (include_usage) and no chunk carries it', expected: 'a usage chunk before [DONE]', actual: 'absent' }]),
    },
    {
      name: 'Responses-style counts',
      events: chat(messageChunks().map((c, i, all) => (i === all.length - 1 ? { ...c, usage: { input_tokens: 40, output_tokens: 3, total_tokens: 43 } } : c))),
      context: plain,
      expect: fail('usage lacks integer prompt_tokens, completion_tokens', [{ message: 'usage lacks integer prompt_tokens, completion_tokens', eventIndex: 5, expected: 'prompt_tokens, completion_tokens, total_tokens', actual: '{"input_tokens":40,"output_tokens":3,"total_tokens":43}' }]),
    },
    { name: 'include_usage: false', events: chat(messageChunks().slice(0, -1)), context: { requestBody: { ...notAsked, stream_options: { include_usage: false } } }, expect: skip('the request did not ask for usage') },
    { name: 'usage not asked for', events: chat(messageChunks().slice(0, -1)), context: { requestBody: notAsked }, expect: skip('the request did not ask for usage') },
  ],

  [CheckId.chatDoneMarker]: [
    { name: '[DONE] ends the stream', events: chat(messageChunks()), context: plain, expect: pass('data: [DONE] ends the stream') },
    {
      name: 'no [DONE]', events: chat(messageChunks(), false), context: plain,
      expect: fail('the stream ended (eof) after 6 event(s) without data: [DONE]', [{ message: 'the stream ended (eof) after 6 event(s) without data: [DONE]', expected: 'data: [DONE]', actual: 'absent' }]),
    },
    {
      name: 'a chunk after [DONE]', events: stream(...[...messageChunks().map((c) => JSON.stringify(c)), '[DONE]', JSON.stringify(messageChunks()[1])].map((d) => raw(d))), context: plain,
      expect: fail('1 event(s) after data: [DONE]', [{ message: '1 event(s) after data: [DONE]', eventIndex: 6, expected: 'nothing after [DONE]', actual: '1 event(s)' }]),
    },
  ],

  [CheckId.chatErrorEnvelope]: [
    { name: 'a 400 with error.message', end: answered(400, { error: { message: 'bad JSON', type: 'invalid_request_error', param: null, code: 'invalid_json' } }), context: plain, expect: pass('HTTP 400: bad JSON') },
    {
      name: 'a malformed request streamed with 200', events: chat(messageChunks()), context: plain,
      expect: fail('a malformed chat request got HTTP 200', [{ message: 'a malformed chat request got HTTP 200', expected: '4xx', actual: '200' }]),
    },
    {
      name: 'a 500', end: answered(500, { error: { message: 'boom' } }), context: plain,
      expect: fail('a malformed chat request got HTTP 500', [{ message: 'a malformed chat request got HTTP 500', expected: '4xx', actual: '500' }]),
    },
    {
      name: 'a text body', end: answered(400, 'Bad Request'), context: plain,
      expect: fail('HTTP 400, but the body is not JSON', [{ message: 'HTTP 400, but the body is not JSON', expected: '{"error":{"message": …}}', actual: 'Bad Request' }]),
    },
    {
      name: '{"detail"} instead of error', end: answered(422, { detail: 'invalid body' }), context: plain,
      expect: fail('HTTP 422, but the body has no error.message', [{ message: 'HTTP 422, but the body has no error.message', expected: '{"error":{"message": …}}', actual: '{"detail":"invalid body"}' }]),
    },
    {
      name: 'error.message that is no string', end: answered(400, { error: { message: 42 } }), context: plain,
      expect: fail('HTTP 400, but the body has no error.message', [{ message: 'HTTP 400, but the body has no error.message', expected: '{"error":{"message": …}}', actual: '{"error":{"message":42}}' }]),
    },
    {
      name: 'an empty error.message', end: answered(400, { error: { message: '' } }), context: plain,
      expect: fail('HTTP 400, but the body has no error.message', [{ message: 'HTTP 400, but the body has no error.message', expected: '{"error":{"message": …}}', actual: '{"error":{"message":""}}' }]),
    },
    {
      name: 'an empty 400', end: answered(400, ''), context: plain,
      expect: fail('HTTP 400, but the body is not JSON', [{ message: 'HTTP 400, but the body is not JSON', expected: '{"error":{"message": …}}', actual: 'empty' }]),
    },
    {
      name: 'neither an answer nor an error', end: nothingAtAll, context: plain,
      expect: fail('no answer: the relay did not respond', [{ message: 'no answer: the relay did not respond', expected: '4xx with an error envelope', actual: 'nothing' }]),
    },
    {
      name: 'no answer', end: unanswered(), context: plain,
      expect: fail('no answer: connect ECONNREFUSED 127.0.0.1:8080', [{ message: 'no answer: connect ECONNREFUSED 127.0.0.1:8080', expected: '4xx with an error envelope', actual: 'refused' }]),
    },
  ],

  [CheckId.chatChunkSchema]: [
    { name: 'spec text chunks', events: chat(messageChunks()), context: plain, expect: pass('7 event(s) match the chunk schema') },
    { name: 'spec tool-call chunks', events: chat(toolChunks()), context: toolCase, expect: pass('8 event(s) match the chunk schema') },
    {
      name: 'chunks without finish_reason', events: chat(messageChunks().map((c) => ({ ...c, choices: c.choices.map(({ finish_reason: _f, ...choice }) => choice) }))), context: plain,
      expect: fail('5 schema problem(s) in chunks', [{ message: '/choices/0/finish_reason is required but absent', path: '/choices/0/finish_reason', eventIndex: 0, expected: 'present', actual: 'absent' }, { message: '/choices/0/finish_reason is required but absent', path: '/choices/0/finish_reason', eventIndex: 1, expected: 'present', actual: 'absent' }, { message: '/choices/0/finish_reason is required but absent', path: '/choices/0/finish_reason', eventIndex: 2, expected: 'present', actual: 'absent' }, { message: '/choices/0/finish_reason is required but absent', path: '/choices/0/finish_reason', eventIndex: 3, expected: 'present', actual: 'absent' }, { message: '/choices/0/finish_reason is required but absent', path: '/choices/0/finish_reason', eventIndex: 4, expected: 'present', actual: 'absent' }]),
    },
    { name: '[DONE] with blanks around it', events: stream(...chat(messageChunks(), false).map((e) => raw(e.data)), raw(' [DONE] ')), context: plain, expect: pass('7 event(s) match the chunk schema') },
    {
      name: 'an event that is not JSON', events: stream(raw(': ping'), ...chat(messageChunks()).map((e) => raw(e.data))), context: plain,
      expect: fail('1 schema problem(s) in chunks', [{ message: 'data is not JSON', eventIndex: 0, expected: 'a chat.completion.chunk', actual: ': ping' }]),
    },
    { name: 'no stream to check', end: answered(400, { error: { message: 'bad' } }), context: plain, expect: skip('HTTP 400: no stream to check') },
  ],
};
