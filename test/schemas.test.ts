import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  knownStreamEventTypes,
  MAX_ISSUES_PER_PAYLOAD,
  validateErrorEnvelope,
  validateResponseObject,
  validateStreamEvent,
  type SchemaIssue,
} from '../harness/checks/schema-validation.ts';
import { nonEmpty } from './helpers/non-empty.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

// OpenAI's list of stream events and their required fields, extracted from its MIT-licensed
// OpenAPI spec (test/data/openai-spec/README.md says how).
interface SpecEvent {
  schema: string;
  type: string;
  required: string[];
}
const specEventsFile = path.join(repoRoot, 'test/data/openai-spec/openai-response-stream-events.json');
const specEvents = readJson(specEventsFile) as SpecEvent[];

// Our event schemas, read straight from disk so the cross-check sees exactly what ships.
interface EventSchema {
  required: string[];
  properties: Record<string, { const?: unknown }>;
}
const schemaDir = path.join(repoRoot, 'harness/schemas');
const ourEventSchemas = new Map<string, EventSchema>();
for (const file of readdirSync(schemaDir).filter((f) => f.startsWith('events-'))) {
  const { $defs } = readJson(path.join(schemaDir, file)) as { $defs: Record<string, EventSchema> };
  for (const [type, schema] of Object.entries($defs)) ourEventSchemas.set(type, schema);
}

// Required fields we add beyond OpenAI's list, each with the reason. None so far: the harness holds
// relays to the spec at this level, and Codex-specific needs live in the required-severity checks.
const EXTRA_REQUIRED: Record<string, string[]> = {};

