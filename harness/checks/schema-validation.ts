// Spec-level ("recommended") validation of Responses API payloads against the hand-written JSON
// Schemas in ./schemas. Stream events are dispatched on `data.type` to one validator per type: a
// 58-way oneOf would run every branch on every delta and bury the real error under 57 irrelevant
// ones. The validators are compiled at build time (schemas/compile-validators.ts), not per process.

import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { CHAT_CHUNK_REF, CHAT_COMPLETION_REF, CHAT_REQUEST_REF, ERROR_ENVELOPE_REF, EVENT_REFS, MODEL_CATALOG_REF, RESPONSE_REF, RESPONSES_REQUEST_REF } from '../schemas/payload-schemas.ts';
import { VALIDATORS as FAST } from '../schemas/generated/payload-fast.ts';

export interface SchemaIssue {
  /** JSON pointer of the offending value; for a missing property, the pointer it should have had. */
  pointer: string;
  /** The JSON Schema keyword that failed (type, required, enum, const, minimum, format, …). */
  keyword: string;
  /** What the schema wanted, in words: `integer`, `one of "a","b"`, `present`. */
  expected: string;
  /** Short JSON rendering of the actual value, or `absent`. */
  received: string;
  message: string;
}

/** Issues kept per payload: a hostile or badly broken payload must not flood the report. */
export const MAX_ISSUES_PER_PAYLOAD = 10;
const RECEIVED_MAX_CHARS = 120;

// Two compilations of the same schemas. FAST stops at the first error: it decides valid/invalid
// for every event. DETAILED (allErrors) then lists what is wrong, but only for payloads of at most
// DETAILED_NODE_LIMIT JSON values: ajv concatenates the error arrays of $ref'd schemas, so a
// payload with thousands of bad items costs quadratic time (measured: 8,000 bad output items took
// 1.7 s; 200,000 ran for minutes). Bigger payloads report their first issue only. Valid events,
// nearly all of a stream, only ever meet the fast pass.
const DETAILED_NODE_LIMIT = 5_000;

// DETAILED is ≈ 0.9 MB of code that a conforming relay never needs: it is required on the first
// failing payload, synchronously (hence CommonJS). tsc emits the generated .cts as .cjs in dist/;
// from the sources (tsx, vitest) the .cts itself is required.
const DETAILED_MODULE = `../schemas/generated/payload-detailed.${import.meta.url.endsWith('.ts') ? 'cts' : 'cjs'}`;
let detailed: Record<string, ValidateFunction> | undefined;
function detailedValidators(): Record<string, ValidateFunction> {
  detailed ??= (createRequire(import.meta.url)(DETAILED_MODULE) as { VALIDATORS: Record<string, ValidateFunction> }).VALIDATORS;
  return detailed;
}

function validatorFor(validators: Record<string, ValidateFunction>, ref: string): ValidateFunction {
  const validate = validators[ref];
  if (!validate) throw new Error(`relaycheck bug: no compiled JSON Schema at ${ref} (npm run build compiles them)`);
  return validate;
}

/** The event types that have a schema: every type in OpenAI's ResponseStreamEvent union. */
export function knownStreamEventTypes(): string[] {
  return [...EVENT_REFS.keys()];
}

/**
 * Validates one parsed SSE `data` payload. `known: false` means the event type has no schema (an
 * unknown or vendor type, which Codex skips); if the payload is not even an object with a string
 * `type`, `issues` says so.
 */
export function validateStreamEvent(data: unknown): { known: boolean; issues: readonly SchemaIssue[] } {
  if (!isObject(data)) return { known: false, issues: [mismatchIssue('', 'type', 'object', data)] };
  const type = data.type;
  if (typeof type !== 'string') {
    const issue = type === undefined ? missingIssue('/type') : mismatchIssue('/type', 'type', 'string', type);
    return { known: false, issues: [issue] };
  }
  const ref = EVENT_REFS.get(type);
  if (ref === undefined) return UNKNOWN_EVENT;
  // Nearly every event of a stream is valid: one validator call, nothing allocated.
  if (fastEventValidator(type, ref)(data)) return VALID_EVENT;
  return { known: true, issues: run(ref, data) };
}

const VALID_EVENT = Object.freeze({ known: true, issues: Object.freeze([]) as readonly SchemaIssue[] });
const UNKNOWN_EVENT = Object.freeze({ known: false, issues: Object.freeze([]) as readonly SchemaIssue[] });
/** Event type → its fast validator, found once per type rather than by ref for every event. */
const fastByType = new Map<string, ValidateFunction>();
function fastEventValidator(type: string, ref: string): ValidateFunction {
  let validate = fastByType.get(type);
  if (!validate) fastByType.set(type, (validate = validatorFor(FAST, ref)));
  return validate;
}

/** Validates a Response object (the `response` of response.created … response.incomplete, or a JSON body). */
export function validateResponseObject(data: unknown): SchemaIssue[] {
  return run(RESPONSE_REF, data);
}

/** Validates an error body: `{ error: { message, type, param, code } }`. */
export function validateErrorEnvelope(data: unknown): SchemaIssue[] {
  return run(ERROR_ENVELOPE_REF, data);
}

