// The reference relay validates Responses requests as the API does (harness/schemas/
// responses-request.schema.json), cross-checked against the spec's CreateResponse tools and input
// items (test/data/openai-spec/openai-responses-request.json): Codex's recorded requests pass, a
// Chat-style function tool or an unknown item type gets OpenAI's 400.
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { validateResponsesRequest } from '../harness/checks/schema-validation.ts';
import { decideReply } from '../harness/relays/reply-policy.ts';
import { parameterPath } from '../harness/relays/spec-rejection.ts';
import { startRelay, type RunningRelay } from '../harness/relays/catalogue.ts';
import { nonEmpty } from './helpers/non-empty.ts';

type Json = Record<string, any>;
interface SpecMember {
  schema: string;
  types: string[];
  required: string[];
}
const readJson = (relative: string): Json => JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as Json;
const spec = readJson('./data/openai-spec/openai-responses-request.json') as { tools: SpecMember[]; inputItems: SpecMember[] };
const ours = readJson('../harness/schemas/responses-request.schema.json').$defs as Record<string, Json>;

/** Fields the schema asks of a type, beyond `type` itself. */
const rulesOf = (rules: Json[]) => new Map<string, string[]>(rules.map((rule) => [rule.if.properties.type.const as string, rule.then.required as string[]]));
const ourToolRules = rulesOf(ours.tool!.allOf);
const ourItemRules = rulesOf(ours.inputItem!.then.allOf);
// Filled in by the API when absent (documented in the schema's $comment).
const API_DEFAULTS: Record<string, string[]> = { function: ['strict', 'parameters'] };

describe('the request schema knows what the spec knows', () => {
  it('every tool type of the Tool union, and no other', () => {
    expect([...ours.tool!.properties.type.enum].sort()).toEqual(spec.tools.flatMap((m) => m.types).sort());
  });

  it('every input item type of InputItem and Item, and no other', () => {
    expect([...ours.inputItem!.then.properties.type.enum].sort()).toEqual([...new Set(spec.inputItems.flatMap((m) => m.types))].sort());
  });

  it.each(nonEmpty(spec.tools.flatMap((m) => m.types.map((type) => [type, m] as const)), 'spec tools'))('tool %s needs the spec’s required fields', (type, member) => {
    const expected = member.required.filter((f) => f !== 'type' && !(API_DEFAULTS[type] ?? []).includes(f));
    expect(ourToolRules.get(type) ?? []).toEqual(expected);
  });

  it.each(nonEmpty([...new Set(spec.inputItems.flatMap((m) => m.types))], 'spec input items'))('item %s needs what the least demanding spec schema of that type needs', (type) => {
    const variants = spec.inputItems.filter((m) => m.types.includes(type)).map((m) => m.required.filter((f) => f !== 'type'));
    const least = variants.reduce((a, b) => (b.length < a.length ? b : a));
    expect(ourItemRules.get(type) ?? []).toEqual(least);
  });
});

const fixtureFiles = ['../fixtures/', '../fixtures/codex-0.169.0/'].flatMap((dir) =>
  readdirSync(new URL(dir, import.meta.url))
    .filter((f) => f.endsWith('.json'))
    .map((f) => `${dir}${f}`),
);
const fixtureBody = (file: string) => readJson(file).request.body as Json;
const plainTurn = () => fixtureBody('../fixtures/plain-turn-gpt-5.5.json');

describe('validation on requests', () => {
  it.each(nonEmpty(fixtureFiles, 'recorded fixtures'))('Codex’s recorded request %s is accepted', (file) => {
    expect(validateResponsesRequest(fixtureBody(file))).toEqual([]);
  });

  it('names parameters the way OpenAI writes them', () => {
    expect(parameterPath('/tools/0/name')).toBe('tools[0].name');
    expect(parameterPath('/input/3/content/0/type')).toBe('input[3].content[0].type');
    expect(parameterPath('')).toBe('');
  });

  it('refuses a Chat-style function tool with OpenAI’s missing_required_parameter for tools[i].name', () => {
    const body = plainTurn();
    body.tools.splice(1, 0, { type: 'function', function: { name: 'exec_command', parameters: { type: 'object' } } });
    expect(decideReply(JSON.stringify(body))).toEqual({ ok: false, status: 400, error: { message: "Missing required parameter: 'tools[1].name'.", code: 'missing_required_parameter', param: 'tools[1].name' } });
  });

  it('refuses a Chat-style tool inside a namespace, a tool without type and an unknown tool type', () => {
    const nested = { ...plainTurn(), tools: [{ type: 'namespace', name: 'mcp__docs', description: 'docs', tools: [{ type: 'function', function: { name: 'search' } }] }] };
    expect(decideReply(JSON.stringify(nested))).toMatchObject({ status: 400, error: { param: 'tools[0].tools[0].name', code: 'missing_required_parameter' } });
    expect(decideReply(JSON.stringify({ ...plainTurn(), tools: [{ name: 'exec_command' }] }))).toMatchObject({ status: 400, error: { param: 'tools[0].type' } });
    expect(decideReply(JSON.stringify({ ...plainTurn(), tools: [{ type: 'browser', name: 'b' }] }))).toMatchObject({ status: 400, error: { param: 'tools[0].type', code: 'invalid_value' } });
  });

  it('refuses an input item of a type the spec does not define, and a typeless item that is no message', () => {
    const body = plainTurn();
    body.input.push({ type: 'tool_result', tool_use_id: 'x', content: 'ok' });
    const unknown = decideReply(JSON.stringify(body));
    expect(unknown).toMatchObject({ status: 400, error: { param: `input[${body.input.length - 1}].type`, code: 'invalid_value' } });
    expect(decideReply(JSON.stringify({ model: 'gpt-5.5', input: [{ text: 'hi' }] }))).toMatchObject({ status: 400 });
    expect(decideReply(JSON.stringify({ model: 'gpt-5.5', input: [{ type: 'function_call_output', call_id: 'c' }] }))).toMatchObject({ status: 400, error: { param: 'input[0].output' } });
  });

  it('accepts a plain string input, a typeless message and an item reference', () => {
    expect(decideReply(JSON.stringify({ model: 'gpt-5.5', input: 'say hello' })).ok).toBe(true);
    expect(decideReply(JSON.stringify({ model: 'gpt-5.5', input: [{ role: 'user', content: 'say hello' }, { id: 'msg_1' }] })).ok).toBe(true);
  });
});

describe('the reference relay over loopback', () => {
  const running: RunningRelay[] = [];
  afterAll(async () => {
    await Promise.all(running.map((r) => r.close()));
  });

  it('answers a request carrying a Chat-style tool with OpenAI’s 400 error envelope, and the recorded request with a stream', async () => {
    const relay = await startRelay('reference');
    running.push(relay);
    const post = (body: unknown) => fetch(`${relay.baseUrl}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const body = plainTurn();
    const accepted = await post(body);
    expect(accepted.status).toBe(200);
    await accepted.body?.cancel();
    body.tools[0] = { type: 'function', function: { name: 'exec_command' } };
    const refused = await post(body);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: { message: "Missing required parameter: 'tools[0].name'.", type: 'invalid_request_error', code: 'missing_required_parameter', param: 'tools[0].name' } });
  });
});
