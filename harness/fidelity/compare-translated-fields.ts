// The chat request fields that have a Responses counterpart, compared by meaning when a connector
// translates a chat request into a Responses one: each chat field must arrive as its counterpart with
// the same value (a named function tool_choice flattened, reasoning_effort as reasoning.effort), and
// no counterpart may arrive that the agent did not ask for. Fields without a counterpart
// (stream_options: Responses reports usage on every response.completed; stop, n, …) are listed, not
// compared. Pure data in, one observation out.
import { isDeepStrictEqual } from 'node:util';
import { isRecord } from '../checks/check.ts';
import { FidelityId } from './finding-ids.ts';
import { type Observation, fail, pass } from './observation.ts';

type Body = Record<string, unknown>;

interface Counterpart {
  /** The chat field(s), the first present one read (max_completion_tokens replaced max_tokens). */
  chat: readonly string[];
  /** The Responses field, dotted when nested. */
  responses: string;
  /** What the chat value means in the Responses API. */
  meaning?(value: unknown): unknown;
}

const COUNTERPARTS: readonly Counterpart[] = [
  { chat: ['temperature'], responses: 'temperature' },
  { chat: ['top_p'], responses: 'top_p' },
  { chat: ['max_completion_tokens', 'max_tokens'], responses: 'max_output_tokens' },
  {
    chat: ['tool_choice'],
    responses: 'tool_choice',
    meaning: (choice) => (isRecord(choice) && choice.type === 'function' && isRecord(choice.function) ? { type: 'function', name: choice.function.name } : choice),
  },
  { chat: ['parallel_tool_calls'], responses: 'parallel_tool_calls' },
  { chat: ['reasoning_effort'], responses: 'reasoning.effort' },
  {
    chat: ['response_format'],
    responses: 'text.format',
    meaning: (format) => (isRecord(format) && format.type === 'json_schema' && isRecord(format.json_schema) ? { type: 'json_schema', ...format.json_schema } : format),
  },
  { chat: ['metadata'], responses: 'metadata' },
];

/** Chat fields compared elsewhere (model, tools, messages) or that only say how to deliver the answer. */
const NOT_SETTINGS = new Set(['model', 'messages', 'tools', 'stream']);

const read = (body: Body, dotted: string): unknown => dotted.split('.').reduce<unknown>((value, key) => (isRecord(value) ? value[key] : undefined), body);

export function compareTranslatedFields(sentChat: Body, receivedResponses: Body): Observation {
  const id = FidelityId.requestFieldsPreserved;
  const problems: string[] = [];
  const expected: Body = {};
  const received: Body = {};
  for (const counterpart of COUNTERPARTS) {
    const name = counterpart.chat.find((field) => sentChat[field] !== undefined);
    const want = name === undefined ? undefined : (counterpart.meaning ?? ((value) => value))(sentChat[name]);
    const got = read(receivedResponses, counterpart.responses);
    if (isDeepStrictEqual(want, got)) continue;
    const label = name === undefined ? counterpart.responses : name === counterpart.responses ? name : `${name} → ${counterpart.responses}`;
    problems.push(`${label} ${name === undefined ? 'added' : got === undefined ? 'dropped' : 'changed'}`);
    if (want !== undefined) expected[counterpart.responses] = want;
    if (got !== undefined) received[counterpart.responses] = got;
  }
  if (problems.length > 0) return fail(id, `request fields rewritten in translation: ${problems.join(', ')}`, expected, received);
  const mapped = new Set(COUNTERPARTS.flatMap((counterpart) => counterpart.chat));
  const compared = Object.keys(sentChat).filter((field) => mapped.has(field));
  const unmatched = Object.keys(sentChat).filter((field) => !mapped.has(field) && !NOT_SETTINGS.has(field));
  const without = unmatched.length > 0 ? `; ${unmatched.join(', ')} without a Responses counterpart, not compared` : '';
  return pass(id, `${compared.length} request field(s) arrived as their Responses counterparts${compared.length ? ` (${compared.join(', ')})` : ''}, none added${without}`);
}
