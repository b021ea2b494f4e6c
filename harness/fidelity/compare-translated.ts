// A chat request the relay passed on in the other API, as a Responses request (what a connector in
// front of a Codex/Responses backend does). Faithful there means the same meaning, not the same
// bytes: each function tool keeps its name, description and parameters schema; the conversation
// keeps its messages, tool calls and tool results in order, nothing injected; the model is kept;
// the settings with a Responses counterpart keep their meaning (compare-translated-fields.ts).
// Both sides are put in one neutral shape and compared with the same-API comparisons.
import { isRecord } from '../checks/check.ts';
import { compareInput, compareModel, compareTools } from './compare-request.ts';
import { compareTranslatedFields } from './compare-translated-fields.ts';
import { FidelityId } from './finding-ids.ts';
import type { Observation } from './observation.ts';

type Body = Record<string, unknown>;
type Item = Record<string, unknown>;

/**
 * The same ids, in the same order, as compareRequest returns (REQUEST_BODY_IDS). `reasoningBefore`:
 * the reasoning items the upstream gave before each of its calls (by call_id), which must go back in
 * front of that call when the agent's follow-up carries it (chat has no reasoning items to send).
 */
export function compareTranslatedRequest(sentChat: Body, receivedResponses: Body, expectedModel: string, reasoningBefore: ReadonlyMap<string, unknown[]> = new Map()): Observation[] {
  const conversation = compareInput(chatConversation(sentChat, reasoningBefore), responsesConversation(receivedResponses));
  return [
    compareTools(list(sentChat.tools).map(chatTool), list(receivedResponses.tools).map(responsesTool)),
    conversation.get(FidelityId.noInjectedInput)!,
    conversation.get(FidelityId.instructionsPreserved)!,
    compareTranslatedFields(sentChat, receivedResponses),
    compareModel(receivedResponses.model, expectedModel),
    conversation.get(FidelityId.reasoningRoundTrip)!,
  ];
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** What a function tool means in either API; any other tool stays as it is (and differs). */
function chatTool(tool: unknown): unknown {
  if (!isRecord(tool) || tool.type !== 'function' || !isRecord(tool.function)) return tool;
  const { name, description, parameters } = tool.function;
  return { type: 'function', name, description, parameters };
}

function responsesTool(tool: unknown): unknown {
  if (!isRecord(tool) || tool.type !== 'function') return tool;
  return { type: 'function', name: tool.name, description: tool.description, parameters: tool.parameters };
}

/** The instruction roles of both APIs are one: Responses turns a system prompt into developer or instructions. */
const role = (value: unknown) => (value === 'developer' ? 'system' : value);

function text(content: unknown): string {
  if (typeof content === 'string') return content;
  return list(content)
    .map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : ''))
    .join('\n');
}

/** What the Codex backend checks of a reasoning item sent back: its blob (ids and summaries may go). */
const reasoningMeaning = (item: unknown): Item => ({ type: 'reasoning', encrypted_content: isRecord(item) ? item.encrypted_content : item });

function chatConversation(body: Body, reasoningBefore: ReadonlyMap<string, unknown[]>): Item[] {
  return list(body.messages).flatMap((message): Item[] => {
    if (!isRecord(message)) return [{ unreadable: message }];
    if (message.role === 'tool') return [{ type: 'tool_result', call_id: message.tool_call_id, output: text(message.content) }];
    const said = text(message.content);
    const calls = list(message.tool_calls).flatMap((call): Item[] =>
      isRecord(call) && isRecord(call.function)
        ? [...(reasoningBefore.get(String(call.id)) ?? []).map(reasoningMeaning), { type: 'tool_call', call_id: call.id, name: call.function.name, arguments: call.function.arguments }]
        : [{ unreadable: call }],
    );
    return [...(said !== '' || calls.length === 0 ? [{ role: role(message.role), text: said }] : []), ...calls];
  });
}

function responsesConversation(body: Body): Item[] {
  const instructions = typeof body.instructions === 'string' && body.instructions !== '' ? [{ role: 'system', text: body.instructions }] : [];
  const input = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : list(body.input);
  return [
    ...instructions,
    ...input.map((item): Item => {
      if (!isRecord(item)) return { unreadable: item };
      if (item.type === 'reasoning') return reasoningMeaning(item);
      if (item.type === 'function_call') return { type: 'tool_call', call_id: item.call_id, name: item.name, arguments: item.arguments };
      if (item.type === 'function_call_output') return { type: 'tool_result', call_id: item.call_id, output: text(item.output) };
      if (item.role !== undefined && (item.type === undefined || item.type === 'message')) return { role: role(item.role), text: text(item.content) };
      return item;
    }),
  ];
}
