// Misbehaviour in the timing and size of a 200 stream: too slow, never ending, too big.
import { CheckId } from '../../checks/ids.ts';
import type { HostileBehaviour } from './behaviour.ts';
import { startHttpRelay } from '../loopback-servers.ts';
import { SSE_HEAD, failedTurn, openDelta, openingEvents, serializeSse, sseFrame, validTurn } from './valid-stream.ts';
import { forever, pump, repeat, trickle } from './writers.ts';

const TURN = validTurn();
const VALID = serializeSse(TURN);
const OPENING = serializeSse(openingEvents());
const OPEN_COUNT = openingEvents().length;

/** 64 KB of a repeated string, so write loops hand the socket real chunks. */
const block = (unit: string) => unit.repeat(Math.max(1, Math.floor(65_536 / unit.length)));

/**
 * One event of about `mb` MB: a JSON object whose array of numbers runs over short `data:` lines
 * (valid JSON once the lines are joined with "\n", as Codex joins them), sent 64 KB at a time.
 */
function* hugeEvent(mb: number): Generator<string> {
  yield `data: {"type":"response.output_text.delta","item_id":"msg_0","output_index":0,"content_index":0,"delta":"x","pad":[0\n`;
  const lines = block('data: ,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1\n');
  for (let sent = 0; sent < mb * 1024 * 1024; sent += lines.length) yield lines;
  yield 'data: ]}\n\n';
}

/** `count` function_call items (added, then done with `mb` MB of JSON arguments), then response.completed. */
function* bigFunctionCalls(count: number, mb: number, firstSequence: number): Generator<string> {
  const args = JSON.stringify({ cmd: 'x'.repeat(mb * 1024 * 1024) });
  let sequence = firstSequence;
  for (let i = 0; i < count; i++) {
    const item = { id: `fc_${i}`, type: 'function_call', status: 'completed', arguments: args, call_id: `call_${i}`, name: 'exec_command' };
    yield sseFrame({ type: 'response.output_item.added', output_index: i + 1, item: { ...item, status: 'in_progress', arguments: '' }, sequence_number: sequence++ });
    yield sseFrame({ type: 'response.output_item.done', output_index: i + 1, item, sequence_number: sequence++ });
  }
  yield sseFrame({ ...TURN.at(-1)!, sequence_number: sequence });
}

