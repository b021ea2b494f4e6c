// What reached the upstream against what the client sent, one request body each, in the same API
// (Responses, or Chat Completions passed on as Chat): tools, input items or messages (nothing
// injected, nothing dropped), instructions and developer / system messages, the other request
// fields, the model, and reasoning items sent back. Pure data in, observations out.
import { isDeepStrictEqual } from 'node:util';
import { isRecord } from '../checks/check.ts';
import { FidelityId, type FidelityIdValue } from './finding-ids.ts';
import { type Observation, fail, pass, skip } from './observation.ts';

type Body = Record<string, unknown>;

/** Compared on their own (with the list of items: `input` or `messages`); every other top-level field is a request field. */
const OWN_FIELDS = ['model', 'tools', 'instructions'];

/** Where a request body keeps its conversation: Responses `input`, Chat Completions `messages`. */
export type ItemsField = 'input' | 'messages';
/** Input lists longer than this are compared as a whole (the LCS below is quadratic). */
const MAX_DIFFED_ITEMS = 2_000;

/** What compareRequest observes, in the order it returns them. */
export const REQUEST_BODY_IDS = [FidelityId.toolsPreserved, FidelityId.noInjectedInput, FidelityId.instructionsPreserved, FidelityId.requestFieldsPreserved, FidelityId.modelPreserved, FidelityId.reasoningRoundTrip] as const;

export function compareRequest(sent: Body, received: Body, expectedModel: string, items: ItemsField = 'input'): Observation[] {
  const input = compareInput(sent[items], received[items]);
  return [
    compareTools(sent.tools, received.tools),
    input.get(FidelityId.noInjectedInput)!,
    compareInstructions(sent, received, input.get(FidelityId.instructionsPreserved)!),
    compareFields(sent, received, new Set([...OWN_FIELDS, items])),
    compareModel(received.model, expectedModel),
    input.get(FidelityId.reasoningRoundTrip)!,
  ];
}

export function compareModel(received: unknown, expectedModel: string): Observation {
  return received === expectedModel
    ? pass(FidelityId.modelPreserved, `the upstream was asked for ${expectedModel}`)
    : fail(FidelityId.modelPreserved, `the upstream was asked for ${String(received)}, not ${expectedModel}`, expectedModel, received);
}

/** A tool's name: Responses tools carry it at the top, Chat Completions tools under `function`. */
function toolKey(tool: unknown): string {
  if (!isRecord(tool)) return JSON.stringify(tool);
  const chatName = isRecord(tool.function) ? tool.function.name : undefined;
  return String(tool.name ?? chatName ?? tool.type);
}

export function compareTools(sent: unknown, received: unknown): Observation {
  const id = FidelityId.toolsPreserved;
  const sentTools = Array.isArray(sent) ? sent : [];
  const receivedTools = Array.isArray(received) ? received : [];
  if (sent !== undefined && !Array.isArray(received)) return fail(id, 'the tools list did not reach the upstream', sent, received);
  const byKey = new Map(receivedTools.map((tool) => [toolKey(tool), tool]));
  const problems: string[] = [];
  const expected: Record<string, unknown> = {};
  const got: Record<string, unknown> = {};
  for (const tool of sentTools) {
    const key = toolKey(tool);
    const arrived = byKey.get(key);
    byKey.delete(key);
    if (isDeepStrictEqual(tool, arrived)) continue;
    problems.push(arrived === undefined ? `${key} dropped` : `${key} changed${typeChange(tool, arrived)}`);
    expected[key] = tool;
    got[key] = arrived ?? null;
  }
  for (const [key, tool] of byKey) {
    problems.push(`${key} added`);
    got[key] = tool;
  }
  if (problems.length === 0) return pass(id, `${sentTools.length} tool(s) arrived unchanged`);
  return fail(id, `tools rewritten: ${problems.join(', ')}`, expected, got);
}

function typeChange(before: unknown, after: unknown): string {
  const type = (tool: unknown) => (isRecord(tool) ? tool.type : undefined);
  return type(before) === type(after) ? '' : ` (type ${String(type(before))} → ${String(type(after))})`;
}

