// Misbehaviour in what a body holds: not a stream at all, compressed, badly encoded, deeply nested,
// or a stream whose terminal event is damaged, repeated or followed by more.
import zlib from 'node:zlib';
import { CheckId } from '../../checks/ids.ts';
import type { HostileBehaviour } from './behaviour.ts';
import { startHttpRelay } from '../loopback-servers.ts';
import { SSE_HEAD, serializeSse, sseFrame, validTurn } from './valid-stream.ts';
import { pump, repeat } from './writers.ts';
import { ZSTD_FRAME_HEADER, ZSTD_MAX_BLOCK, zstdFrame } from '../compress-body.ts';

const TURN = validTurn();
const VALID = serializeSse(TURN);
const EVENTS = TURN.slice(0, -1); // … output_item.done
const COMPLETED = TURN.at(-1)!;

/** A 200 stream of these bytes. */
const stream = (body: string | Buffer, headers: Record<string, string> = SSE_HEAD) =>
  startHttpRelay((_req, res) => {
    res.writeHead(200, headers);
    res.end(body);
  });

/** Bytes of the valid turn with `bad` spliced in just before `marker` (first occurrence after `from`). */
function spliced(marker: string, bad: Buffer, from = 0): Buffer {
  const at = Buffer.byteLength(VALID.slice(0, VALID.indexOf(marker, from)));
  const bytes = Buffer.from(VALID);
  return Buffer.concat([bytes.subarray(0, at), bad, bytes.subarray(at)]);
}

/** A zstd frame of `blocks` RLE blocks, each 128 KiB of "\n" (blank lines: no event, no long line). */
function zstdBomb(blocks: number): Buffer {
  const rle = (last: boolean) => {
    const header = (ZSTD_MAX_BLOCK << 3) | (1 << 1) | (last ? 1 : 0);
    return Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff, 0x0a]);
  };
  return Buffer.concat([ZSTD_FRAME_HEADER, ...Array.from({ length: blocks }, (_, i) => rle(i === blocks - 1))]);
}

/** An array nested `depth` levels deep, built as text (JSON.stringify would recurse). */
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/**
 * One gzip member of 16 MB of SSE comments (about 16 KB compressed). relaycheck, like Codex, asks
 * for no encoding and inflates nothing, so a bomb only ever costs it its compressed bytes.
 */
let bombMember: Buffer | undefined;
const gzipBombMember = () => (bombMember ??= zlib.gzipSync(`${': '.padEnd(1023, 'z')}\n`.repeat(16 * 1024), { level: 9 }));

/**
 * A valid turn whose response.created carries a `mb` MB response.id, followed by `count`
 * response.in_progress events each with another, short id: every one of them is a failure of
 * stream.response-id-consistent that quotes the huge id as what was expected.
 */
function* hugeResponseId(mb: number, count: number): Generator<string> {
  const [created, inProgress, ...rest] = TURN;
  const response = created!.response as Record<string, unknown>;
  yield sseFrame({ ...created!, response: { ...response, id: `resp_${'7'.repeat(mb * 1024 * 1024)}` } });
  for (let i = 0; i < count; i++) yield sseFrame({ ...inProgress!, response: { ...response, id: `resp_other_${i}` } });
  // The rest, numbered after the extra events, with response.completed back on the short id.
  yield serializeSse(rest.map((event) => ({ ...event, sequence_number: event.sequence_number + count })));
}

/** `count` events whose event: name and data type are each `mb` MB long (unknown types, which Codex skips), then a valid turn. */
function* hugeEventNames(mb: number, count: number): Generator<string> {
  for (let i = 0; i < count; i++) {
    const name = `vendor.${String(i).padStart(2, '0')}.${'n'.repeat(mb * 1024 * 1024)}`;
    yield `event: ${name}\ndata: {"type":"${name.replace('vendor.', 'vendor.type.')}"}\n\n`;
  }
  yield VALID;
}

