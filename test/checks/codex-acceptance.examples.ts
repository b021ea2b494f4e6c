import { CheckId } from '../../harness/checks/ids.ts';
import type { Failure } from '../../harness/report/model.ts';
import { type CheckExamples, fail, pass, skip } from '../helpers/check-examples.ts';
import { added, answered, completed, created, customToolCall, ev, failed, functionCall, incomplete, issue, itemDone, message, raw, referenceStream, seq, stream, streamed, textDelta } from '../helpers/sse-builder.ts';

const STALLED = 'stream disconnected before completion: stream closed before response.completed';
/** A sse.terminal-event failure: Codex's words follow the reason. */
const noTerminal = (why: string, actual: string, codexSays = STALLED) => fail(`${why}; Codex fails with "${codexSays}"`, [{ message: why, expected: 'response.completed', actual }]);
const started = stream(created(), textDelta(0, 'hel'));

const usage = (fields: Record<string, unknown> = {}) => ({ input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: 2, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 12, ...fields });
const withUsage = (value: unknown) => stream(created(), completed({ usage: value }));
const usageFailure = (message: string, failures: Failure[]) =>
  fail(`usage does not parse for Codex: ${message}`, failures.map((f) => ({ ...f, eventIndex: 1 })));
/** A response.completed whose data text is written by hand, as a relay that emits `12.0` would. */
const completedText = (usageJson: string) => raw(`{"type":"response.completed","response":{"id":"resp_1","usage":${usageJson}}}`);

/** response.failed with `code`, and what Codex 0.169.0 shows for it (docs/codex-ground-truth.md). */
const failedWith = (code: string | undefined, reaction: string) => ({
  name: `response.failed with ${code ?? 'no code'}`,
  events: stream(created(), failed({ code, message: 'it broke' })),
  expect: fail(`response.failed (${code === undefined ? 'no code' : `"${code}"`}): "it broke"; Codex ${reaction}`, [
    { message: 'the relay failed the turn', path: '/response/error', eventIndex: 1, expected: 'response.completed', actual: JSON.stringify(code === undefined ? { message: 'it broke' } : { code, message: 'it broke' }) },
  ]),
});

/** An output_item.done carrying `item` (of any shape), and the problems Codex has with it. */
const itemProblem = (item: unknown, failures: Failure[]) => ({
  events: stream(ev('response.output_item.done', { output_index: 0, item }), completed()),
  expect: fail(`${failures.length} output item problem(s): Codex drops those items`, failures.map((f) => ({ ...f, eventIndex: 0 }))),
});

