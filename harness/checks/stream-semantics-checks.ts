// Recommended checks on the stream's structure, as the OpenAI spec defines it: ordering, pairing,
// and agreement between deltas and final values. State is bounded: texts are compared by hash.
import { createHash, type Hash } from 'node:crypto';
import { CheckId } from './ids.ts';
import { textPrefix } from '../bounds/bounded-text.ts';
import { type Check, FailureList, isTerminalType, excerpt, isRecord, skipUnlessStreamed } from './check.ts';

const num = (value: unknown) => (typeof value === 'number' ? value : undefined);
const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

export const sequenceNumbers: Check = {
  id: CheckId.sequenceNumbers,
  severity: 'recommended',
  title: 'sequence_number strictly increases',
  requirement: 'Every event carries an integer sequence_number greater than the previous event\'s.',
  observe() {
    const failures = new FailureList();
    let previous: number | undefined;
    return {
      event(event) {
        if (!isRecord(event.json) || event.type === undefined) return;
        const seq = event.json.sequence_number;
        if (typeof seq !== 'number' || !Number.isInteger(seq)) {
          failures.add({ message: 'sequence_number missing or not an integer', path: '/sequence_number', eventIndex: event.index, expected: 'integer', actual: excerpt(seq ?? 'absent') });
          return;
        }
        if (previous !== undefined && seq <= previous) {
          failures.add({ message: 'sequence_number did not increase', path: '/sequence_number', eventIndex: event.index, expected: `> ${previous}`, actual: seq });
        }
        previous = seq;
      },
      end(end) {
        return skipUnlessStreamed(end) ?? failures.outcome('sequence numbers increase', (n) => `${n} sequence_number problem(s)`);
      },
    };
  },
};

export const singleTerminal: Check = {
  id: CheckId.singleTerminal,
  severity: 'recommended',
  title: 'Exactly one terminal event, and nothing after it',
  requirement: 'The stream has one response.completed / failed / incomplete event and it is the last event.',
  observe() {
    const failures = new FailureList();
    let terminalIndex: number | undefined;
    return {
      event(event) {
        if (terminalIndex !== undefined) {
          failures.add({ message: `${event.type ?? 'an event'} after the terminal event`, eventIndex: event.index, expected: 'end of stream', actual: excerpt(event.type ?? event.data, 80) });
        } else if (isTerminalType(event.type)) {
          terminalIndex = event.index;
        }
      },
      end(end) {
        const skip = skipUnlessStreamed(end);
        if (skip) return skip;
        if (terminalIndex === undefined) return { status: 'skip', message: 'no terminal event (see sse.terminal-event)' };
        return failures.outcome('one terminal event, last in the stream', (n) => `${n} event(s) after the terminal event`);
      },
    };
  },
};

const ITEM_DELTAS = new Set([
  'response.output_text.delta',
  'response.refusal.delta',
  'response.function_call_arguments.delta',
  'response.custom_tool_call_input.delta',
  'response.reasoning_summary_text.delta',
  'response.reasoning_text.delta',
]);

const PAIRING_TYPES = ['response.output_item.added', 'response.output_item.done', 'response.content_part.added', 'response.content_part.done'];

export const itemPairing: Check = {
  id: CheckId.itemPairing,
  severity: 'recommended',
  title: 'Items and content parts open and close in pairs',
  requirement: 'Every output_item.added has a matching output_item.done (same output_index and item id), and every content_part.added a matching content_part.done.',
  observes: PAIRING_TYPES,
  observe() {
    const failures = new FailureList();
    const openItems = new Map<number, string | undefined>();
    const openParts = new Set<string>();
    return {
      event(event) {
        if (!isRecord(event.json)) return;
        const data = event.json;
        const outputIndex = num(data.output_index);
        switch (event.type) {
          case 'response.output_item.added':
            if (outputIndex !== undefined) openItems.set(outputIndex, str(isRecord(data.item) ? data.item.id : undefined));
            break;
          case 'response.output_item.done': {
            if (outputIndex === undefined) break;
            if (!openItems.has(outputIndex)) {
              failures.add({ message: 'output_item.done without output_item.added', path: '/output_index', eventIndex: event.index, expected: 'a prior output_item.added', actual: outputIndex });
              break;
            }
            const addedId = openItems.get(outputIndex);
            const doneId = str(isRecord(data.item) ? data.item.id : undefined);
            if (addedId !== undefined && doneId !== undefined && addedId !== doneId) {
              failures.add({ message: 'output_item.done has a different item id than its output_item.added', path: '/item/id', eventIndex: event.index, expected: addedId, actual: doneId });
            }
            openItems.delete(outputIndex);
            break;
          }
          case 'response.content_part.added':
            openParts.add(`${outputIndex}:${num(data.content_index)}`);
            break;
          case 'response.content_part.done': {
            const key = `${outputIndex}:${num(data.content_index)}`;
            if (!openParts.delete(key)) {
              failures.add({ message: 'content_part.done without content_part.added', path: '/content_index', eventIndex: event.index, expected: 'a prior content_part.added', actual: key });
            }
            break;
          }
        }
      },
      end(end) {
        const skip = skipUnlessStreamed(end);
        if (skip) return skip;
        if (end.terminal?.type === 'response.completed') {
          for (const [index, id] of openItems) failures.add({ message: 'output_item.added never closed by output_item.done', expected: 'output_item.done', actual: `output_index ${index}${id ? ` (${id})` : ''}` });
          for (const key of openParts) failures.add({ message: 'content_part.added never closed by content_part.done', expected: 'content_part.done', actual: key });
        }
        return failures.outcome('items and content parts are paired', (n) => `${n} pairing problem(s)`);
      },
    };
  },
};

