// Checks on a relay's /chat/completions answers, for agents that speak Chat Completions (OpenCode,
// Factory Droid, anything on OpenAI's SDKs). Required where the agent loses function: the answer's
// text, a tool call it can run (index, id, name, JSON arguments), the finish_reason that tells it to
// run the tool, the usage it counts the context with, the end of the stream, a readable error.
// They never decide the Codex verdict (verdict.ts leaves the chat suite out of it).
import { validateChatCompletionChunk } from './schema-validation.ts';
import { ChatStreamReader, DONE_DATA } from '../chat/chat-stream.ts';
import { errorBodySummary } from './http-checks.ts';
import { CheckId, type CheckIdValue } from './ids.ts';
import { type CaseContext, type Check, FailureList, type Outcome, excerpt, isRecord, skipUnlessStreamed } from './check.ts';
import type { ExchangeEnd } from '../exchange/exchange-end.ts';

/** A check that assembles the stream like an agent and judges what it assembled. */
function judgeAssembled(judge: (reader: ChatStreamReader, end: ExchangeEnd, context: CaseContext) => Outcome): Check['observe'] {
  return (context) => {
    const reader = new ChatStreamReader();
    return {
      event: (event) => reader.add(event.data, event.index, event.json),
      end: (end) => skipUnlessStreamed(end) ?? judge(reader, end, context),
    };
  };
}

/** The first failure's words, and how many more there are: what the verdict's reasons show. */
const firstOf = (failures: FailureList, count: number) => `${failures.items[0]?.message ?? 'failed'}${count > 1 ? ` (+${count - 1} more)` : ''}`;

const fail = (message: string, expected: string, actual: unknown, eventIndex?: number): Outcome => ({
  status: 'fail',
  message,
  failures: [{ message, expected, actual: excerpt(actual, 120), ...(eventIndex !== undefined && { eventIndex }) }],
});

export const chatStatusOk: Check = {
  id: CheckId.chatStatusOk,
  severity: 'required',
  title: "The relay accepts the agent's chat request",
  requirement: 'POST {base_url}/chat/completions with the agent\'s messages and function tools is answered with HTTP 200.',
  observe() {
    return {
      end(end) {
        if (!end.head) return { status: 'skip', message: 'no response from the relay' };
        const status = end.head.status;
        if (status === 200) return { status: 'pass', message: 'HTTP 200' };
        return fail(`HTTP ${status} on /chat/completions: ${errorBodySummary(end.bodyText)}`, '200', status);
      },
    };
  },
};

export const chatContentStreamed: Check = {
  id: CheckId.chatContentStreamed,
  severity: 'required',
  title: 'The answer arrives as delta.content in chat.completion.chunk events',
  requirement: 'A streamed answer is a series of `data:` chunks whose choices[0].delta.content pieces make up the text the agent shows.',
  observe: judgeAssembled((reader, end, context) => {
    if (context.expectedReply !== 'message') return { status: 'skip', message: 'the case expects a tool call' };
    if (reader.chunks === 0) return fail(`no JSON chunk in the stream (${end.events} event(s))`, 'chat.completion.chunk events', end.bodyText ?? 'nothing');
    if (reader.content.trim() === '') return fail(`${reader.chunks} chunk(s), but no text in delta.content`, 'assistant text in choices[0].delta.content', reader.content);
    return { status: 'pass', message: `${reader.content.length} character(s) of text in ${reader.chunks} chunk(s)` };
  }),
};

