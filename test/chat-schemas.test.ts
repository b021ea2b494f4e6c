// relaycheck's Chat Completions schemas (harness/schemas/chat-completions.schema.json) against
// OpenAI's spec, vendored as test/data/openai-spec/openai-chat-completions.json (README there), and
// on payloads shaped like the API's.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateChatCompletion, validateChatCompletionChunk, validateChatRequest, type SchemaIssue } from '../harness/checks/schema-validation.ts';
import { nonEmpty } from './helpers/non-empty.ts';

type Json = Record<string, any>;
const readJson = (relative: string): Json => JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as Json;
const spec = readJson('./data/openai-spec/openai-chat-completions.json').schemas as Record<string, Json>;
const ours = readJson('../harness/schemas/chat-completions.schema.json').$defs as Record<string, Json>;

const specRequest = spec.CreateChatCompletionRequest!.allOf[1] as Json;
const refName = (node: Json): string => String(node.$ref).split('/').at(-1)!;
const sorted = (values: unknown[] | undefined) => [...(values ?? [])].map(String).sort();
/** The enum of a spec property, through its anyOf branches (a nullable enum is `anyOf: [{enum}, {type: null}]`). */
const specEnum = (node: Json): string[] => sorted([...(node.enum ?? []), ...(node.anyOf ?? []).flatMap((b: Json) => b.enum ?? [])]);
/** Our `required` with a conditional branch's (`then` or `else`) added. */
const withBranch = (def: Json, branch?: 'then' | 'else') => sorted([...(def.required ?? []), ...((branch && def[branch]?.required) ?? [])]);

describe('the schemas require what the spec requires', () => {
  it.each([
    ['usage', ours.usage, undefined, spec.CompletionUsage],
    ['message', ours.message, undefined, spec.ChatCompletionResponseMessage],
    ['completion', ours.completion, undefined, spec.CreateChatCompletionResponse],
    ['completion choice', ours.completion!.properties.choices.items, undefined, spec.CreateChatCompletionResponse!.properties.choices.items],
    ['chunk', ours.chunk, undefined, spec.CreateChatCompletionStreamResponse],
    ['chunk choice', ours.chunk!.properties.choices.items, undefined, spec.CreateChatCompletionStreamResponse!.properties.choices.items],
    ['toolCallChunk', ours.toolCallChunk, undefined, spec.ChatCompletionMessageToolCallChunk],
    ['toolCall (function)', ours.toolCall, 'then', spec.ChatCompletionMessageToolCall, spec.ChatCompletionMessageCustomToolCall],
    ['toolCall (custom)', ours.toolCall, 'else', spec.ChatCompletionMessageCustomToolCall, spec.ChatCompletionMessageToolCall],
    ['request', ours.request, undefined, specRequest],
    ['requestTool (function)', ours.requestTool, 'then', spec.ChatCompletionTool, spec.CustomToolChatCompletions],
    ['requestTool (custom)', ours.requestTool, 'else', spec.CustomToolChatCompletions, spec.ChatCompletionTool],
    ['requestTool function', ours.requestTool!.properties.function, undefined, spec.FunctionObject],
  ] as Array<[string, Json, 'then' | 'else' | undefined, Json, Json?]>)('%s', (_name, def, branch, specSchema, otherVariant) => {
    expect(withBranch(def, branch)).toEqual(sorted(specSchema.required));
    // Every field we declare is one the spec defines (in one of the variants a conditional schema covers).
    const defined = { ...otherVariant?.properties, ...specSchema.properties };
    for (const field of Object.keys(def.properties ?? {})) expect(defined, field).toHaveProperty(field);
  });

  it.each(nonEmpty((spec.ChatCompletionRequestMessage!.oneOf as Json[]).map(refName), 'spec request messages'))('request message %s', (name) => {
    const specMessage = spec[name]!;
    const role = specMessage.properties.role.enum[0] as string;
    const def = ours.requestMessage!;
    const branch = (def.allOf as Json[]).find((b) => [b.if.properties.role.const, ...(b.if.properties.role.enum ?? [])].includes(role));
    expect(sorted([...def.required, ...(branch?.then.required ?? [])]), role).toEqual(sorted(specMessage.required));
  });
});

describe('the enums are the spec’s', () => {
  it('finish_reason, in completions and in chunks', () => {
    expect(sorted(ours.finishReason!.enum)).toEqual(specEnum(spec.CreateChatCompletionResponse!.properties.choices.items.properties.finish_reason));
    expect(sorted(ours.finishReason!.enum)).toEqual(specEnum(spec.CreateChatCompletionStreamResponse!.properties.choices.items.properties.finish_reason));
  });

  it('object kinds, delta roles and tool-call chunk types', () => {
    expect(sorted(ours.completion!.properties.object.enum)).toEqual(specEnum(spec.CreateChatCompletionResponse!.properties.object));
    expect(sorted(ours.chunk!.properties.object.enum)).toEqual(specEnum(spec.CreateChatCompletionStreamResponse!.properties.object));
    expect(sorted(ours.delta!.properties.role.enum)).toEqual(specEnum(spec.ChatCompletionStreamResponseDelta!.properties.role));
    expect(sorted(ours.toolCallChunk!.properties.type.enum)).toEqual(specEnum(spec.ChatCompletionMessageToolCallChunk!.properties.type));
  });

  it('request message roles and tool kinds: every one the spec defines', () => {
    const roles = (spec.ChatCompletionRequestMessage!.oneOf as Json[]).flatMap((m) => spec[refName(m)]!.properties.role.enum as string[]);
    expect(sorted(ours.requestMessage!.properties.role.enum)).toEqual(sorted(roles));
    const tools = (specRequest.properties.tools.items.oneOf as Json[]).flatMap((t) => spec[refName(t)]!.properties.type.enum as string[]);
    expect(sorted(ours.requestTool!.properties.type.enum)).toEqual(sorted(tools));
    const calls = (spec.ChatCompletionMessageToolCalls!.items.oneOf as Json[]).flatMap((t) => spec[refName(t)]!.properties.type.enum as string[]);
    expect(sorted(ours.toolCall!.properties.type.enum)).toEqual(sorted(calls));
  });
});