export const deltasAfterItemAdded: Check = {
  id: CheckId.deltasAfterAdded,
  severity: 'recommended',
  title: 'Every delta belongs to an item that was added',
  requirement: 'A delta event refers (item_id / output_index) to an item opened by a prior output_item.added and not yet done; Codex drops deltas without one, so streamed text never shows.',
  observes: ['response.output_item.added', 'response.output_item.done', ...ITEM_DELTAS],
  observe() {
    const failures = new FailureList();
    const active = new Set<string>();
    const activeIndexes = new Set<number>();
    // The last delta's answer, until an item opens or closes: a text's deltas come in a run, and
    // comparing with the last id costs less than a Set lookup of a freshly parsed string per delta.
    let last: { id: string | undefined; index: number | undefined; known: boolean } | undefined;
    return {
      event(event) {
        if (!isRecord(event.json) || event.type === undefined) return;
        const data = event.json;
        if (event.type === 'response.output_item.added' || event.type === 'response.output_item.done') {
          const id = str(isRecord(data.item) ? data.item.id : undefined);
          const index = num(data.output_index);
          const add = event.type === 'response.output_item.added';
          if (id !== undefined) (add ? active.add(id) : active.delete(id));
          if (index !== undefined) (add ? activeIndexes.add(index) : activeIndexes.delete(index));
          last = undefined;
          return;
        }
        if (!ITEM_DELTAS.has(event.type)) return;
        const id = str(data.item_id);
        const index = num(data.output_index);
        let known: boolean;
        if (last && last.id === id && last.index === index) known = last.known;
        else {
          known = (id !== undefined && active.has(id)) || (id === undefined && index !== undefined && activeIndexes.has(index));
          last = { id, index, known };
        }
        if (!known) failures.add({ message: `${event.type} for an item that is not open`, path: '/item_id', eventIndex: event.index, expected: 'item_id of an added, not yet done item', actual: excerpt(id ?? index ?? 'absent') });
      },
      end(end) {
        return skipUnlessStreamed(end) ?? failures.outcome('every delta belongs to an open item', (n) => `${n} delta(s) without an open item`);
      },
    };
  },
};

/** Characters of deltas held unhashed, per text and across all open texts (the bound on memory). */
const HELD_PER_TEXT = 16 * 1024;
const HELD_IN_ALL = 1024 * 1024;

/**
 * Running concatenation of deltas: held as text while short (compared directly at .done), fed to a
 * hash in batches once longer, so memory stays bounded and a stream of small deltas costs few hash
 * updates. Identical concatenations give identical results whatever the batching.
 */
class TextAccumulator {
  private hash: Hash | undefined;
  private held = '';
  length = 0;
  prefix = '';
  constructor(private readonly budget: { held: number }) {}
  add(text: string): void {
    this.held += text;
    this.budget.held += text.length;
    this.length += text.length;
    if (this.prefix.length < 80) this.prefix += textPrefix(text, 80 - this.prefix.length);
    if (this.held.length >= HELD_PER_TEXT || this.budget.held > HELD_IN_ALL) this.flush();
  }
  matches(text: string): boolean {
    if (this.length !== text.length) return false;
    if (!this.hash) return this.held === text;
    this.flush();
    return this.hash.digest('hex') === createHash('sha256').update(text).digest('hex');
  }
  /** Gives the held text's share of the budget back (at its .done). */
  release(): void {
    this.budget.held -= this.held.length;
    this.held = '';
  }
  private flush(): void {
    (this.hash ??= createHash('sha256')).update(this.held);
    this.release();
  }
}