/** Validates a non-streamed Chat Completions answer (`chat.completion`). */
export function validateChatCompletion(data: unknown): SchemaIssue[] {
  return run(CHAT_COMPLETION_REF, data);
}

/** Validates one streamed Chat Completions event's data (`chat.completion.chunk`). */
export function validateChatCompletionChunk(data: unknown): SchemaIssue[] {
  return run(CHAT_CHUNK_REF, data);
}

/** Validates a Responses request body the way the API does before answering (CreateResponse's tools and input items). */
export function validateResponsesRequest(data: unknown): SchemaIssue[] {
  return run(RESPONSES_REQUEST_REF, data);
}

/** Validates a Chat Completions request body (CreateChatCompletionRequest). */
export function validateChatRequest(data: unknown): SchemaIssue[] {
  return run(CHAT_REQUEST_REF, data);
}

/** Validates what a provider's model_catalog_url serves against the shape Codex accepts. */
export function validateModelCatalog(data: unknown): SchemaIssue[] {
  return run(MODEL_CATALOG_REF, data);
}

function run(ref: string, data: unknown): SchemaIssue[] {
  const first = validatorFor(FAST, ref);
  if (first(data)) return [];
  let errors = first.errors ?? [];
  if (countValues(data, DETAILED_NODE_LIMIT) <= DETAILED_NODE_LIMIT) {
    const all = validatorFor(detailedValidators(), ref);
    all(data);
    errors = all.errors ?? errors;
  }
  return toIssues(errors, data);
}

/** Number of JSON values in `data`, counting no further than `limit + 1`. */
function countValues(data: unknown, limit: number): number {
  const stack: unknown[] = [data];
  let count = 0;
  while (stack.length > 0 && count <= limit) {
    const value = stack.pop();
    count++;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length && stack.length <= limit; i++) stack.push(value[i]);
    } else if (isObject(value)) {
      for (const key in value) {
        if (stack.length > limit) break;
        stack.push(value[key]);
      }
    }
  }
  return count + stack.length;
}

function toIssues(errors: ErrorObject[], data: unknown): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    // An `if` error only says "must match the then-branch"; the branch's own errors say why.
    if (error.keyword === 'if') continue;
    const issue = toIssue(error, data);
    const key = `${issue.pointer}\u0000${issue.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
    if (issues.length === MAX_ISSUES_PER_PAYLOAD) break;
  }
  return issues;
}

function toIssue(error: ErrorObject, data: unknown): SchemaIssue {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') {
    return missingIssue(`${error.instancePath}/${escapePointer(String(params.missingProperty))}`);
  }
  const expected = describeExpected(error.keyword, params);
  return mismatchIssue(error.instancePath, error.keyword, expected, valueAt(data, error.instancePath));
}

function describeExpected(keyword: string, params: Record<string, unknown>): string {
  switch (keyword) {
    case 'type': {
      const types = Array.isArray(params.type) ? params.type : String(params.type).split(',');
      return types.join(' or ');
    }
    case 'const':
      return JSON.stringify(params.allowedValue);
    case 'enum':
      return `one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(',')}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${String(params.comparison)} ${String(params.limit)}`;
    case 'format':
      return `a string in format ${String(params.format)}`;
    default:
      return `${keyword} ${JSON.stringify(params)}`;
  }
}

function missingIssue(pointer: string): SchemaIssue {
  const message = `${pointer} is required but absent`;
  return { pointer, keyword: 'required', expected: 'present', received: 'absent', message };
}

function mismatchIssue(pointer: string, keyword: string, expected: string, value: unknown): SchemaIssue {
  const received = preview(value);
  const message = `${pointer || '/'}: expected ${expected}, received ${received}`;
  return { pointer, keyword, expected, received, message };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function valueAt(data: unknown, pointer: string): unknown {
  if (pointer === '') return data;
  let current: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isObject(current) && Object.hasOwn(current, token)) current = current[token];
    else return undefined;
  }
  return current;
}

/** JSON of `value`, cut to RECEIVED_MAX_CHARS without serializing more than that of a huge value. */
function preview(value: unknown): string {
  if (value === undefined) return 'absent';
  const text = render(value, RECEIVED_MAX_CHARS + 1);
  return text.length > RECEIVED_MAX_CHARS ? `${text.slice(0, RECEIVED_MAX_CHARS - 1)}…` : text;
}

function render(value: unknown, budget: number): string {
  if (typeof value === 'string') return JSON.stringify(value.length > budget ? value.slice(0, budget) : value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length && out.length <= budget; i++) {
      out += (i > 0 ? ',' : '') + render(value[i], budget - out.length);
    }
    return `${out}]`;
  }
  if (isObject(value)) {
    let out = '{';
    let first = true;
    for (const key in value) {
      if (out.length > budget) break;
      out += `${first ? '' : ','}${render(key, budget - out.length)}:${render(value[key], budget - out.length)}`;
      first = false;
    }
    return `${out}}`;
  }
  return JSON.stringify(value) ?? String(value);
}
