// Codex's own parsing rules, as pure functions. These model what Codex 0.169.0 does with a stream
// (codex-rs and the real binary, see docs/codex-ground-truth.md), not what the OpenAI spec allows.
import type { Failure } from '../report/model.ts';
import { excerpt, isRecord } from './check.ts';

const USAGE_TOTALS = ['input_tokens', 'output_tokens', 'total_tokens'] as const;
const USAGE_DETAILS = [
  ['input_tokens_details', 'cached_tokens'],
  ['output_tokens_details', 'reasoning_tokens'],
] as const;

/**
 * Codex deserializes `response.completed.response.usage` into integer fields: absent or null is
 * fine; present means the three totals are integers and each `*_details`, unless null, carries its
 * integer count. Anything else fails the whole response.completed parse, and the turn is retried.
 * `rawData` is the event's data text: JSON.parse turns `12.0` into 12, Codex's parser does not.
 */
export function codexUsageProblems(usage: unknown, rawData: string): Failure[] {
  if (usage === undefined || usage === null) return [];
  if (!isRecord(usage)) {
    return [{ message: 'usage is not an object', path: '/response/usage', expected: 'object or null', actual: excerpt(usage) }];
  }
  const problems: Failure[] = [];
  for (const field of USAGE_TOTALS) {
    const problem = integerProblem(usage[field], field, rawData, `/response/usage/${field}`);
    if (problem) problems.push(problem);
  }
  for (const [details, field] of USAGE_DETAILS) {
    const value = usage[details];
    if (value === undefined || value === null) continue;
    if (!isRecord(value)) {
      problems.push({ message: `${details} is not an object`, path: `/response/usage/${details}`, expected: 'object or null', actual: excerpt(value) });
      continue;
    }
    const problem = integerProblem(value[field], field, rawData, `/response/usage/${details}/${field}`);
    if (problem) problems.push(problem);
  }
  return problems;
}

function integerProblem(value: unknown, field: string, rawData: string, path: string): Failure | undefined {
  if (value === undefined) return { message: `${field} is missing`, path, expected: 'integer', actual: 'absent' };
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return { message: `${field} is not an integer`, path, expected: 'integer', actual: excerpt(value) };
  }
  const raw = new RegExp(`"${field}"\\s*:\\s*(-?[0-9][0-9.eE+-]*)`).exec(rawData)?.[1];
  if (raw && /[.eE]/.test(raw)) return { message: `${field} is written as ${raw}, which Codex does not read as an integer`, path, expected: 'integer literal', actual: raw };
  return undefined;
}

/** response.failed codes after which Codex gives up at once, even with retries left (measured on 0.169.0 and 0.171.0). */
const FINAL_FAILURE_CODES = new Set(['context_length_exceeded', 'insufficient_quota', 'usage_not_included', 'server_is_overloaded', 'invalid_prompt']);

export function isFinalFailureCode(code: string | undefined): boolean {
  return code !== undefined && FINAL_FAILURE_CODES.has(code);
}

/** What the user sees after a `response.failed` with this code, and whether Codex retries it (measured: docs/codex-ground-truth.md). */
export function codexReactionToFailure(code: string | undefined, message: string | undefined): { retried: boolean; userSees: string } {
  const retried = !isFinalFailureCode(code);
  switch (code) {
    case 'context_length_exceeded':
      return { retried, userSees: "Codex ran out of room in the model's context window" };
    case 'insufficient_quota':
      return { retried, userSees: 'Quota exceeded' };
    case 'rate_limit_exceeded':
    case 'slow_down':
      return { retried, userSees: `retried, then "rate limit exceeded: ${message ?? code}"` };
    default:
      return retried
        ? { retried, userSees: `retried (stream_max_retries), then "stream disconnected before completion: ${message ?? 'unknown error'}"` }
        : { retried, userSees: message ?? code ?? 'unknown error' };
  }
}

/** After response.failed with these codes Codex stops at once; with any other it reads until EOF. */
export const FAILURE_CODES_CODEX_STOPS_AT = new Set(['context_length_exceeded']);

/**
 * Why Codex would drop an output item it got in `response.output_item.done`, losing what the user
 * should see: fields its message and tool-call types require. Function-call arguments and call ids
 * have checks of their own and are not looked at here.
 */
export function codexItemProblems(item: unknown, eventIndex: number): Failure[] {
  if (!isRecord(item)) return [{ message: 'item is not an object', path: '/item', eventIndex, actual: excerpt(item) }];
  const problems: Failure[] = [];
  const needString = (field: string) => {
    if (typeof item[field] !== 'string') {
      problems.push({ message: `${String(item.type)} item has no string ${field}`, path: `/item/${field}`, eventIndex, expected: 'string', actual: excerpt(item[field] ?? 'absent') });
    }
  };
  switch (item.type) {
    case 'message': {
      needString('role');
      if (!Array.isArray(item.content)) {
        problems.push({ message: 'message content is not an array', path: '/item/content', eventIndex, expected: 'array', actual: excerpt(item.content ?? 'absent') });
        break;
      }
      item.content.forEach((part, i) => {
        const type = isRecord(part) ? part.type : undefined;
        if (type === 'output_text' || type === 'input_text') {
          if (typeof (part as Record<string, unknown>).text !== 'string') {
            problems.push({ message: `content part ${i} has no string text`, path: `/item/content/${i}/text`, eventIndex, expected: 'string', actual: excerpt((part as Record<string, unknown>).text ?? 'absent') });
          }
        } else if (type !== 'input_image') {
          problems.push({
            message: `content part ${i} has type ${excerpt(type ?? 'absent')}, which Codex cannot read: the whole message is dropped`,
            path: `/item/content/${i}/type`,
            eventIndex,
            expected: 'output_text',
            actual: excerpt(type ?? 'absent'),
          });
        }
      });
      break;
    }
    case 'function_call':
      needString('name');
      break;
    case 'custom_tool_call':
      needString('name');
      needString('input');
      break;
    // A reasoning item without `summary` is dropped too, but the turn completes with its answer
    // (measured: agreement matrix, reasoning-without-summary): the spec schema reports it, not this.
    default:
      // Codex ignores item types it does not know; nothing is lost that it would have shown.
      break;
  }
  return problems;
}

/** Assistant-visible text of a message item, as Codex shows it. */
export function messageText(item: Record<string, unknown>): string {
  if (!Array.isArray(item.content)) return '';
  return item.content
    .map((part) => (isRecord(part) && part.type === 'output_text' && typeof part.text === 'string' ? part.text : ''))
    .join('');
}