export const chatToolCallDeltas: Check = {
  id: CheckId.chatToolCallDeltas,
  severity: 'required',
  title: 'Tool calls stream as tool_calls deltas the agent can assemble',
  requirement:
    'Each tool_calls delta carries the integer `index` of its call, and the first delta of each call carries its `id` and `function.name`: an agent assembles calls by index and answers each under its id.',
  observe: judgeAssembled((reader, _end, context) => {
    const failures = new FailureList();
    for (const { eventIndex, entry } of reader.unplaced) failures.add({ message: 'a tool_calls delta without an integer index', path: '/choices/0/delta/tool_calls', eventIndex, expected: 'index: 0, 1, …', actual: excerpt(entry, 120) });
    for (const call of reader.toolCalls.values()) {
      if (!call.openedWith.id) failures.add({ message: `tool call ${call.index} opened without an id`, eventIndex: call.eventIndex, expected: 'id in the first delta', actual: call.id ?? 'absent' });
      if (!call.openedWith.name) failures.add({ message: `tool call ${call.index} opened without function.name`, eventIndex: call.eventIndex, expected: 'function.name in the first delta', actual: call.name ?? 'absent' });
      if (call.type !== undefined && call.type !== 'function') failures.add({ message: `tool call ${call.index} has type ${excerpt(call.type, 40)}`, eventIndex: call.eventIndex, expected: 'function', actual: call.type });
    }
    if (failures.count === 0 && reader.toolCalls.size === 0) {
      if (context.expectedReply === 'message') return { status: 'pass', message: 'no tool call streamed, none expected' };
      return fail('the agent asked for a tool call and none arrived', 'a tool_calls delta', reader.content || 'no tool_calls');
    }
    return failures.outcome(`${reader.toolCalls.size} tool call(s) with index, id and name`, (n) => firstOf(failures, n));
  }),
};

export const chatToolCallArguments: Check = {
  id: CheckId.chatToolCallArguments,
  severity: 'required',
  title: "A tool call's arguments are a JSON object once joined",
  requirement: 'The function.arguments pieces of each tool call, joined, are one JSON object (a string of JSON, as the spec has it): the agent parses them to run the tool.',
  observe: judgeAssembled((reader) => {
    if (reader.toolCalls.size === 0) return { status: 'skip', message: 'no tool call to check' };
    const failures = new FailureList();
    for (const call of reader.toolCalls.values()) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(call.arguments);
      } catch {
        failures.add({ message: `tool call ${call.index}: arguments are not JSON`, eventIndex: call.eventIndex, expected: 'a JSON object', actual: excerpt(call.arguments, 120) });
        continue;
      }
      if (!isRecord(parsed)) failures.add({ message: `tool call ${call.index}: arguments are not a JSON object`, eventIndex: call.eventIndex, expected: 'a JSON object', actual: excerpt(call.arguments, 120) });
    }
    return failures.outcome(`${reader.toolCalls.size} tool call(s) with JSON object arguments`, (n) => firstOf(failures, n));
  }),
};

export const chatFinishReason: Check = {
  id: CheckId.chatFinishReason,
  severity: 'required',
  title: 'finish_reason says whether to run the tools',
  requirement: 'The stream ends its choice with finish_reason "tool_calls" when it streamed tool calls and "stop" otherwise: agents run the tools (or end the turn) on it.',
  observe: judgeAssembled((reader) => {
    const expected = reader.sawToolDeltas ? 'tool_calls' : 'stop';
    const got = reader.finishReason;
    if (!got) return fail('no chunk carries a finish_reason', `finish_reason "${expected}"`, 'absent');
    if (got.value !== expected) return fail(`finish_reason is ${excerpt(JSON.stringify(got.value) ?? String(got.value), 40)} after ${reader.sawToolDeltas ? 'tool calls' : 'a text answer'}`, `"${expected}"`, got.value, got.eventIndex);
    return { status: 'pass', message: `finish_reason "${expected}"` };
  }),
};

const TOKEN_COUNTS = ['prompt_tokens', 'completion_tokens', 'total_tokens'] as const;

export const chatUsage: Check = {
  id: CheckId.chatUsage,
  severity: 'required',
  title: 'Usage arrives when stream_options.include_usage asks for it',
  requirement: 'With stream_options: {"include_usage": true}, a chunk before [DONE] carries usage with integer prompt_tokens, completion_tokens and total_tokens: agents track the context window and cost with it.',
  observe: judgeAssembled((reader, _end, context) => {
    const options = context.requestBody.stream_options;
    if (!isRecord(options) || options.include_usage !== true) return { status: 'skip', message: 'the request did not ask for usage' };
    if (!reader.usage) return fail('the request asked for usage (include_usage) and no chunk carries it', 'a usage chunk before [DONE]', 'absent');
    const usage = reader.usage.value;
    const missing = TOKEN_COUNTS.filter((field) => !isRecord(usage) || !Number.isInteger(usage[field]));
    if (missing.length > 0) return fail(`usage lacks integer ${missing.join(', ')}`, TOKEN_COUNTS.join(', '), usage, reader.usage.eventIndex);
    return { status: 'pass', message: `usage: ${TOKEN_COUNTS.map((f) => `${f} ${String((usage as Record<string, unknown>)[f])}`).join(', ')}` };
  }),
};