const pointers = (issues: SchemaIssue[]) => issues.map((i) => i.pointer);
const base = { id: 'chatcmpl-1', created: 1_795_332_661, model: 'gpt-5.5' };
const chunk = (choices: unknown[], extra: Json = {}) => ({ ...base, object: 'chat.completion.chunk', choices, ...extra });
const toolDelta = (call: Json) => chunk([{ index: 0, delta: { tool_calls: [call] }, finish_reason: null }]);

describe('payloads shaped like the API’s', () => {
  it('a chat.completion with a message and one with a tool call pass', () => {
    const message = { role: 'assistant', content: 'hello', refusal: null, annotations: [] };
    const usage = { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15, prompt_tokens_details: { cached_tokens: 0 } };
    expect(validateChatCompletion({ ...base, object: 'chat.completion', choices: [{ index: 0, message, logprobs: null, finish_reason: 'stop' }], usage })).toEqual([]);
    const call = { id: 'call_1', type: 'function', function: { name: 'bash', arguments: '{"command":"ls"}' } };
    const withCall = { ...message, content: null, tool_calls: [call] };
    expect(validateChatCompletion({ ...base, object: 'chat.completion', choices: [{ index: 0, message: withCall, logprobs: null, finish_reason: 'tool_calls' }] })).toEqual([]);
  });

  it('streamed chunks pass: role, content, a tool call opening and continuing, finish, usage with empty choices', () => {
    expect(validateChatCompletionChunk(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]))).toEqual([]);
    expect(validateChatCompletionChunk(toolDelta({ index: 0, id: 'call_1', type: 'function', function: { name: 'bash', arguments: '' } }))).toEqual([]);
    expect(validateChatCompletionChunk(toolDelta({ index: 0, function: { arguments: '{"command":' } }))).toEqual([]);
    expect(validateChatCompletionChunk(chunk([{ index: 0, delta: {}, finish_reason: 'tool_calls' }], { usage: null }))).toEqual([]);
    expect(validateChatCompletionChunk(chunk([], { usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } }))).toEqual([]);
  });

  it('names what is wrong in a chunk', () => {
    expect(pointers(validateChatCompletionChunk(toolDelta({ id: 'call_1', function: { name: 'bash' } })))).toEqual(['/choices/0/delta/tool_calls/0/index']);
    expect(pointers(validateChatCompletionChunk(chunk([{ index: 0, delta: {}, finish_reason: 'done' }])))).toContain('/choices/0/finish_reason');
    expect(pointers(validateChatCompletionChunk(chunk([{ index: 0, delta: { content: 'x' } }])))).toEqual(['/choices/0/finish_reason']);
    expect(pointers(validateChatCompletionChunk({ ...chunk([]), object: 'response' }))).toEqual(['/object']);
    expect(pointers(validateChatCompletionChunk(chunk([], { usage: { input_tokens: 1, output_tokens: 2, total_tokens: 3 } })))).toEqual(
      expect.arrayContaining(['/usage/prompt_tokens', '/usage/completion_tokens']),
    );
  });

  it('a chat.completion without a message, or with tool-call arguments as an object, is reported', () => {
    expect(pointers(validateChatCompletion({ ...base, object: 'chat.completion', choices: [{ index: 0, logprobs: null, finish_reason: 'stop' }] }))).toEqual(['/choices/0/message']);
    const call = { id: 'call_1', type: 'function', function: { name: 'bash', arguments: { command: 'ls' } } };
    const message = { role: 'assistant', content: null, refusal: null, tool_calls: [call] };
    expect(pointers(validateChatCompletion({ ...base, object: 'chat.completion', choices: [{ index: 0, message, logprobs: null, finish_reason: 'tool_calls' }] }))).toEqual([
      '/choices/0/message/tool_calls/0/function/arguments',
    ]);
  });
});

describe('chat requests', () => {
  const bash = { type: 'function', function: { name: 'bash', description: 'Run a command', parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } } };
  const request = (extra: Json = {}) => ({
    model: 'gpt-5.5',
    messages: [
      { role: 'system', content: 'You are a coding agent.' },
      { role: 'user', content: 'list the files' },
      { role: 'assistant', content: '', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'bash', arguments: '{"command":"ls"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'README.md' },
    ],
    tools: [bash],
    stream: true,
    stream_options: { include_usage: true },
    ...extra,
  });

  it('accepts an agent’s request with function tools and a tool-result follow-up', () => {
    expect(validateChatRequest(request())).toEqual([]);
  });

  it('refuses a Responses-style function tool, a tool message without tool_call_id, empty messages and an unknown role', () => {
    expect(pointers(validateChatRequest(request({ tools: [{ type: 'function', name: 'bash', parameters: {} }] })))).toEqual(['/tools/0/function']);
    expect(pointers(validateChatRequest(request({ messages: [{ role: 'tool', content: 'x' }] })))).toEqual(['/messages/0/tool_call_id']);
    expect(pointers(validateChatRequest(request({ messages: [] })))).toEqual(['/messages']);
    expect(pointers(validateChatRequest(request({ messages: [{ role: 'model', content: 'x' }] })))).toEqual(['/messages/0/role']);
    expect(pointers(validateChatRequest({ messages: [{ role: 'user', content: 'hi' }] }))).toEqual(['/model']);
  });
});