/** The input lists aligned (longest common subsequence): what the relay added, dropped or changed, by finding. */
export function compareInput(sent: unknown, received: unknown): Map<FidelityIdValue, Observation> {
  const sentItems = Array.isArray(sent) ? sent : [sent];
  const receivedItems = Array.isArray(received) ? received : [received];
  const problems = new Map<FidelityIdValue, { lines: string[]; expected: unknown[]; received: unknown[] }>();
  const note = (id: FidelityIdValue, line: string, expected: unknown, got: unknown) => {
    const entry = problems.get(id) ?? { lines: [], expected: [], received: [] };
    entry.lines.push(line);
    if (expected !== undefined) entry.expected.push(expected);
    if (got !== undefined) entry.received.push(got);
    problems.set(id, entry);
  };
  for (const gap of unmatchedGaps(sentItems, receivedItems)) {
    // Within one gap, the n-th dropped item and the n-th added one are one item changed in transit.
    const paired = Math.min(gap.dropped.length, gap.added.length);
    for (let i = 0; i < Math.max(gap.dropped.length, gap.added.length); i++) {
      const before = gap.dropped[i];
      const after = gap.added[i];
      if (i < paired) note(inputFinding(before!.item), `input item ${before!.at} (${describe(before!.item)}) changed`, before!.item, after!.item);
      else if (before) note(inputFinding(before.item), `input item ${before.at} (${describe(before.item)}) dropped`, before.item, undefined);
      else note(FidelityId.noInjectedInput, `input item ${after!.at} (${describe(after!.item)}) added`, undefined, after!.item);
    }
  }
  const observation = (id: FidelityIdValue, passMessage: string): Observation => {
    const found = problems.get(id);
    return found ? fail(id, found.lines.join('; '), found.expected, found.received) : pass(id, passMessage);
  };
  const sentReasoning = sentItems.filter((item) => isRecord(item) && item.type === 'reasoning' && typeof item.encrypted_content === 'string').length;
  return new Map([
    [FidelityId.noInjectedInput, observation(FidelityId.noInjectedInput, `${sentItems.length} input item(s) arrived, none added`)],
    [FidelityId.instructionsPreserved, observation(FidelityId.instructionsPreserved, 'developer and system messages unchanged')],
    [FidelityId.reasoningRoundTrip, sentReasoning === 0 ? skip(FidelityId.reasoningRoundTrip, 'the client sent no reasoning item back') : observation(FidelityId.reasoningRoundTrip, `${sentReasoning} reasoning item(s) arrived with their encrypted_content`)],
  ]);
}

function inputFinding(item: unknown): FidelityIdValue {
  // The agent's system prompt is its instructions as much as Codex's developer messages are.
  if (isRecord(item) && (item.role === 'developer' || item.role === 'system')) return FidelityId.instructionsPreserved;
  if (isRecord(item) && item.type === 'reasoning') return FidelityId.reasoningRoundTrip;
  return FidelityId.noInjectedInput;
}

function describe(item: unknown): string {
  if (!isRecord(item)) return typeof item;
  return [item.type, item.role].filter((part) => typeof part === 'string').join(' ') || 'item';
}

interface Gap {
  dropped: Array<{ at: number; item: unknown }>;
  added: Array<{ at: number; item: unknown }>;
}

/** The stretches between the items both lists share, in order. */
function unmatchedGaps(a: unknown[], b: unknown[]): Gap[] {
  if (a.length > MAX_DIFFED_ITEMS || b.length > MAX_DIFFED_ITEMS) {
    return isDeepStrictEqual(a, b) ? [] : [{ dropped: a.map((item, at) => ({ at, item })), added: b.map((item, at) => ({ at, item })) }];
  }
  // lengths[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i]![j] = isDeepStrictEqual(a[i], b[j]) ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const gaps: Gap[] = [];
  let gap: Gap = { dropped: [], added: [] };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && isDeepStrictEqual(a[i], b[j])) {
      if (gap.dropped.length || gap.added.length) gaps.push(gap);
      gap = { dropped: [], added: [] };
      i++;
      j++;
    } else if (j >= b.length || (i < a.length && lengths[i + 1]![j]! >= lengths[i]![j + 1]!)) {
      gap.dropped.push({ at: i, item: a[i] });
      i++;
    } else {
      gap.added.push({ at: j, item: b[j] });
      j++;
    }
  }
  if (gap.dropped.length || gap.added.length) gaps.push(gap);
  return gaps;
}

function compareInstructions(sent: Body, received: Body, developerMessages: Observation): Observation {
  if (isDeepStrictEqual(sent.instructions, received.instructions)) return developerMessages;
  const line = `instructions changed`;
  if (developerMessages.status === 'fail') return { ...developerMessages, message: `${line}; ${developerMessages.message}` };
  return fail(FidelityId.instructionsPreserved, line, sent.instructions ?? null, received.instructions ?? null);
}

function compareFields(sent: Body, received: Body, own: Set<string>): Observation {
  const id = FidelityId.requestFieldsPreserved;
  const names = [...new Set([...Object.keys(sent), ...Object.keys(received)])].filter((name) => !own.has(name));
  const changed = names.filter((name) => !isDeepStrictEqual(sent[name], received[name]));
  if (changed.length === 0) return pass(id, `${names.length} request field(s) passed through unchanged`);
  const what = changed.map((name) => (!(name in received) ? `${name} dropped` : !(name in sent) ? `${name} added` : `${name} changed`));
  const pick = (body: Body) => Object.fromEntries(changed.filter((name) => name in body).map((name) => [name, body[name]]));
  return fail(id, `request fields rewritten: ${what.join(', ')}`, pick(sent), pick(received));
}