export const chatDoneMarker: Check = {
  id: CheckId.chatDoneMarker,
  severity: 'required',
  title: 'The stream ends with data: [DONE]',
  requirement: 'The last event of a streamed answer is `data: [DONE]`, as OpenAI sends it: clients on OpenAI\'s SDKs and many agents read until it, and take a stream without it for a cut one.',
  observe: judgeAssembled((reader, end) => {
    if (reader.doneAt === undefined) return fail(`the stream ended (${end.ending}) after ${end.events} event(s) without data: [DONE]`, 'data: [DONE]', 'absent');
    if (reader.eventsAfterDone > 0) return fail(`${reader.eventsAfterDone} event(s) after data: [DONE]`, 'nothing after [DONE]', `${reader.eventsAfterDone} event(s)`, reader.doneAt);
    return { status: 'pass', message: 'data: [DONE] ends the stream' };
  }),
};

export const chatErrorEnvelope: Check = {
  id: CheckId.chatErrorEnvelope,
  severity: 'required',
  title: 'A refused chat request gets a 4xx with error.message',
  requirement: 'A chat request the relay cannot accept is answered with a 4xx and a JSON body {"error": {"message": …}}: the agent shows that message, and nothing useful without it.',
  observe() {
    return {
      end(end) {
        if (!end.head) return fail(`no answer: ${end.error?.message ?? 'the relay did not respond'}`, '4xx with an error envelope', end.error?.kind ?? 'nothing');
        const status = end.head.status;
        if (status < 400 || status >= 500) return fail(`a malformed chat request got HTTP ${status}`, '4xx', status);
        let body: unknown;
        try {
          body = JSON.parse(end.bodyText ?? '');
        } catch {
          return fail(`HTTP ${status}, but the body is not JSON`, '{"error":{"message": …}}', end.bodyText || 'empty');
        }
        if (!isRecord(body) || !isRecord(body.error) || typeof body.error.message !== 'string' || body.error.message === '') {
          return fail(`HTTP ${status}, but the body has no error.message`, '{"error":{"message": …}}', body);
        }
        return { status: 'pass', message: `HTTP ${status}: ${excerpt(body.error.message, 120)}` };
      },
    };
  },
};

export const chatChunkSchema: Check = {
  id: CheckId.chatChunkSchema,
  severity: 'recommended',
  title: 'Every chunk matches chat.completion.chunk',
  requirement: 'Each event but the final [DONE] is a chat.completion.chunk with the fields and types OpenAI\'s spec gives it.',
  observe() {
    const failures = new FailureList();
    return {
      event(event) {
        if (event.data.trim() === DONE_DATA) return;
        if (event.json === undefined) {
          failures.add({ message: 'data is not JSON', eventIndex: event.index, expected: 'a chat.completion.chunk', actual: excerpt(event.data, 120) });
          return;
        }
        for (const issue of validateChatCompletionChunk(event.json)) failures.add({ message: issue.message, path: issue.pointer, expected: issue.expected, actual: issue.received, eventIndex: event.index });
      },
      end: (end) => skipUnlessStreamed(end) ?? failures.outcome(`${end.events} event(s) match the chunk schema`, (n) => `${n} schema problem(s) in chunks`),
    };
  },
};

export const chatChecks: Check[] = [chatStatusOk, chatContentStreamed, chatToolCallDeltas, chatToolCallArguments, chatFinishReason, chatUsage, chatDoneMarker, chatErrorEnvelope, chatChunkSchema];

/** The checks every streamed chat case runs. */
export const CHAT_STREAM_CHECK_IDS: CheckIdValue[] = [chatStatusOk, chatContentStreamed, chatToolCallDeltas, chatToolCallArguments, chatFinishReason, chatUsage, chatDoneMarker, chatChunkSchema].map((check) => check.id);
