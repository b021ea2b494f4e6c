// Required checks on tool calls: Codex runs a tool only when the call item parses, and it answers a
// freeform tool only through custom_tool_call.
import { CheckId } from './ids.ts';
import { type Check, type Outcome, FailureList, excerpt, isRecord, skipUnlessStreamed } from './check.ts';

type Item = Record<string, unknown>;

/** The one event type judgeItems reads. */
const ITEM_DONE = ['response.output_item.done'];

/**
 * Calls `judge` for each output_item.done item of the given types as it arrives, and counts them.
 * Nothing of an item is kept: a relay's items may be megabytes each, and a check needs only its verdict.
 */
function judgeItems(types: string[], judge: (item: Item, eventIndex: number) => void) {
  const seen = { count: 0 };
  return {
    seen,
    event(event: { type?: string; json?: unknown; index: number }) {
      if (event.type !== 'response.output_item.done' || !isRecord(event.json)) return;
      const item = event.json.item;
      if (!isRecord(item) || !types.includes(String(item.type))) return;
      seen.count++;
      judge(item, event.index);
    },
  };
}

export const functionCallArguments: Check = {
  id: CheckId.functionCallArguments,
  severity: 'required',
  title: 'Function-call arguments are a JSON string',
  requirement:
    'A function_call item must carry `arguments` as a string holding JSON; Codex drops a call whose arguments are an object, and a tool given non-JSON arguments cannot run.',
  observes: ITEM_DONE,
  observe() {
    const failures = new FailureList();
    const calls = judgeItems(['function_call'], (item, eventIndex) => {
      const args = item.arguments;
      if (typeof args !== 'string') {
        failures.add({ message: `arguments of ${excerpt(item.name)} is ${args === undefined ? 'missing' : `a JSON ${Array.isArray(args) ? 'array' : typeof args}`}: Codex drops the call`, path: '/item/arguments', eventIndex, expected: 'string containing JSON', actual: excerpt(args ?? 'absent') });
        return;
      }
      try {
        JSON.parse(args);
      } catch {
        // Codex takes arguments only from output_item.done: arguments sent in delta/done events alone arrive empty.
        const why = args === '' ? 'is empty in output_item.done (Codex reads arguments only there)' : 'is not JSON';
        failures.add({ message: `arguments of ${excerpt(item.name)} ${why}: Codex does not run the tool`, path: '/item/arguments', eventIndex, expected: 'JSON text', actual: excerpt(args) || '""' });
      }
    });
    return {
      event: calls.event,
      end(end) {
        const skip = skipUnlessStreamed(end);
        if (skip) return skip;
        if (calls.seen.count === 0) return { status: 'skip', message: 'no function call in this exchange' };
        return failures.outcome(`${calls.seen.count} function call(s) with JSON string arguments`, (n) => `${n} function call(s) with unusable arguments`);
      },
    };
  },
};

export const callId: Check = {
  id: CheckId.callId,
  severity: 'required',
  title: 'Tool calls carry a call_id',
  requirement: 'function_call and custom_tool_call items need a string call_id: Codex drops a call without one, and the tool output cannot be sent back.',
  observes: ITEM_DONE,
  observe() {
    const failures = new FailureList();
    const calls = judgeItems(['function_call', 'custom_tool_call'], (item, eventIndex) => {
      // An empty string is enough for Codex to run the tool (measured); absent or non-string is not.
      if (typeof item.call_id !== 'string') {
        failures.add({ message: `${String(item.type)} ${excerpt(item.name)} has no call_id`, path: '/item/call_id', eventIndex, expected: 'string', actual: excerpt(item.call_id ?? 'absent') });
      }
    });
    return {
      event: calls.event,
      end(end) {
        const skip = skipUnlessStreamed(end);
        if (skip) return skip;
        if (calls.seen.count === 0) return { status: 'skip', message: 'no tool call in this exchange' };
        return failures.outcome(`${calls.seen.count} tool call(s) with call_id`, (n) => `${n} tool call(s) without call_id: Codex drops them`);
      },
    };
  },
};

export const customToolCall: Check = {
  id: CheckId.customToolCall,
  severity: 'required',
  title: 'Freeform tools are answered with custom_tool_call',
  requirement:
    'When the model calls Codex\'s freeform apply_patch tool (type "custom"), the relay must stream a custom_tool_call item with the raw patch as `input`, not a function_call.',
  observes: ITEM_DONE,
  observe(context) {
    // The first custom_tool_call and the first function_call named apply_patch, judged on arrival.
    let custom: Outcome | undefined;
    let asFunction: Outcome | undefined;
    const calls = judgeItems(['function_call', 'custom_tool_call'], (item, eventIndex) => {
      if (item.type === 'custom_tool_call') {
        custom ??=
          typeof item.input === 'string'
            ? { status: 'pass', message: `custom_tool_call ${excerpt(item.name)} with a string input` }
            : { status: 'fail', message: 'custom_tool_call has no string input', failures: [{ message: 'input is not a string', path: '/item/input', eventIndex, expected: 'string (the raw patch)', actual: excerpt(item.input ?? 'absent') }] };
      } else if (item.name === 'apply_patch') {
        asFunction ??= {
          status: 'fail',
          message: 'the freeform apply_patch tool came back as a function_call: Codex does not apply the patch',
          failures: [{ message: 'freeform tool answered as a function', path: '/item/type', eventIndex, expected: 'custom_tool_call', actual: 'function_call' }],
        };
      }
    });
    return {
      event: calls.event,
      end(end) {
        if (context.expectedReply !== 'custom_tool_call') return { status: 'skip', message: 'this case does not call a freeform tool' };
        const skip = skipUnlessStreamed(end);
        if (skip) return skip;
        return custom ?? asFunction ?? { status: 'skip', message: 'no call to apply_patch (see tools.call-received)' };
      },
    };
  },
};

export const toolCallReceived: Check = {
  id: CheckId.toolCallReceived,
  severity: 'required',
  title: 'A turn that asks for a tool gets a tool call',
  requirement:
    'When Codex\'s request asks the model to use a tool, the stream must carry a tool call item; a relay that drops or rewrites Codex\'s tools leaves Codex unable to act.',
  observes: ITEM_DONE,
  observe(context) {
    const calls = judgeItems(['function_call', 'custom_tool_call'], () => undefined);
    return {
      event: calls.event,
      end(end) {
        if (context.expectedReply === 'message') return { status: 'skip', message: 'this case does not ask for a tool' };
        if (end.terminal?.type !== 'response.completed') return { status: 'skip', message: 'no response.completed event' };
        if (calls.seen.count > 0) return { status: 'pass', message: `${calls.seen.count} tool call(s)` };
        const tool = context.expectedReply === 'custom_tool_call' ? 'apply_patch' : 'exec_command';
        return {
          status: 'fail',
          message: `asked to use ${tool}, the turn completed without any tool call: the relay may drop or rewrite Codex's tools`,
          failures: [{ message: 'no tool call in the stream', expected: `a ${context.expectedReply} item`, actual: 'none' }],
        };
      },
    };
  },
};

export const toolCallChecks: Check[] = [toolCallReceived, functionCallArguments, callId, customToolCall];
