// Reads a streamed Chat Completions answer the way an agent assembles it: delta.content appended,
// tool calls put together by their `index` (the first delta of a call carries its id and name,
// the later ones pieces of its arguments), finish_reason, the usage chunk, and `data: [DONE]`.
// One event at a time, so a long stream costs the state, not the stream.
import { isRecord, parseJson } from '../checks/check.ts';

export const DONE_DATA = '[DONE]';

export interface AssembledToolCall {
  index: number;
  id?: string;
  type?: string;
  name?: string;
  /** The argument pieces joined, as the agent parses them once the call is complete. */
  arguments: string;
  /** The event that opened the call, and whether that first delta named the call's id and function. */
  eventIndex: number;
  openedWith: { id: boolean; name: boolean };
}

/** A tool_calls delta entry an agent cannot place: no integer index. */
export interface UnplacedToolDelta {
  eventIndex: number;
  entry: unknown;
}

export class ChatStreamReader {
  /** Events whose data is a JSON object (the chunks). */
  chunks = 0;
  content = '';
  readonly toolCalls = new Map<number, AssembledToolCall>();
  readonly unplaced: UnplacedToolDelta[] = [];
  /** Whether any tool_calls delta came, placeable or not. */
  get sawToolDeltas(): boolean {
    return this.toolCalls.size > 0 || this.unplaced.length > 0;
  }
  /** The last non-null finish_reason of choice 0, and where it came. */
  finishReason?: { value: unknown; eventIndex: number };
  /** The last non-null `usage`, and where it came. */
  usage?: { value: unknown; eventIndex: number };
  /** Where `data: [DONE]` came, and how many events followed it. */
  doneAt?: number;
  eventsAfterDone = 0;

  /** Feeds one event's data (and its JSON, when the caller parsed it already). */
  add(data: string, eventIndex: number, json: unknown = parseJson(data)): void {
    if (this.doneAt !== undefined) this.eventsAfterDone++;
    if (data.trim() === DONE_DATA) {
      this.doneAt ??= eventIndex;
      return;
    }
    if (!isRecord(json)) return;
    this.chunks++;
    if (json.usage !== undefined && json.usage !== null) this.usage = { value: json.usage, eventIndex };
    if (!Array.isArray(json.choices)) return;
    for (const choice of json.choices) {
      // Agents read the first choice only (they never ask for n > 1).
      if (!isRecord(choice) || (choice.index !== undefined && choice.index !== 0)) continue;
      if (choice.finish_reason !== undefined && choice.finish_reason !== null) this.finishReason = { value: choice.finish_reason, eventIndex };
      const delta = choice.delta;
      if (!isRecord(delta)) continue;
      if (typeof delta.content === 'string') this.content += delta.content;
      if (Array.isArray(delta.tool_calls)) for (const entry of delta.tool_calls) this.addToolDelta(entry, eventIndex);
    }
  }

  private addToolDelta(entry: unknown, eventIndex: number): void {
    if (!isRecord(entry) || !Number.isInteger(entry.index)) {
      this.unplaced.push({ eventIndex, entry });
      return;
    }
    const index = entry.index as number;
    const fn = isRecord(entry.function) ? entry.function : undefined;
    const id = typeof entry.id === 'string' && entry.id !== '' ? entry.id : undefined;
    const name = typeof fn?.name === 'string' && fn.name !== '' ? fn.name : undefined;
    let call = this.toolCalls.get(index);
    if (!call) {
      call = { index, arguments: '', eventIndex, openedWith: { id: id !== undefined, name: name !== undefined } };
      this.toolCalls.set(index, call);
    }
    call.id ??= id;
    call.name ??= name;
    if (typeof entry.type === 'string') call.type ??= entry.type;
    if (typeof fn?.arguments === 'string') call.arguments += fn.arguments;
  }
}

/** A whole stream's event data, assembled: for callers that hold the events already. */
export function assembleChatStream(datas: Iterable<string>): ChatStreamReader {
  const reader = new ChatStreamReader();
  let index = 0;
  for (const data of datas) reader.add(data, index++);
  return reader;
}
