// A relay can hand a secret back a few characters at a time, one text delta per event: no event
// holds it, but the transcript's deltas joined do (and so does anyone who reads them in a row). So
// the deltas of a transcript are joined and searched as one text, and every event whose delta holds
// a part of a secret gets that part redacted (its data re-serialized without it).
import type { TranscriptEvent } from '../report/model.ts';
import { type Redactor, replaceRanges } from './redact.ts';
import { isRecord } from '../checks/check.ts';

export function redactSplitSecrets(events: TranscriptEvent[], redactor: Redactor): TranscriptEvent[] {
  const pieces = events.map(deltaOf);
  const offsets: number[] = [];
  let joined = '';
  for (const piece of pieces) {
    offsets.push(joined.length);
    joined += piece?.delta ?? '';
  }
  const ranges = redactor.secretRanges(joined);
  if (ranges.length === 0) return events;
  return events.map((event, i) => {
    const piece = pieces[i];
    if (!piece) return event;
    const start = offsets[i]!;
    const end = start + piece.delta.length;
    const local = ranges.filter(([s, e]) => s < end && e > start).map(([s, e]): [number, number] => [Math.max(s, start) - start, Math.min(e, end) - start]);
    if (local.length === 0) return event;
    return { ...event, data: JSON.stringify({ ...piece.json, delta: replaceRanges(piece.delta, local) }) };
  });
}

/** The parsed data and its `delta` string, for events of a *.delta type whose data is whole JSON. */
function deltaOf(event: TranscriptEvent): { json: Record<string, unknown>; delta: string } | undefined {
  if (!event.type?.endsWith('.delta')) return undefined;
  try {
    const json: unknown = JSON.parse(event.data);
    if (isRecord(json) && typeof json.delta === 'string') return { json, delta: json.delta };
  } catch {
    // Cut to the transcript's bound: not a small delta anyway.
  }
  return undefined;
}
