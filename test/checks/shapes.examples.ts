import { CheckId } from '../../harness/checks/ids.ts';
import { type CheckExamples, fail, pass } from '../helpers/check-examples.ts';
import { added, answered, completed, created, failed, itemDone, message, stream, unanswered } from '../helpers/sse-builder.ts';

type Json = Record<string, unknown>;

/** A completed turn whose output items are streamed one by one (output_item.added, then .done). */
const turn = (...items: Json[]) => stream(created(), ...items.flatMap((item, i) => [added(i, item), itemDone(i, item)]), completed());
const userText = (text: string): Json => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] });
const serviceTier = { requestBody: { service_tier: 'priority', input: [userText('say hello')] } };
const withImage = { requestBody: { input: [{ type: 'message', role: 'user', content: [{ type: 'input_image', image_url: 'data:image/png;base64,AA==' }, { type: 'input_text', text: 'say hello' }] }] } };
const lite = { requestBody: { input: [{ type: 'additional_tools', role: 'developer', tools: [{ type: 'namespace', name: 'functions', tools: [] }] }, userText('Run `echo hi`')] } };
const execCall: Json = { id: 'ctc_1', type: 'custom_tool_call', call_id: 'call_1', name: 'exec', input: 'text("hi")' };
const reasoningItem: Json = { id: 'rs_1', type: 'reasoning', summary: [] };
const TIER = 'the request carries service_tier "priority"';
const LITE = 'the request carries its tools in an additional_tools input item (Responses Lite), no `tools`';

export const examples: CheckExamples = {
  [CheckId.shapeAccepted]: [
    { name: 'answered', events: turn(message('hello')), context: serviceTier, expect: pass('answered (message)') },
    {
      name: 'service_tier refused by a strict gateway',
      end: answered(400, { error: { message: 'Unsupported parameter: service_tier' } }),
      context: serviceTier,
      expect: fail(`${TIER}: the relay refused it (HTTP 400: {"error":{"message":"Unsupported parameter: service_tier"}}); Codex retries, then fails the turn`, [
        { message: 'HTTP 400: {"error":{"message":"Unsupported parameter: service_tier"}}', expected: 'HTTP 200 stream', actual: 400 },
      ]),
    },
    {
      name: 'an image refused',
      end: answered(400, { error: { message: 'no images' } }),
      context: withImage,
      expect: fail('the request carries an input_image in a user message: the relay refused it (HTTP 400: {"error":{"message":"no images"}}); Codex retries, then fails the turn', [
        { message: 'HTTP 400: {"error":{"message":"no images"}}', expected: 'HTTP 200 stream', actual: 400 },
      ]),
    },
    { name: 'the turn failed', events: stream(created(), failed()), context: serviceTier, expect: fail(`${TIER}: the stream ended with response.failed, not response.completed`, [{ message: 'response.failed', expected: 'response.completed', actual: 'response.failed' }]) },
    { name: 'answered with no output items', events: turn(), context: serviceTier, expect: pass('answered (no items)') },
    { name: 'answered with two items', events: turn(reasoningItem, message('hello')), context: serviceTier, expect: pass('answered (reasoning, message)') },
    {
      name: 'a request carrying two shapes: both are named',
      end: answered(400, { error: { message: 'no' } }),
      context: { requestBody: { ...serviceTier.requestBody, input: withImage.requestBody.input } },
      expect: fail(`${TIER} and an input_image in a user message: the relay refused it (HTTP 400: {"error":{"message":"no"}}); Codex retries, then fails the turn`, [{ message: 'HTTP 400: {"error":{"message":"no"}}', expected: 'HTTP 200 stream', actual: 400 }]),
    },
    {
      name: 'a refused request carrying no shape: nothing to blame',
      end: answered(400, { error: { message: 'no' } }),
      context: { requestBody: { input: [userText('say hello')] } },
      expect: fail('the relay refused it (HTTP 400: {"error":{"message":"no"}}); Codex retries, then fails the turn', [{ message: 'HTTP 400: {"error":{"message":"no"}}', expected: 'HTTP 200 stream', actual: 400 }]),
    },
  ],
  [CheckId.liteToolsKept]: [
    { name: 'the answer calls exec', events: turn(execCall), context: lite, expect: pass('the answer calls exec') },
    {
      name: 'the tools were dropped: a text answer',
      events: turn(message('You said: Run `echo hi`')),
      context: lite,
      expect: fail('asked to run a command, the answer calls no tool (output items: message): the relay lost the tools Codex sent in the additional_tools input item', [{ message: 'no tool call', expected: 'a function_call or custom_tool_call', actual: 'message' }]),
    },
    { name: 'the answer calls a function tool', events: turn({ id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'exec_command', arguments: '{}' }), context: lite, expect: pass('the answer calls exec_command') },
    { name: 'a tool call without a name', events: turn({ id: 'ctc_1', type: 'custom_tool_call', call_id: 'call_1', input: '' }), context: lite, expect: pass('the answer calls a tool') },
    {
      name: 'no output items at all',
      events: turn(),
      context: lite,
      expect: fail('asked to run a command, the answer calls no tool (output items: none): the relay lost the tools Codex sent in the additional_tools input item', [{ message: 'no tool call', expected: 'a function_call or custom_tool_call', actual: 'none' }]),
    },
    {
      name: 'reasoning and a message, no call',
      events: turn(reasoningItem, message('no')),
      context: lite,
      expect: fail('asked to run a command, the answer calls no tool (output items: reasoning, message): the relay lost the tools Codex sent in the additional_tools input item', [{ message: 'no tool call', expected: 'a function_call or custom_tool_call', actual: 'reasoning, message' }]),
    },
    { name: 'no answer', end: unanswered(), context: lite, expect: fail(`${LITE}: no answer: connect ECONNREFUSED 127.0.0.1:8080`, [{ message: 'no answer', expected: 'HTTP 200 stream', actual: 'refused' }]) },
  ],
};