export const examples: CheckExamples = {
  [CheckId.terminalEvent]: [
    { name: 'response.completed', events: stream(created(), completed()), expect: pass('response.completed at event 1') },
    { name: 'response.failed and response.incomplete count too', events: stream(created(), incomplete()), expect: pass('response.incomplete at event 1') },
    { name: 'a completed without response is skipped, the next one read', events: stream(ev('response.completed'), completed()), expect: pass('response.completed at event 1') },
    {
      name: 'a completed without response only',
      events: stream(created(), ev('response.completed')),
      expect: noTerminal('response.completed at event 1 carries no response object, so Codex skips it and reads on to the end of the stream', '2 events, none terminal'),
    },
    { name: 'a stream that stalled', events: started, end: streamed(started, { ending: 'idle' }), expect: skip('the stream stalled first (see stream.idle-gap)') },
    { name: 'a stream open at the deadline', events: started, end: streamed(started, { ending: 'deadline' }), expect: skip('the stream was still open at the deadline') },
    { name: 'a connection that broke', events: started, end: streamed(started, { ending: 'transport-error' }), expect: skip('the connection broke first') },
    {
      name: "a stream over relaycheck's byte bound",
      events: started,
      end: streamed(started, { ending: 'byte-limit', error: { kind: 'too-large', message: 'over 64 MiB' } }),
      expect: noTerminal("no terminal event before relaycheck's byte bound (over 64 MiB)", '2 events, none terminal'),
    },
    { name: "a line over relaycheck's bound", events: started, end: streamed(started, { ending: 'line-too-long' }), expect: noTerminal("no terminal event before relaycheck's line-length bound (reading stopped)", '2 events, none terminal') },
    {
      name: 'bytes that are not UTF-8',
      events: started,
      end: streamed(started, { framing: [issue('bom', 0, 'x'), issue('invalid-utf8', 2, 'byte 0xff')] }),
      expect: noTerminal('the stream has bytes that are not valid UTF-8, and Codex reads nothing after the first one', '2 events, none terminal', 'stream disconnected before completion: UTF8 error'),
    },
    { name: 'a byte order mark', end: streamed([], { framing: [issue('bom', 0, 'UTF-8 BOM')] }), expect: noTerminal('the stream starts with a UTF-8 byte order mark, and Codex then reads none of its events', 'no events') },
    {
      name: 'an error event instead of response.failed',
      events: stream(created(), seq(false, ev('error', { code: 'overloaded', message: 'try later' }))),
      expect: noTerminal('the stream carried an error event ({"type":"error","code":"overloaded","message":"try later"}) and no response.failed: Codex ignores error events, so the real error never shows', '2 events, none terminal'),
    },
    {
      name: 'a completed without its blank line',
      events: started,
      end: streamed(started, { framing: [issue('unterminated-event', 2, 'EOF inside an event', 'data: {"type":"response.completed"')] }),
      expect: noTerminal('the response.completed event was not followed by a blank line, so Codex never dispatches it', '2 events, none terminal'),
    },
    {
      name: 'a lost event that was not the terminal',
      events: started,
      end: streamed(started, { framing: [issue('unterminated-event', 2, 'EOF inside an event', 'data: {"type":"response.output_text.delta"')] }),
      expect: noTerminal('the stream ended after 2 event(s) without response.completed', '2 events, none terminal'),
    },
    {
      name: 'a completed and another document in one event',
      events: stream(created(), raw('{"type":"response.completed","response":{}}\n{"type":"done"}', 2)),
      expect: noTerminal("the response.completed event's data is not one JSON document (2 data: lines), so Codex skips it", '2 events, none terminal'),
    },
    {
      name: 'a JSON answer to a stream request',
      end: streamed([], { bodyText: '{"id":"resp_1","object":"response","output":[]}' }),
      expect: noTerminal('the relay answered with a body that is not an SSE stream (starts with {"id":"resp_1","object":"response","output":[]}): stream:true was ignored', 'no events'),
    },
    { name: 'a stream that just ends', events: started, expect: noTerminal('the stream ended after 2 event(s) without response.completed', '2 events, none terminal') },
    { name: 'no stream to check', end: answered(500), expect: skip('HTTP 500: no stream to check') },
  ],

  [CheckId.completedResponseId]: [
    { name: 'a string id', events: stream(created(), completed()), expect: pass('response.id = resp_1') },
    { name: 'an empty id completes the turn', events: stream(completed({ id: '' })), expect: pass('response.id = ""') },
    {
      name: 'a numeric id',
      events: stream(created(), completed({ id: 42 })),
      expect: fail('response.completed has no string response.id; Codex cannot read the completion', [{ message: 'response.id is missing or not a string', path: '/response/id', eventIndex: 1, expected: 'string', actual: '42' }]),
    },
    {
      name: 'no id',
      events: stream(completed({ id: undefined })),
      expect: fail('response.completed has no string response.id; Codex cannot read the completion', [{ message: 'response.id is missing or not a string', path: '/response/id', eventIndex: 0, expected: 'string', actual: 'absent' }]),
    },
    { name: 'a failed turn', events: stream(failed()), expect: skip('no response.completed event') },
    { name: 'a completed without response', events: stream(ev('response.completed', { response: 'x' })), expect: skip('response.completed has no response object: Codex skips the event (see sse.terminal-event)') },
  ],

  [CheckId.usageParsable]: [
    { name: 'no usage', events: withUsage(null), expect: pass('usage absent (Codex accepts that)') },
    { name: 'usage left out', events: withUsage(undefined), expect: pass('usage absent (Codex accepts that)') },
    { name: 'complete usage', events: withUsage(usage()), expect: pass('usage has integer counts') },
    { name: 'details may be null', events: withUsage(usage({ input_tokens_details: null, output_tokens_details: null })), expect: pass('usage has integer counts') },
    // JSON.parse reads the escaped key as input_tokens; the check's look at the raw text finds no literal to judge.
    { name: 'a key written with a \\u escape', events: stream(created(), completedText('{"input_tok\\u0065ns":5,"output_tokens":0,"total_tokens":5}')), expect: pass('usage has integer counts') },
    { name: 'a negative integer still parses', events: stream(created(), completedText('{"input_tokens":-1,"output_tokens":0,"total_tokens":-1}')), expect: pass('usage has integer counts') },
    { name: 'usage that is not an object', events: withUsage(5), expect: usageFailure('usage is not an object', [{ message: 'usage is not an object', path: '/response/usage', expected: 'object or null', actual: '5' }]) },
    {
      name: 'a missing total and a fractional one',
      events: withUsage(usage({ input_tokens: undefined, total_tokens: 12.5 })),
      expect: usageFailure('input_tokens is missing', [
        { message: 'input_tokens is missing', path: '/response/usage/input_tokens', expected: 'integer', actual: 'absent' },
        { message: 'total_tokens is not an integer', path: '/response/usage/total_tokens', expected: 'integer', actual: '12.5' },
      ]),
    },
    {
      name: 'counts as strings',
      events: withUsage(usage({ output_tokens: '2' })),
      expect: usageFailure('output_tokens is not an integer', [{ message: 'output_tokens is not an integer', path: '/response/usage/output_tokens', expected: 'integer', actual: '2' }]),
    },
    {
      name: 'details that are not objects, or lack their count',
      events: withUsage(usage({ input_tokens_details: 0, output_tokens_details: { reasoning_tokens: 1.5 } })),
      expect: usageFailure('input_tokens_details is not an object', [
        { message: 'input_tokens_details is not an object', path: '/response/usage/input_tokens_details', expected: 'object or null', actual: '0' },
        { message: 'reasoning_tokens is not an integer', path: '/response/usage/output_tokens_details/reasoning_tokens', expected: 'integer', actual: '1.5' },
      ]),
    },
    {
      name: 'details without their count',
      events: withUsage(usage({ input_tokens_details: {} })),
      expect: usageFailure('cached_tokens is missing', [{ message: 'cached_tokens is missing', path: '/response/usage/input_tokens_details/cached_tokens', expected: 'integer', actual: 'absent' }]),
    },
    {
      name: 'integers written as 12.0 and 1e1, which JSON.parse hides',
      events: stream(created(), completedText('{"input_tokens":10,"output_tokens":2.0,"total_tokens": 1e1}')),
      expect: usageFailure('output_tokens is written as 2.0, which Codex does not read as an integer', [
        { message: 'output_tokens is written as 2.0, which Codex does not read as an integer', path: '/response/usage/output_tokens', expected: 'integer literal', actual: '2.0' },
        { message: 'total_tokens is written as 1e1, which Codex does not read as an integer', path: '/response/usage/total_tokens', expected: 'integer literal', actual: '1e1' },
      ]),
    },
    { name: 'a failed turn', events: stream(failed()), expect: skip('no response.completed event') },
    { name: 'a completed without response', events: stream(ev('response.completed')), expect: skip('response.completed has no response object') },
  ],

  [CheckId.outputViaItemDone]: [
    { name: 'a message in output_item.done', events: referenceStream({ type: 'message', text: 'hi' }), expect: pass('1 item(s) in output_item.done') },
    {
      name: 'output only in response.completed',
      events: stream(created(), textDelta(0, 'hi'), completed({ output: [message('hi'), message('there')] })),
      expect: fail('the 2 output item(s) appear only in response.completed.output; Codex completes the turn but shows nothing', [{ message: 'the 2 output item(s) appear only in response.completed.output', expected: 'at least one response.output_item.done', actual: 'none' }]),
    },
    {
      name: 'text only as deltas',
      events: stream(created(), added(0), textDelta(0, 'hel'), textDelta(0, 'lo'), textDelta(0, 'x', { delta: 5 }), ev('response.output_item.done', { item: 'x' }), completed()),
      expect: fail('the answer (5 characters) arrived only as response.output_text.delta; Codex completes the turn but shows nothing', [
        { message: 'the answer (5 characters) arrived only as response.output_text.delta', expected: 'at least one response.output_item.done', actual: 'none' },
      ]),
    },
    {
      name: 'nothing at all',
      events: stream(created(), ev('response.refusal.delta', { delta: 'no' }), completed({ output: 'none' })),
      expect: fail('the stream carried no output item at all; Codex completes the turn but shows nothing', [{ message: 'the stream carried no output item at all', expected: 'at least one response.output_item.done', actual: 'none' }]),
    },
    { name: 'a failed turn', events: stream(failed()), expect: skip('no response.completed event') },
  ],

  [CheckId.itemsParsable]: [
    {
      name: 'a message, both tool calls and an item type Codex ignores',
      events: stream(itemDone(0, message('hi')), itemDone(1, functionCall()), itemDone(2, customToolCall()), itemDone(3, { type: 'web_search_call' }), completed()),
      expect: pass('all output items parse (1 message(s) with text)'),
    },
    {
      name: 'input parts and images are readable, and an empty message shows no text',
      events: stream(itemDone(0, { type: 'message', role: 'assistant', content: [{ type: 'input_text', text: 'x' }, { type: 'input_image' }] }), itemDone(1, message('')), completed()),
      expect: pass('all output items parse (0 message(s) with text)'),
    },
    { name: 'an item that is not an object', ...itemProblem('x', [{ message: 'item is not an object', path: '/item', actual: 'x' }]) },
    {
      name: 'a message without role, with content that is not an array',
      ...itemProblem({ type: 'message', content: 'hi' }, [
        { message: 'message item has no string role', path: '/item/role', expected: 'string', actual: 'absent' },
        { message: 'message content is not an array', path: '/item/content', expected: 'array', actual: 'hi' },
      ]),
    },
    { name: 'a message without content', ...itemProblem({ type: 'message', role: 'assistant' }, [{ message: 'message content is not an array', path: '/item/content', expected: 'array', actual: 'absent' }]) },
    {
      name: 'parts without text, and of a type Codex cannot read',
      ...itemProblem({ type: 'message', role: 7, content: [{ type: 'output_text', text: 5 }, { type: 'input_text' }, { type: 'refusal', refusal: 'no' }, 'x'] }, [
        { message: 'message item has no string role', path: '/item/role', expected: 'string', actual: '7' },
        { message: 'content part 0 has no string text', path: '/item/content/0/text', expected: 'string', actual: '5' },
        { message: 'content part 1 has no string text', path: '/item/content/1/text', expected: 'string', actual: 'absent' },
        { message: 'content part 2 has type refusal, which Codex cannot read: the whole message is dropped', path: '/item/content/2/type', expected: 'output_text', actual: 'refusal' },
        { message: 'content part 3 has type absent, which Codex cannot read: the whole message is dropped', path: '/item/content/3/type', expected: 'output_text', actual: 'absent' },
      ]),
    },
    { name: 'a function call without name', ...itemProblem(functionCall({ name: undefined }), [{ message: 'function_call item has no string name', path: '/item/name', expected: 'string', actual: 'absent' }]) },
    {
      name: 'a custom tool call without name or input',
      ...itemProblem(customToolCall({ name: 1, input: undefined }), [
        { message: 'custom_tool_call item has no string name', path: '/item/name', expected: 'string', actual: '1' },
        { message: 'custom_tool_call item has no string input', path: '/item/input', expected: 'string', actual: 'absent' },
      ]),
    },
    { name: 'items in output_item.added are not judged', events: stream(added(0, { type: 'message' }), raw('[DONE]'), completed()), expect: pass('all output items parse (0 message(s) with text)') },
    { name: 'no stream to check', end: answered(500), expect: skip('HTTP 500: no stream to check') },
  ],

  [CheckId.notFailed]: [
    { name: 'a completed turn', events: stream(created(), completed()), expect: pass('response.completed') },
    { name: 'a stream without terminal event', events: stream(created()), expect: pass('no failure event') },
    failedWith('context_length_exceeded', "stops: Codex ran out of room in the model's context window"),
    failedWith('insufficient_quota', 'stops: Quota exceeded'),
    failedWith('usage_not_included', 'stops: it broke'),
    failedWith('invalid_prompt', 'stops: it broke'),
    failedWith('server_is_overloaded', 'stops: it broke'),
    failedWith('rate_limit_exceeded', 'retries: retried, then "rate limit exceeded: it broke"'),
    failedWith('slow_down', 'retries: retried, then "rate limit exceeded: it broke"'),
    failedWith('server_error', 'retries: retried (stream_max_retries), then "stream disconnected before completion: it broke"'),
    failedWith(undefined, 'retries: retried (stream_max_retries), then "stream disconnected before completion: it broke"'),
    {
      name: 'response.failed without an error object',
      events: stream(failed(null)),
      expect: fail('response.failed (no code): no message; Codex retries: retried (stream_max_retries), then "stream disconnected before completion: unknown error"', [
        { message: 'the relay failed the turn', path: '/response/error', eventIndex: 0, expected: 'response.completed', actual: 'no error object' },
      ]),
    },
    {
      name: 'a code Codex stops at, without a message',
      events: stream(failed({ code: 'usage_not_included' })),
      expect: fail('response.failed ("usage_not_included"): no message; Codex stops: usage_not_included', [{ message: 'the relay failed the turn', path: '/response/error', eventIndex: 0, expected: 'response.completed', actual: '{"code":"usage_not_included"}' }]),
    },
    {
      name: 'a rate limit without a message',
      events: stream(failed({ code: 'slow_down', message: 3 })),
      expect: fail('response.failed ("slow_down"): no message; Codex retries: retried, then "rate limit exceeded: slow_down"', [{ message: 'the relay failed the turn', path: '/response/error', eventIndex: 0, expected: 'response.completed', actual: '{"code":"slow_down","message":3}' }]),
    },
    {
      name: 'response.incomplete',
      events: stream(created(), incomplete('max_output_tokens')),
      expect: fail('response.incomplete (max_output_tokens); Codex fails with "Incomplete response returned, reason: max_output_tokens"', [
        { message: 'the relay ended the turn incomplete', path: '/response/incomplete_details', eventIndex: 1, expected: 'response.completed', actual: '{"reason":"max_output_tokens"}' },
      ]),
    },
    {
      name: 'response.incomplete without details',
      events: stream(ev('response.incomplete', { response: { id: 'resp_1' } })),
      expect: fail('response.incomplete (unknown); Codex fails with "Incomplete response returned, reason: unknown"', [
        { message: 'the relay ended the turn incomplete', path: '/response/incomplete_details', eventIndex: 0, expected: 'response.completed', actual: 'absent' },
      ]),
    },
    { name: 'no stream to check', end: answered(500), expect: skip('HTTP 500: no stream to check') },
  ],

  [CheckId.failedCloses]: [
    { name: 'closed soon after response.failed', events: stream(created(), failed()), expect: pass('closed 3 ms after response.failed') },
    { name: 'closed with no time measured', events: stream(failed()), end: streamed(stream(failed()), { closedAfterFailedMs: undefined }), expect: pass('closed 0 ms after response.failed') },
    {
      name: 'left open after response.failed',
      events: stream(created(), failed()),
      end: streamed(stream(created(), failed()), { closedAfterFailedMs: null }),
      context: { failedCloseGraceMs: 1500 },
      expect: fail('the relay kept the stream open more than 1500 ms after response.failed; Codex shows "idle timeout waiting for SSE" after stream_idle_timeout_ms instead of the error', [
        { message: 'stream still open after response.failed', eventIndex: 1, expected: 'EOF within 1500 ms', actual: 'still open' },
      ]),
    },
    {
      name: 'left open after a failure Codex stops at',
      end: streamed(stream(failed({ code: 'context_length_exceeded', message: 'too long' })), { closedAfterFailedMs: null }),
      expect: skip('Codex stops reading at response.failed with code context_length_exceeded'),
    },
    {
      name: 'left open after a failure without an error object',
      end: streamed(stream(failed(null)), { closedAfterFailedMs: null }),
      expect: fail('the relay kept the stream open more than 2000 ms after response.failed; Codex shows "idle timeout waiting for SSE" after stream_idle_timeout_ms instead of the error', [
        { message: 'stream still open after response.failed', eventIndex: 0, expected: 'EOF within 2000 ms', actual: 'still open' },
      ]),
    },
    { name: 'a completed turn', events: stream(completed()), expect: skip('no response.failed event') },
  ],

  [CheckId.idleGap]: [
    { name: 'events every 10 ms', events: stream(created(), completed()), expect: pass('longest gap 10 ms') },
    { name: 'a gap just under the timeout', end: streamed(stream(created(), completed()), { maxGapMs: 999 }), context: { idleTimeoutMs: 1000 }, expect: pass('longest gap 999 ms') },
    {
      name: 'a gap as long as the timeout',
      end: streamed(stream(created(), completed()), { maxGapMs: 1000 }),
      context: { idleTimeoutMs: 1000 },
      expect: fail('no event for 1000 ms; Codex gives up after 1000 ms with "idle timeout waiting for SSE"', [{ message: 'stream stalled', expected: 'gaps < 1000 ms', actual: '1000 ms' }]),
    },
    {
      name: 'a stall kept alive by comments only',
      end: streamed(stream(created()), { ending: 'idle', maxGapMs: 20, comments: 3 }),
      context: { idleTimeoutMs: 1000 },
      expect: fail("no event for 20 ms (3 comment keep-alive(s) do not reset Codex's timer); Codex gives up after 1000 ms with \"idle timeout waiting for SSE\"", [{ message: 'stream stalled', expected: 'gaps < 1000 ms', actual: '20 ms' }]),
    },
    {
      name: 'a stall on WebSocket frames: Codex names the socket, not SSE',
      end: streamed(stream(created()), { ending: 'idle', maxGapMs: 1000, head: { status: 101, headers: { upgrade: 'websocket' }, headersMs: 5, url: 'ws://127.0.0.1:8080/v1/responses' } }),
      context: { idleTimeoutMs: 1000 },
      expect: fail('no event for 1000 ms; Codex gives up after 1000 ms with "idle timeout waiting for websocket"', [{ message: 'stream stalled', expected: 'gaps < 1000 ms', actual: '1000 ms' }]),
    },
    { name: 'no stream to check', end: answered(500), expect: skip('HTTP 500: no stream to check') },
  ],
};
