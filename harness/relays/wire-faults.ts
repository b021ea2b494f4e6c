// Relay bugs in how the stream is written rather than what it says: the response head, SSE framing,
// byte order marks, line endings, keep-alives and stalls. Some break Codex and some do not; which is
// which was measured with the real binary (docs/codex-ground-truth.md) and is re-measured by the
// agreement matrix (docs/codex-agreement.md).
import { HOLD_OPEN_MS } from './failure-faults.ts';
import type { ResponsesFault } from './reference-relay.ts';
import type { WireFrame } from './sse-body.ts';

/** Events a stalling relay sends before it goes quiet: created, in_progress, the first output_item.added. */
const EVENTS_BEFORE_STALL = 3;
/** Keep-alive spacing: well under any idle timeout a client would use. */
const KEEP_ALIVE_MS = 500;
/** How many data keep-alives a slow-but-alive relay sends: 2.5 s of them, longer than a short idle timeout. */
const DATA_KEEP_ALIVES = 5;

/** The completed Response as one application/json body: the relay ignored stream:true. */
export const jsonInsteadOfStream: ResponsesFault = {
  stream: (plan) => ({ ...plan, json: true }),
};

/** A correct stream served as application/json: Codex does not look at the Content-Type. */
export const wrongContentType: ResponsesFault = {
  stream: (plan) => ({ ...plan, contentType: 'application/json' }),
};

/** A UTF-8 byte order mark before the first event: Codex then reads no event of the stream. */
export const bomBeforeStream: ResponsesFault = {
  frames: (frames) => [`\uFEFF${frames[0] ?? ''}`, ...frames.slice(1)],
};

/** Lines ended with CRLF: spec-legal, and Codex reads them. */
export const crlfLineEndings: ResponsesFault = {
  frames: (frames) => frames.map((frame) => frame.replace(/\n/g, '\r\n')),
};

/** Lines ended with a bare CR: Codex reads every event but the last, whose final "\r\r" it never dispatches. */
export const bareCrLineEndings: ResponsesFault = {
  frames: (frames) => frames.map((frame) => frame.replace(/\n/g, '\r')),
};

/** The last output_item.done and response.completed written as ONE event with two `data:` lines:
 * joined with "\n" they are not one JSON document, so Codex drops both. */
export const twoObjectsInOneEvent: ResponsesFault = {
  frames: (frames) => {
    if (frames.length < 2) return frames;
    const [item, completed] = frames.slice(-2).map(dataLine);
    return [...frames.slice(0, -2), `event: response.completed\n${item}\n${completed}\n\n`];
  },
};

/** Every event's JSON split after its first comma over two `data:` lines: joined with "\n" it is
 * still one JSON document, so Codex reads it (spec-legal, if unusual). */
export const jsonSplitAcrossDataLines: ResponsesFault = {
  frames: (frames) => frames.map((frame) => frame.replace(/^data: ([^,\n]*,)/m, 'data: $1\ndata: ')),
};

/** `:` comment lines before and between events, and `data: [DONE]` at the end (a Chat Completions
 * habit): Codex skips both. */
export const doneAndComments: ResponsesFault = {
  frames: (frames) => [': relay keep-alive\n\n', ...frames.flatMap((frame) => [frame, ': ping\n\n']), 'data: [DONE]\n\n'],
};

/** `response.completed` usage counts written as `12.0`: valid JSON, but Codex's integer fields reject it. */
export const usageFloatCounts: ResponsesFault = {
  frames: (frames) => [...frames.slice(0, -1), frames.at(-1)!.replace(/"(input_tokens|output_tokens|total_tokens)":(\d+)([,}])/g, '"$1":$2.0$3')],
};

/** The stream stops after the first item opens and the socket stays open: no event for longer than any idle timeout. */
export const idleStall: ResponsesFault = {
  stream: (plan) => ({ ...plan, events: plan.events.slice(0, EVENTS_BEFORE_STALL), holdOpenMs: HOLD_OPEN_MS }),
};

/** The stream stalls but sends `: keep-alive` comments every 500 ms: comments do not reset Codex's idle timer. */
export const commentKeepAlives: ResponsesFault = {
  frames: (frames) => stallWith(frames.slice(0, EVENTS_BEFORE_STALL), ': keep-alive\n\n'),
};

/** A slow upstream bridged with `data: {"type":"keepalive"}` events every 500 ms for 2.5 s, then the
 * answer: any dispatched data event resets Codex's idle timer, so the turn completes. */
export const dataKeepAlives: ResponsesFault = {
  frames: (frames) => {
    const keepAlives = Array.from({ length: DATA_KEEP_ALIVES }, (): WireFrame[] => [{ pauseMs: KEEP_ALIVE_MS }, 'data: {"type":"keepalive"}\n\n']).flat();
    return [...frames.slice(0, EVENTS_BEFORE_STALL), ...keepAlives, ...frames.slice(EVENTS_BEFORE_STALL)];
  },
};

/** `first`, then `keepAlive` every KEEP_ALIVE_MS for as long as the client listens. */
function* stallWith(first: string[], keepAlive: string): Generator<WireFrame> {
  yield* first;
  for (;;) {
    yield { pauseMs: KEEP_ALIVE_MS };
    yield keepAlive;
  }
}

function dataLine(frame: string): string {
  return frame.split('\n').find((line) => line.startsWith('data:')) ?? '';
}
