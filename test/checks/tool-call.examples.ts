import { CheckId } from '../../harness/checks/ids.ts';
import { type CheckExamples, fail, pass, skip } from '../helpers/check-examples.ts';
import { added, answered, completed, created, customToolCall, failed, functionCall, itemDone, message, stream } from '../helpers/sse-builder.ts';

const asksForFunction = { expectedReply: 'function_call' } as const;
const asksForPatch = { expectedReply: 'custom_tool_call' } as const;
const callStream = (item: Record<string, unknown>) => stream(created(), added(0, item), itemDone(0, item), completed());

export const examples: CheckExamples = {
  [CheckId.toolCallReceived]: [
    { name: 'a function call when one is asked for', context: asksForFunction, events: callStream(functionCall()), expect: pass('1 tool call(s)') },
    { name: 'a custom tool call when one is asked for', context: asksForPatch, events: callStream(customToolCall()), expect: pass('1 tool call(s)') },
    {
      name: 'only a message when exec_command was asked for',
      context: asksForFunction,
      events: stream(created(), added(0, functionCall()), itemDone(0, message('I would run ls')), completed()),
      expect: fail("asked to use exec_command, the turn completed without any tool call: the relay may drop or rewrite Codex's tools", [{ message: 'no tool call in the stream', expected: 'a function_call item', actual: 'none' }]),
    },
    {
      name: 'nothing when apply_patch was asked for',
      context: asksForPatch,
      events: stream(created(), completed()),
      expect: fail("asked to use apply_patch, the turn completed without any tool call: the relay may drop or rewrite Codex's tools", [{ message: 'no tool call in the stream', expected: 'a custom_tool_call item', actual: 'none' }]),
    },
    { name: 'a case that asks for no tool', events: stream(created(), completed()), expect: skip('this case does not ask for a tool') },
    { name: 'a turn that did not complete', context: asksForFunction, events: stream(created(), failed()), expect: skip('no response.completed event') },
  ],

  [CheckId.functionCallArguments]: [
    { name: 'arguments as a JSON string', events: callStream(functionCall()), expect: pass('1 function call(s) with JSON string arguments') },
    {
      name: 'arguments as an object, an array, or missing',
      events: stream(itemDone(0, functionCall({ arguments: { cmd: 'ls' } })), itemDone(1, functionCall({ arguments: ['ls'] })), itemDone(2, functionCall({ name: 'shell', arguments: undefined })), completed()),
      expect: fail('3 function call(s) with unusable arguments', [
        { message: 'arguments of exec_command is a JSON object: Codex drops the call', path: '/item/arguments', eventIndex: 0, expected: 'string containing JSON', actual: '{"cmd":"ls"}' },
        { message: 'arguments of exec_command is a JSON array: Codex drops the call', path: '/item/arguments', eventIndex: 1, expected: 'string containing JSON', actual: '["ls"]' },
        { message: 'arguments of shell is missing: Codex drops the call', path: '/item/arguments', eventIndex: 2, expected: 'string containing JSON', actual: 'absent' },
      ]),
    },
    {
      name: 'arguments that are empty, or not JSON',
      events: stream(itemDone(0, functionCall({ arguments: '' })), itemDone(1, functionCall({ arguments: 'ls -la' })), completed()),
      expect: fail('2 function call(s) with unusable arguments', [
        { message: 'arguments of exec_command is empty in output_item.done (Codex reads arguments only there): Codex does not run the tool', path: '/item/arguments', eventIndex: 0, expected: 'JSON text', actual: '""' },
        { message: 'arguments of exec_command is not JSON: Codex does not run the tool', path: '/item/arguments', eventIndex: 1, expected: 'JSON text', actual: 'ls -la' },
      ]),
    },
    { name: 'calls seen only in output_item.added do not count', events: stream(added(0, functionCall({ arguments: {} })), itemDone(0, customToolCall()), completed()), expect: skip('no function call in this exchange') },
    { name: 'no stream to check', end: answered(500), expect: skip('HTTP 500: no stream to check') },
  ],

  [CheckId.callId]: [
    { name: 'call ids on both kinds of call', events: stream(itemDone(0, functionCall()), itemDone(1, customToolCall()), completed()), expect: pass('2 tool call(s) with call_id') },
    { name: 'an empty call_id is enough for Codex', events: callStream(functionCall({ call_id: '' })), expect: pass('1 tool call(s) with call_id') },
    {
      name: 'a missing and a numeric call_id',
      events: stream(itemDone(0, functionCall({ call_id: undefined })), itemDone(1, customToolCall({ call_id: 7 })), completed()),
      expect: fail('2 tool call(s) without call_id: Codex drops them', [
        { message: 'function_call exec_command has no call_id', path: '/item/call_id', eventIndex: 0, expected: 'string', actual: 'absent' },
        { message: 'custom_tool_call apply_patch has no call_id', path: '/item/call_id', eventIndex: 1, expected: 'string', actual: '7' },
      ]),
    },
    { name: 'no tool call', events: stream(itemDone(0, message('hi')), completed()), expect: skip('no tool call in this exchange') },
    { name: 'no stream to check', end: answered(400), expect: skip('HTTP 400: no stream to check') },
  ],

  [CheckId.customToolCall]: [
    { name: 'apply_patch as a custom_tool_call', context: asksForPatch, events: callStream(customToolCall()), expect: pass('custom_tool_call apply_patch with a string input') },
    {
      name: 'a custom_tool_call without string input',
      context: asksForPatch,
      events: stream(itemDone(0, functionCall({ name: 'apply_patch' })), itemDone(1, customToolCall({ input: { patch: 'x' } })), completed()),
      expect: fail('custom_tool_call has no string input', [{ message: 'input is not a string', path: '/item/input', eventIndex: 1, expected: 'string (the raw patch)', actual: '{"patch":"x"}' }]),
    },
    {
      name: 'a custom_tool_call with no input at all',
      context: asksForPatch,
      events: callStream(customToolCall({ input: undefined })),
      expect: fail('custom_tool_call has no string input', [{ message: 'input is not a string', path: '/item/input', eventIndex: 2, expected: 'string (the raw patch)', actual: 'absent' }]),
    },
    {
      name: 'apply_patch answered as a function_call',
      context: asksForPatch,
      events: stream(itemDone(0, functionCall({ name: 'exec_command' })), itemDone(1, functionCall({ name: 'apply_patch' })), completed()),
      expect: fail('the freeform apply_patch tool came back as a function_call: Codex does not apply the patch', [{ message: 'freeform tool answered as a function', path: '/item/type', eventIndex: 1, expected: 'custom_tool_call', actual: 'function_call' }]),
    },
    { name: 'a call to another tool', context: asksForPatch, events: callStream(functionCall()), expect: skip('no call to apply_patch (see tools.call-received)') },
    { name: 'a case that asks for no freeform tool', context: asksForFunction, events: callStream(functionCall({ name: 'apply_patch' })), expect: skip('this case does not call a freeform tool') },
    { name: 'no stream to check', context: asksForPatch, end: answered(500), expect: skip('HTTP 500: no stream to check') },
  ],
};