export const contentBehaviours: HostileBehaviour[] = [
  {
    name: 'html-page-with-200',
    description: 'Answers 200 with an HTML login page instead of a stream (a captive portal or proxy).',
    start: () => stream('<!DOCTYPE html><html><head><title>Sign in</title></head><body><form>…</form></body></html>', { 'content-type': 'text/html' }),
    expect: { status: 'fail', check: CheckId.terminalEvent },
  },
  {
    name: 'json-instead-of-stream',
    description: 'Ignores stream:true and answers 200 with the whole Response object as JSON.',
    start: () => stream(JSON.stringify(COMPLETED.response), { 'content-type': 'application/json' }),
    expect: { status: 'fail', check: CheckId.terminalEvent },
  },
  {
    name: 'empty-200',
    description: 'Answers 200 text/event-stream with an empty body.',
    start: () => stream(''),
    expect: { status: 'fail', check: CheckId.terminalEvent },
  },
  {
    name: 'html-error-page-502',
    description: 'Answers 502 with a proxy\'s HTML error page.',
    start: () =>
      startHttpRelay((_req, res) => {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>');
      }),
    expect: { status: 'fail', check: CheckId.statusOk },
  },
  {
    name: 'terminal-escapes-in-error',
    description: 'Answers 500 with a body full of terminal escape sequences, NUL and bidi control characters.',
    start: () =>
      startHttpRelay((_req, res) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('\u001b]0;owned\u0007\u001b[2J\u001b[31mfatal\u0000\u202e error\r\n\u001b[?1049h');
      }),
    expect: { status: 'fail', check: CheckId.statusOk },
  },
  {
    name: 'gzip-encoded-valid-stream',
    description: 'Sends a valid turn gzip-compressed with Content-Encoding: gzip, whatever the request asked for (Codex 0.171.0 decodes it; 0.169.0 reads the raw bytes and fails on them).',
    start: () => stream(zlib.gzipSync(VALID), { ...SSE_HEAD, 'content-encoding': 'gzip' }),
    expect: { status: 'pass' },
  },
  {
    name: 'zstd-encoded-valid-stream',
    description: 'Sends a valid turn as one zstd frame with Content-Encoding: zstd, whatever the request asked for (Codex 0.171.0 decodes it; 0.169.0 reads the raw bytes and fails on them).',
    start: () => stream(zstdFrame(Buffer.from(VALID)), { ...SSE_HEAD, 'content-encoding': 'zstd' }),
    expect: { status: 'pass' },
  },
  {
    name: 'zstd-bomb',
    description: 'Content-Encoding: zstd, a frame of 16 384 RLE blocks of 128 KiB of newlines each: 64 KB on the wire, 2 GB decoded.',
    start: () => stream(zstdBomb(16_384), { ...SSE_HEAD, 'content-encoding': 'zstd' }),
    expect: { status: 'fail', check: CheckId.terminalEvent },
    heavy: true,
  },
  {
    name: 'gzip-bomb',
    description: 'Content-Encoding: gzip, 64 gzip members of 16 MB of SSE comments each: about 1 MB on the wire, 1 GB inflated.',
    start: () =>
      startHttpRelay((_req, res, { scope }) => {
        res.writeHead(200, { ...SSE_HEAD, 'content-encoding': 'gzip' });
        pump(res, repeat(gzipBombMember(), 64), scope);
      }),
    // Inflated (as Codex 0.171.0 does) it is comments only: an idle timer longer than inflating up to
    // the decoded-bytes bound takes makes that bound, not the timer, end it (8 s / 10 s were not
    // enough on a loaded 2-core machine on 2026-12-03).
    limits: { idleTimeoutMs: 20_000, deadlineMs: 30_000 },
    expect: { status: 'fail', check: CheckId.terminalEvent },
  },
  {
    name: 'bom-before-stream',
    description: 'A valid turn preceded by a UTF-8 byte order mark (Codex then reads no event at all).',
    start: () => stream(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(VALID)])),
    expect: { status: 'fail', check: CheckId.terminalEvent },
  },
  {
    name: 'invalid-utf8-in-text',
    description: 'Bytes that are not UTF-8 inside a text delta of an otherwise valid turn (Codex fails the stream there).',
    start: () => stream(spliced('om a rel', Buffer.from([0xff, 0xfe, 0xc3]))),
    expect: { status: 'fail', check: CheckId.terminalEvent },
  },
  {
    name: 'invalid-utf8-after-terminal',
    description: 'A valid turn, then bytes that are not UTF-8 after response.completed, where Codex no longer reads.',
    start: () => stream(Buffer.concat([Buffer.from(VALID), Buffer.from([0xc0, 0xaf, 0x0a, 0x0a])])),
    expect: { status: 'warn', check: CheckId.framing },
  },
  {
    name: 'nul-bytes-in-events',
    description: 'Events whose data holds raw NUL bytes and other control characters, around a valid turn.',
    start: () => stream(`data: \u0000\u0000\u0001\u0002\n\nid: a\u0000b\ndata: {"type":"\u0000"}\n\n${VALID}`),
    expect: { status: 'warn', check: CheckId.eventsParse },
  },
  {
    name: 'deeply-nested-json',
    description: 'An output_item.done whose item is an array nested 200,000 levels deep, then response.completed.',
    start: () =>
      stream(`${serializeSse(EVENTS.slice(0, -1))}data: {"type":"response.output_item.done","output_index":0,"sequence_number":${EVENTS.length - 1},"item":${nested(200_000)}}\n\n${sseFrame(COMPLETED)}`),
    expect: { status: 'fail', check: CheckId.itemsParsable },
  },
  {
    name: 'events-after-terminal',
    description: 'Keeps sending delta events after response.completed.',
    start: () => stream(`${VALID}${serializeSse(EVENTS.slice(4, 6).map((e, i) => ({ ...e, sequence_number: TURN.length + i })))}`),
    expect: { status: 'warn', check: CheckId.singleTerminal },
  },
  {
    name: 'duplicated-terminal',
    description: 'Sends response.completed twice.',
    start: () => stream(`${VALID}${sseFrame({ ...COMPLETED, sequence_number: TURN.length })}`),
    expect: { status: 'warn', check: CheckId.singleTerminal },
  },
  {
    name: 'terminal-without-blank-line',
    description: 'Ends the stream right after the response.completed data line, without the blank line that dispatches it.',
    start: () => stream(VALID.slice(0, -1)),
    expect: { status: 'fail', check: CheckId.terminalEvent },
  },
  {
    name: 'terminal-pretty-printed',
    description: 'Sends response.completed as pretty-printed JSON over many data: lines (Codex joins them and copes).',
    start: () => stream(`${serializeSse(EVENTS)}${JSON.stringify(COMPLETED, null, 2).split('\n').map((l) => `data: ${l}\n`).join('')}\n`),
    expect: { status: 'warn', check: CheckId.framing },
  },
  {
    name: 'terminal-merged-into-previous-event',
    description: 'Sends output_item.done and response.completed as two JSON documents in one event: the joined data is not JSON.',
    start: () => {
      const last = EVENTS[EVENTS.length - 1]!;
      return stream(`${serializeSse(EVENTS.slice(0, -1))}data: ${JSON.stringify(last)}\ndata: ${JSON.stringify(COMPLETED)}\n\n`);
    },
    expect: { status: 'fail', check: CheckId.terminalEvent },
  },
  {
    name: 'response-id-7mb-in-every-failure',
    description: 'response.created carries a 7 MB response.id, then 25 response.in_progress events name other ids: each failure would quote 7 MB.',
    start: () =>
      startHttpRelay((_req, res, { scope }) => {
        res.writeHead(200, SSE_HEAD);
        pump(res, hugeResponseId(7, 25), scope);
      }),
    expect: { status: 'warn', check: CheckId.responseIdConsistent },
    limits: { deadlineMs: 10_000, idleTimeoutMs: 10_000 },
    heavy: true,
  },
  {
    name: 'event-names-1mb',
    description: '20 events whose event: name and data.type are 1 MB each (unknown types, which Codex skips), then a valid turn.',
    start: () =>
      startHttpRelay((_req, res, { scope }) => {
        res.writeHead(200, SSE_HEAD);
        pump(res, hugeEventNames(1, 20), scope);
      }),
    expect: { status: 'warn', check: CheckId.eventSchema },
    limits: { deadlineMs: 10_000, idleTimeoutMs: 10_000 },
    heavy: true,
  },
  {
    name: 'stream-served-as-html',
    description: 'A valid turn served with Content-Type text/html.',
    start: () => stream(VALID, { 'content-type': 'text/html; charset=utf-8' }),
    expect: { status: 'warn', check: CheckId.contentType },
  },
];
