// Request shapes only some configurations send (harness/codex/request-shapes.ts): the relay must
// pass each one through. Recommended by default; required for the shapes the user's config puts
// Codex on (CaseSpec.requiredForShape), as measured on 0.169.0 and 0.171.0.
import { shapesInRequest } from '../codex/request-shapes.ts';
import { type Check, type Outcome, excerpt } from './check.ts';
import { observeAnswer } from './answered-items.ts';
import { CheckId } from './ids.ts';

/** The refusal or cut-short answer (observeAnswer explains only those), blamed on what the request carries that ordinary turns do not. */
function blamed(outcome: Outcome, shapes: string[]): Outcome {
  if (shapes.length === 0) return outcome;
  return { ...outcome, message: `the request carries ${shapes.join(' and ')}: ${outcome.message}` };
}

const TOOL_CALL_TYPES = new Set(['function_call', 'custom_tool_call']);

export const shapeAccepted: Check = {
  id: CheckId.shapeAccepted,
  severity: 'recommended',
  title: 'A request of a configuration-dependent shape is answered',
  requirement:
    'The relay answers Codex requests that carry service_tier, internal_chat_message_metadata_passthrough on input items, or an input_image, as it answers any turn; a strict relay or gateway that refuses one ("Unsupported parameter: service_tier") fails every turn of the users whose config sends it. Required when the config does (service_tier, a provider named "OpenAI").',
  observe(context) {
    const shapes = shapesInRequest(context.requestBody);
    return observeAnswer((items) => ({ status: 'pass', message: `answered (${items.map((item) => String(item.type)).join(', ') || 'no items'})` }), (outcome) => blamed(outcome, shapes));
  },
};

export const liteToolsKept: Check = {
  id: CheckId.liteToolsKept,
  severity: 'recommended',
  title: 'A Responses Lite request keeps its tools: the answer can call one',
  requirement:
    'Responses Lite models (gpt-6-astra) send no `tools` but an additional_tools input item; a relay that translates requests and drops that item loses every tool silently, and the model answers in text where it should call one. Asked to run a command, the answer must be a tool call. Required when the config\'s model is a Responses Lite model.',
  observe(context) {
    const shapes = shapesInRequest(context.requestBody);
    return observeAnswer((items) => {
      const call = items.find((item) => TOOL_CALL_TYPES.has(String(item.type)));
      if (call) return { status: 'pass', message: `the answer calls ${excerpt(call.name ?? 'a tool', 60)}` };
      const kinds = items.map((item) => String(item.type)).join(', ') || 'none';
      return {
        status: 'fail',
        message: `asked to run a command, the answer calls no tool (output items: ${kinds}): the relay lost the tools Codex sent in the additional_tools input item`,
        failures: [{ message: 'no tool call', expected: 'a function_call or custom_tool_call', actual: kinds }],
      };
    }, (outcome) => blamed(outcome, shapes));
  },
};

export const shapeChecks: Check[] = [shapeAccepted, liteToolsKept];