export const streamBehaviours: HostileBehaviour[] = [
  {
    name: 'stall-after-headers',
    description: 'Sends a 200 text/event-stream head, then nothing, keeping the connection open.',
    start: () => startHttpRelay((_req, res) => res.writeHead(200, SSE_HEAD).flushHeaders()),
    expect: { status: 'fail', check: CheckId.idleGap },
  },
  {
    name: 'stall-mid-event',
    description: 'Streams the first events, then half of a delta event, then nothing.',
    start: () =>
      startHttpRelay((_req, res) => {
        res.writeHead(200, SSE_HEAD);
        res.write(`${OPENING}${sseFrame(openDelta(OPEN_COUNT)).slice(0, 50)}`);
      }),
    expect: { status: 'fail', check: CheckId.idleGap },
  },
  {
    name: 'comment-keepalives-only',
    description: 'Sends ": keep-alive" comments every 100 ms and never an event (comments do not reset Codex\'s idle timer).',
    start: () =>
      startHttpRelay((_req, res, { scope }) => {
        res.writeHead(200, SSE_HEAD);
        scope.every(100, () => res.write(': keep-alive\n\n'));
      }),
    expect: { status: 'fail', check: CheckId.idleGap },
  },
  {
    name: 'one-byte-per-second',
    description: 'Sends a valid turn one byte per second.',
    start: () =>
      startHttpRelay((_req, res, { scope }) => {
        res.writeHead(200, SSE_HEAD);
        trickle(res, VALID, { everyMs: 1_000, end: true }, scope);
      }),
    expect: { status: 'fail', check: CheckId.idleGap },
  },
  {
    name: 'never-ending-stream',
    description: 'Opens a message and streams a delta every 50 ms forever, never a terminal event.',
    start: () =>
      startHttpRelay((_req, res, { scope }) => {
        res.writeHead(200, SSE_HEAD);
        res.write(OPENING);
        let n = OPEN_COUNT;
        scope.every(50, () => res.write(sseFrame(openDelta(n++))));
      }),
    expect: { status: 'error', errorKind: 'timeout' },
  },
  {
    name: 'failed-then-held-open',
    description: 'Sends response.failed (server_error), then keeps the connection open with comments.',
    start: () =>
      startHttpRelay((_req, res, { scope }) => {
        res.writeHead(200, SSE_HEAD);
        res.write(serializeSse(failedTurn('Hello', { code: 'server_error', message: 'upstream exploded' })));
        scope.every(100, () => res.write(': still here\n\n'));
      }),
    expect: { status: 'fail', check: CheckId.failedCloses },
  },
  {
    name: 'line-50mb-no-newline',
    description: 'Sends "data: " and then 50 MB of one line that never ends.',
    start: () =>
      startHttpRelay((_req, res, { scope }) => {
        res.writeHead(200, SSE_HEAD);
        res.write('data: ');
        const piece = block('x');
        pump(res, repeat(piece, Math.ceil((50 * 1024 * 1024) / piece.length)), scope);
      }),
    expect: { status: 'fail', check: CheckId.terminalEvent, errorKind: 'too-large' },
    limits: { deadlineMs: 30_000 },
    heavy: true,
  },
  {
    name: 'firehose-past-byte-bound',
    description: 'Opens a message and streams deltas as fast as the reader takes them, without end.',
    start: () =>
      startHttpRelay((_req, res, { scope }) => {
        res.writeHead(200, SSE_HEAD);
        res.write(OPENING);
        pump(res, forever(block(sseFrame(openDelta(OPEN_COUNT)))), scope);
      }),
    expect: { status: 'fail', check: CheckId.terminalEvent, errorKind: 'too-large' },
    limits: { deadlineMs: 60_000 },
    heavy: true,
  },
  {
    name: 'event-60mb-many-data-lines',
    description: 'Opens a message, then sends one 60 MB event as a million short data: lines (each line well under the line bound).',
    start: () =>
      startHttpRelay((_req, res, { scope }) => {
        res.writeHead(200, SSE_HEAD);
        res.write(OPENING);
        pump(res, hugeEvent(60), scope);
      }),
    expect: { status: 'fail', check: CheckId.terminalEvent, errorKind: 'too-large' },
    // Codex's idle timer runs for events, and this event takes long: only the deadline may stop it.
    limits: { deadlineMs: 6_000, idleTimeoutMs: 6_000 },
    heavy: true,
  },
  {
    name: 'function-calls-8x7mb',
    description: 'A valid message, then 8 function_call items of 7.5 MB of arguments each (every event under the line bound), then response.completed.',
    start: () =>
      startHttpRelay((_req, res, { scope }) => {
        res.writeHead(200, SSE_HEAD);
        res.write(serializeSse(TURN.slice(0, -1)));
        pump(res, bigFunctionCalls(8, 7.5, TURN.length - 1), scope);
      }),
    expect: { status: 'pass' },
    // The expected outcome is a pass, so no bound may fire: building and parsing 60 MB of events took
    // over 6 s on a loaded 2-core machine (two test runs on 2026-12-03). The bounds only catch a hang.
    limits: { deadlineMs: 60_000, idleTimeoutMs: 20_000 },
    heavy: true,
  },
  {
    name: 'million-tiny-events',
    description: 'A valid turn with a million untyped "data:{}" events before response.completed.',
    start: () =>
      startHttpRelay((_req, res, { scope }) => {
        res.writeHead(200, SSE_HEAD);
        res.write(serializeSse(TURN.slice(0, -1)));
        const tiny = 'data:{}\n\n'.repeat(10_000);
        pump(res, repeat(tiny, 100, sseFrame(TURN.at(-1)!)), scope);
      }),
    expect: { status: 'warn', check: CheckId.eventsParse },
    limits: { deadlineMs: 60_000 },
    heavy: true,
  },
  {
    name: 'unknown-field-flood',
    description: 'Interleaves 20,000 lines of unknown SSE fields with a valid turn.',
    start: () =>
      startHttpRelay((_req, res, { scope }) => {
        res.writeHead(200, SSE_HEAD);
        res.write(OPENING);
        const rest = VALID.slice(OPENING.length);
        pump(res, repeat('x-junk: 0123456789\n'.repeat(1_000), 20, rest), scope);
      }),
    expect: { status: 'warn', check: CheckId.framing },
  },
];