const fixture = (name: string): Record<string, unknown>[] =>
  readFileSync(path.join(repoRoot, 'test/data/schemas', name), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

function minimalResponse(): Record<string, unknown> {
  return {
    id: 'resp_1',
    object: 'response',
    created_at: 1795332661,
    error: null,
    incomplete_details: null,
    instructions: null,
    model: 'gpt-5.5',
    tools: [],
    output: [],
    parallel_tool_calls: true,
    metadata: {},
    tool_choice: 'auto',
    temperature: 1,
    top_p: 1,
  };
}

const outputTextPart = () => ({ type: 'output_text', text: 'hi', annotations: [], logprobs: [] });

// A sensible value for each required field, by field name, with per-type overrides where one name
// means different things. An unmapped field fails the test, so a new spec field is never skipped.
const SAMPLE_BY_FIELD: Record<string, () => unknown> = {
  sequence_number: () => 7,
  output_index: () => 0,
  content_index: () => 0,
  summary_index: () => 0,
  annotation_index: () => 0,
  command_index: () => 0,
  partial_image_index: () => 0,
  item_id: () => 'item_1',
  response_id: () => 'resp_1',
  delta: () => 'x',
  text: () => 'hello',
  refusal: () => 'I cannot help with that.',
  arguments: () => '{"cmd":"ls"}',
  input: () => '*** Begin Patch\n*** End Patch',
  name: () => 'exec_command',
  code: () => 'print(1)',
  command: () => 'ls -la',
  message: () => 'Something went wrong.',
  param: () => null,
  partial_image_b64: () => 'iVBORw0KGgo=',
  logprobs: () => [],
  response: minimalResponse,
  item: () => ({ id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [outputTextPart()] }),
  part: outputTextPart,
  annotation: () => ({ type: 'url_citation', url: 'https://example.com/', start_index: 0, end_index: 5, title: 'Example' }),
};
const SAMPLE_BY_TYPE: Record<string, Record<string, () => unknown>> = {
  error: { code: () => 'server_error' },
  'response.reasoning_summary_part.added': { part: () => ({ type: 'summary_text', text: '' }) },
  'response.reasoning_summary_part.done': { part: () => ({ type: 'summary_text', text: 'Thinking.' }) },
  'response.shell_call_output_content.delta': { delta: () => ({ stdout: 'hi\n' }) },
  'response.shell_call_output_content.done': {
    output: () => [{ stdout: 'hi\n', stderr: '', outcome: { type: 'exit', exit_code: 0 } }],
  },
};

function minimalEvent(spec: SpecEvent): Record<string, unknown> {
  const event: Record<string, unknown> = {};
  for (const field of spec.required) {
    if (field === 'type') {
      event.type = spec.type;
      continue;
    }
    const sample = SAMPLE_BY_TYPE[spec.type]?.[field] ?? SAMPLE_BY_FIELD[field];
    if (!sample) throw new Error(`no sample value for ${spec.type}.${field}: add one to SAMPLE_BY_FIELD`);
    event[field] = sample();
  }
  return event;
}

const completedWith = (response: Record<string, unknown>) => ({ type: 'response.completed', sequence_number: 9, response });
const usage = () => ({
  input_tokens: 37,
  input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
  output_tokens: 11,
  output_tokens_details: { reasoning_tokens: 0 },
  total_tokens: 48,
});

const pointers = (issues: readonly SchemaIssue[]) => issues.map((issue) => issue.pointer);
const issue = (fields: Partial<SchemaIssue>) => expect.objectContaining(fields) as SchemaIssue;
const eventIssues = (event: unknown) => validateStreamEvent(event).issues;
const itemDone = (item: unknown) => ({ type: 'response.output_item.done', sequence_number: 4, output_index: 0, item });
const textDelta = () => minimalEvent(specEvents.find((e) => e.type === 'response.output_text.delta')!);

describe('schemas cover OpenAI stream events', () => {
  it('has exactly one schema for every event type OpenAI lists, and no others', () => {
    expect(specEvents).toHaveLength(58);
    expect(knownStreamEventTypes().sort()).toEqual(specEvents.map((e) => e.type).sort());
    expect([...ourEventSchemas.keys()].sort()).toEqual(specEvents.map((e) => e.type).sort());
  });

  it.each(nonEmpty(specEvents, 'spec events'))('$type requires every field OpenAI requires, and only documented extras', (spec) => {
    const schema = ourEventSchemas.get(spec.type)!;
    expect(new Set(schema.required)).toEqual(new Set([...spec.required, ...(EXTRA_REQUIRED[spec.type] ?? [])]));
    expect(schema.properties.type.const).toBe(spec.type);
    // A required field without a declared property would accept any type.
    for (const field of schema.required) {
      expect(schema.properties, `${spec.type}.${field}`).toHaveProperty(field);
    }
  });

  it.each(nonEmpty(specEvents, 'spec events'))('$type: a minimal event passes and each missing required field is reported', (spec) => {
    const event = minimalEvent(spec);
    expect(validateStreamEvent(event)).toEqual({ known: true, issues: [] });

    for (const field of spec.required) {
      const { [field]: _dropped, ...without } = event;
      const result = validateStreamEvent(without);
      if (field === 'type') {
        expect(result.known).toBe(false);
      } else {
        expect(result.known).toBe(true);
      }
      expect(result.issues, `${spec.type} without ${field}`).toContainEqual(
        issue({ pointer: `/${field}`, keyword: 'required', expected: 'present', received: 'absent' }),
      );
    }
  });
});

describe('realistic OpenAI streams pass', () => {
  it.each([
    'message-stream.jsonl',
    'function-call-stream.jsonl',
    'custom-tool-call-stream.jsonl',
    'reasoning-stream.jsonl',
  ])('%s: every event is known and valid', (name) => {
    const events = fixture(name);
    expect(events.length).toBeGreaterThan(5);
    for (const event of events) {
      const where = `${String(event.type)} #${String(event.sequence_number)}`;
      expect(validateStreamEvent(event), where).toEqual({ known: true, issues: [] });
    }
    const completed = events.at(-1)!;
    expect(completed.type).toBe('response.completed');
    expect(validateResponseObject(completed.response)).toEqual([]);
  });

  it('accepts a reasoning item carrying encrypted_content and a summary', () => {
    const done = fixture('reasoning-stream.jsonl').find(
      (e) => e.type === 'response.output_item.done' && (e.item as { type: string }).type === 'reasoning',
    )!;
    expect((done.item as { encrypted_content: string }).encrypted_content).toMatch(/^gAAAA/);
    expect(eventIssues(done)).toEqual([]);
  });

  it('accepts usage: null in response.created, as the spec example and the live API send it', () => {
    const response = { ...minimalResponse(), usage: null };
    expect(eventIssues({ type: 'response.created', sequence_number: 0, response })).toEqual([]);
  });

  it('accepts response.failed error codes the spec enum lacks but the API sends and Codex acts on', () => {
    for (const code of ['context_length_exceeded', 'insufficient_quota', 'server_error']) {
      const response = { ...minimalResponse(), status: 'failed', error: { code, message: 'nope' }, user: null };
      expect(eventIssues({ type: 'response.failed', sequence_number: 5, response })).toEqual([]);
    }
  });

  it('accepts an output item type it has no dedicated schema for', () => {
    expect(eventIssues(itemDone({ type: 'image_generation_call', id: 'ig_1', status: 'completed' }))).toEqual([]);
  });
});

describe('issues name the value, what was expected and what was received', () => {
  it('reports a string sequence_number at /sequence_number as expected integer, received "3"', () => {
    expect(eventIssues({ ...textDelta(), sequence_number: '3' })).toEqual([
      {
        pointer: '/sequence_number',
        keyword: 'type',
        expected: 'integer',
        received: '"3"',
        message: '/sequence_number: expected integer, received "3"',
      },
    ]);
  });

  it('reports a fractional output_index', () => {
    const event = { ...itemDone({ type: 'reasoning', id: 'rs_1', summary: [] }), output_index: 0.5 };
    expect(eventIssues(event)).toEqual([issue({ pointer: '/output_index', expected: 'integer', received: '0.5' })]);
  });

  it('reports a missing response.id at /response/id', () => {
    const { id: _id, ...response } = minimalResponse();
    expect(eventIssues(completedWith(response))).toEqual([
      issue({ pointer: '/response/id', keyword: 'required', expected: 'present', received: 'absent' }),
    ]);
  });

  it('rejects usage with fractional token counts', () => {
    const issues = eventIssues(completedWith({ ...minimalResponse(), usage: { ...usage(), output_tokens: 11.5 } }));
    expect(issues).toEqual([issue({ pointer: '/response/usage/output_tokens', expected: 'integer', received: '11.5' })]);
  });

  it('rejects empty input_tokens_details (Codex fails to parse it and retries the turn)', () => {
    const issues = eventIssues(completedWith({ ...minimalResponse(), usage: { ...usage(), input_tokens_details: {} } }));
    expect(pointers(issues)).toContain('/response/usage/input_tokens_details/cached_tokens');
  });

  it('rejects usage translated from chat completions (prompt_tokens / completion_tokens)', () => {
    const chatUsage = { prompt_tokens: 37, completion_tokens: 11, total_tokens: 48 };
    const issues = eventIssues(completedWith({ ...minimalResponse(), usage: chatUsage }));
    expect(pointers(issues)).toEqual(expect.arrayContaining(['/response/usage/input_tokens', '/response/usage/output_tokens']));
  });

  it('rejects function_call arguments sent as an object, showing the object', () => {
    const item = { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'exec_command', arguments: { cmd: 'ls' } };
    expect(eventIssues(itemDone(item))).toEqual([
      issue({ pointer: '/item/arguments', expected: 'string', received: '{"cmd":"ls"}' }),
    ]);
  });

  it('rejects a function_call without call_id and a reasoning item without summary', () => {
    const functionCall = { type: 'function_call', id: 'fc_1', name: 'exec_command', arguments: '{}' };
    expect(pointers(eventIssues(itemDone(functionCall)))).toEqual(['/item/call_id']);
    const reasoning = { type: 'reasoning', id: 'rs_1', encrypted_content: 'gAAAA' };
    expect(pointers(eventIssues(itemDone(reasoning)))).toEqual(['/item/summary']);
  });

  it('names the allowed values when a message holds a non-output content part', () => {
    const content = [{ type: 'input_text', text: 'hi' }];
    const item = { type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content };
    expect(eventIssues(itemDone(item))).toEqual([
      issue({
        pointer: '/item/content/0/type',
        keyword: 'enum',
        expected: 'one of "output_text","refusal"',
        received: '"input_text"',
      }),
    ]);
  });

  it('reports the wrong object kind and status of a response', () => {
    const issues = validateResponseObject({ ...minimalResponse(), object: 'chat.completion', status: 'done' });
    expect(issues).toEqual([
      issue({ pointer: '/object', keyword: 'const', expected: '"response"', received: '"chat.completion"' }),
      issue({ pointer: '/status', keyword: 'enum', received: '"done"' }),
    ]);
    expect(issues[1]!.expected).toBe('one of "completed","failed","in_progress","cancelled","queued","incomplete"');
  });

  it('checks citation URLs are absolute URIs, and accepts a null annotation', () => {
    const annotation = { type: 'url_citation', url: 'not a uri', start_index: 0, end_index: 5, title: 'x' };
    const event = {
      type: 'response.output_text.annotation.added',
      sequence_number: 3,
      item_id: 'msg_1',
      output_index: 0,
      content_index: 0,
      annotation_index: 0,
      annotation,
    };
    expect(eventIssues(event)).toEqual([
      issue({ pointer: '/annotation/url', keyword: 'format', expected: 'a string in format uri', received: '"not a uri"' }),
    ]);
    expect(eventIssues({ ...event, annotation: null })).toEqual([]);
  });

  it('escapes / and ~ in pointers', () => {
    const issues = validateResponseObject({ ...minimalResponse(), metadata: { 'a/b~c': 5 } });
    expect(issues).toEqual([issue({ pointer: '/metadata/a~1b~0c', expected: 'string', received: '5' })]);
  });

  it('cuts long received values to about 120 characters', () => {
    const issues = eventIssues({ ...textDelta(), delta: ['x'.repeat(10_000)] });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.received.length).toBeLessThanOrEqual(120);
    expect(issues[0]!.received.startsWith('["xxx')).toBe(true);
    expect(issues[0]!.received.endsWith('…')).toBe(true);
  });

  it(`keeps at most ${MAX_ISSUES_PER_PAYLOAD} issues per payload`, () => {
    const output = Array.from({ length: 50 }, () => ({ type: 'message' }));
    const issues = validateResponseObject({ ...minimalResponse(), output });
    expect(issues).toHaveLength(MAX_ISSUES_PER_PAYLOAD);
    expect(issues[0]!.pointer).toBe('/output/0/id');
  });

  it('stays fast on a hostile payload with a huge number of bad items', () => {
    const output = Array.from({ length: 100_000 }, () => ({ type: 'message', content: [{ type: 'output_text' }] }));
    const started = performance.now();
    const issues = eventIssues(completedWith({ ...minimalResponse(), output }));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(issues.length).toBeGreaterThanOrEqual(1);
    expect(issues[0]!.pointer).toMatch(/^\/response\/output\/0\//);
  });
});

describe('event types and shapes outside the schemas', () => {
  it('returns known: false without issues for a type OpenAI does not list', () => {
    expect(validateStreamEvent({ type: 'response.vendor_heartbeat', sequence_number: 1 })).toEqual({ known: false, issues: [] });
    // Open Responses' name for the reasoning_text events.
    expect(validateStreamEvent({ type: 'response.reasoning.delta', sequence_number: 1, delta: 'x' }).known).toBe(false);
    expect(validateStreamEvent({ type: 'constructor' })).toEqual({ known: false, issues: [] });
    expect(validateStreamEvent({ type: '__proto__' })).toEqual({ known: false, issues: [] });
  });

  it('reports a payload that is not an object, or has no string type', () => {
    expect(validateStreamEvent('[DONE]')).toEqual({
      known: false,
      issues: [issue({ pointer: '', keyword: 'type', expected: 'object', received: '"[DONE]"' })],
    });
    expect(eventIssues([1, 2])).toEqual([issue({ pointer: '', received: '[1,2]' })]);
    expect(eventIssues({ delta: 'x' })).toEqual([issue({ pointer: '/type', received: 'absent' })]);
    expect(eventIssues({ type: 7 })).toEqual([issue({ pointer: '/type', expected: 'string', received: '7' })]);
  });

  it('holds the error event to OpenAI’s flat shape, so Open Responses’ nested error is a deviation', () => {
    const flat = { type: 'error', sequence_number: 2, code: 'server_error', message: 'boom', param: null };
    expect(eventIssues(flat)).toEqual([]);
    const nested = { type: 'error', sequence_number: 2, error: { type: 'server_error', code: 'server_error', message: 'boom' } };
    expect(pointers(eventIssues(nested))).toEqual(['/code', '/message', '/param']);
  });
});

describe('error envelope', () => {
  it('accepts the OpenAI shape, with null code and param', () => {
    const notFound = { message: 'Invalid model', type: 'invalid_request_error', param: 'model', code: 'model_not_found' };
    expect(validateErrorEnvelope({ error: notFound })).toEqual([]);
    const overloaded = { message: 'Overloaded', type: 'server_error', param: null, code: null };
    expect(validateErrorEnvelope({ error: overloaded })).toEqual([]);
  });

  it('reports missing fields and wrong types inside error', () => {
    const issues = validateErrorEnvelope({ error: { message: 'Invalid model', code: 404 } });
    expect(issues).toEqual(
      expect.arrayContaining([
        issue({ pointer: '/error/type', keyword: 'required' }),
        issue({ pointer: '/error/param', keyword: 'required' }),
        issue({ pointer: '/error/code', expected: 'string or null', received: '404' }),
      ]),
    );
  });

  it('rejects bodies that are not an OpenAI error envelope', () => {
    expect(pointers(validateErrorEnvelope({ detail: 'Not Found' }))).toEqual(['/error']);
    expect(validateErrorEnvelope({ error: 'rate limited' })).toEqual([
      issue({ pointer: '/error', expected: 'object', received: '"rate limited"' }),
    ]);
    expect(validateErrorEnvelope('Internal Server Error')).toEqual([issue({ pointer: '', expected: 'object' })]);
  });
});