/** delta type → [done type, field holding the final text in the done event]. */
const DELTA_DONE: Record<string, [string, string]> = {
  'response.output_text.delta': ['response.output_text.done', 'text'],
  'response.function_call_arguments.delta': ['response.function_call_arguments.done', 'arguments'],
  'response.custom_tool_call_input.delta': ['response.custom_tool_call_input.done', 'input'],
  'response.reasoning_summary_text.delta': ['response.reasoning_summary_text.done', 'text'],
  'response.reasoning_text.delta': ['response.reasoning_text.done', 'text'],
  'response.refusal.delta': ['response.refusal.done', 'refusal'],
};
const DONE_OF_DELTA = new Map(Object.entries(DELTA_DONE));
const DONE_FIELD = new Map(Object.values(DELTA_DONE));
/** Texts streaming at once (each is dropped at its .done): bounds memory against a relay that never ends them. */
const MAX_OPEN_TEXTS = 10_000;

export const deltaDoneAgreement: Check = {
  id: CheckId.deltaDoneAgreement,
  severity: 'recommended',
  title: 'Concatenated deltas equal the final text',
  requirement: 'For each text, argument and input stream, the concatenated deltas equal the value in the matching .done event.',
  observes: [...Object.keys(DELTA_DONE), ...DONE_FIELD.keys()],
  observe() {
    const failures = new FailureList();
    // Only the texts still streaming: each leaves at its .done, so an unbounded stream is checked throughout.
    const texts = new Map<string, TextAccumulator>();
    const budget = { held: 0 };
    let unchecked = 0;
    // The text the last delta went to, by its key's parts: a text's deltas mostly come in a run, and
    // comparing the parts costs less than building the key and looking it up for every delta.
    let last: { type: string; item: string | number | undefined; part: number; acc: TextAccumulator } | undefined;
    const keyOf = (type: string, data: Record<string, unknown>) =>
      `${type}|${str(data.item_id) ?? num(data.output_index)}|${num(data.content_index) ?? num(data.summary_index) ?? 0}`;
    return {
      event(event) {
        if (!isRecord(event.json) || event.type === undefined) return;
        const data = event.json;
        const pair = DONE_OF_DELTA.get(event.type);
        if (pair && typeof data.delta === 'string') {
          const item = str(data.item_id) ?? num(data.output_index);
          const part = num(data.content_index) ?? num(data.summary_index) ?? 0;
          if (last && last.type === pair[0] && last.item === item && last.part === part) {
            last.acc.add(data.delta);
            return;
          }
          const key = keyOf(pair[0], data);
          let acc = texts.get(key);
          if (!acc) {
            // Past the bound no text starts being tracked again: one picked up mid-way would look wrong.
            if (unchecked > 0 || texts.size >= MAX_OPEN_TEXTS) {
              unchecked++;
              return;
            }
            texts.set(key, (acc = new TextAccumulator(budget)));
          }
          last = { type: pair[0], item, part, acc };
          acc.add(data.delta);
          return;
        }
        const field = DONE_FIELD.get(event.type);
        if (!field) return;
        const key = keyOf(event.type, data);
        const acc = texts.get(key);
        texts.delete(key);
        if (acc && last?.acc === acc) last = undefined;
        const final = data[field];
        const matches = acc && typeof final === 'string' ? acc.matches(final) : undefined;
        acc?.release();
        if (!acc || typeof final !== 'string') return;
        if (!matches) {
          failures.add({ message: `${event.type}.${field} differs from its concatenated deltas`, path: `/${field}`, eventIndex: event.index, expected: `${acc.length} chars starting ${excerpt(acc.prefix, 80)}`, actual: `${final.length} chars starting ${excerpt(final.slice(0, 80), 80)}` });
        }
      },
      end(end) {
        const notChecked = unchecked > 0 ? ` (${unchecked} delta(s) not checked: over ${MAX_OPEN_TEXTS} texts open at once)` : '';
        return skipUnlessStreamed(end) ?? failures.outcome(`deltas agree with final values${notChecked}`, (n) => `${n} final value(s) differ from their deltas${notChecked}`);
      },
    };
  },
};

export const responseIdConsistent: Check = {
  id: CheckId.responseIdConsistent,
  severity: 'recommended',
  title: 'One response id across the stream',
  requirement: 'response.id is the same in every lifecycle event (created, in_progress, completed, …) of one stream.',
  observe() {
    const failures = new FailureList();
    let first: string | undefined;
    return {
      event(event) {
        if (!isRecord(event.json) || !isRecord(event.json.response)) return;
        const id = str(event.json.response.id);
        if (id === undefined) return;
        if (first === undefined) first = id;
        else if (id !== first) failures.add({ message: `${event.type} names another response id`, path: '/response/id', eventIndex: event.index, expected: first, actual: id });
      },
      end(end) {
        return skipUnlessStreamed(end) ?? failures.outcome(first ? `response id ${excerpt(first, 60)} throughout` : 'no response ids to compare', (n) => `${n} event(s) with another response id`);
      },
    };
  },
};

export const streamSemanticsChecks: Check[] = [sequenceNumbers, singleTerminal, itemPairing, deltasAfterItemAdded, deltaDoneAgreement, responseIdConsistent];
