// A Codex-style stream of any size, generated lazily: benchmarks push 50 MB to 1 GB through the
// validator without the stream ever existing in memory. Items are small and many (messages, with
// an exec_command call and an apply_patch call every ten items), so every SSE line stays short, as
// in a long real session; the same options always give the same bytes.
import { createHash } from 'node:crypto';
import {
  type ReplyItem,
  type UnnumberedEvent,
  completedEvent,
  completeItem,
  createIdFactory,
  initialResponse,
  itemEvents,
  numberEvents,
  outputChars,
  sseFrame,
  startEvents,
  usageFor,
} from './stream-builder.ts';

export interface LargeStreamOptions {
  /** The stream ends with the first item boundary at or past this many bytes (then response.completed). */
  targetBytes: number;
  seed?: string;
  model?: string;
  /** Characters of text per message item (default 2 KiB, about 30 KB of SSE). */
  itemChars?: number;
  /** Characters per delta event (default 16). */
  deltaSize?: number;
}

const WORDS = ['the', 'relay', 'streams', 'tokens', 'codex', 'reads', 'each', 'event', 'patch', 'file', 'test', 'passes', 'and', 'then', 'output', 'done'];

/** SSE bytes, one chunk per output item (plus the opening and closing lifecycle events). */
export function* generateLargeSse(opts: LargeStreamOptions): Generator<Uint8Array> {
  const seed = opts.seed ?? 'relaycheck-large-stream';
  const itemChars = opts.itemChars ?? 2 * 1024;
  const deltaSize = opts.deltaSize ?? 16;
  const nextId = createIdFactory(seed);
  const words = wordSource(seed);
  const response = initialResponse(nextId('resp'), { model: opts.model ?? 'gpt-5.5', createdAt: 1_700_000_000 });
  let sequence = 0;
  let bytes = 0;
  let outputCharacters = 0;
  const encode = (events: UnnumberedEvent[]): Uint8Array => {
    const numbered = numberEvents(events, sequence);
    sequence += numbered.length;
    const chunk = Buffer.from(numbered.map((event) => sseFrame(event)).join(''));
    bytes += chunk.byteLength;
    return chunk;
  };

  yield encode(startEvents(response));
  for (let index = 0; bytes < opts.targetBytes; index++) {
    const item = completeItem(replyAt(index, words, itemChars), nextId);
    outputCharacters += outputChars([item]);
    yield encode(itemEvents(item, index, deltaSize));
  }
  // The items already went out in output_item.done, where Codex reads them. Repeating a gigabyte
  // of output in one response.completed line would make the benchmark measure one giant line.
  yield encode([completedEvent(response, [], usageFor(1_000, 0, outputCharacters))]);
}

function replyAt(index: number, words: () => string, itemChars: number): ReplyItem {
  if (index % 10 === 8) return { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: `echo ${words()} ${words()}` }) };
  if (index % 10 === 9) return { type: 'custom_tool_call', name: 'apply_patch', input: `*** Begin Patch\n*** Add File: notes-${index}.txt\n+${words()} ${words()}\n*** End Patch\n` };
  let text = '';
  while (text.length < itemChars) text += `${words()} `;
  return { type: 'message', text: text.slice(0, itemChars) };
}

/** Words chosen by a small seeded PRNG (mulberry32): cheap, and the same seed gives the same text. */
function wordSource(seed: string): () => string {
  let state = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return WORDS[((t ^ (t >>> 14)) >>> 0) % WORDS.length]!;
  };
}
