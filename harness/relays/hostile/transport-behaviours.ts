// Misbehaviour at the socket and HTTP-framing level: answers that are not HTTP, that never come,
// that break off, or whose framing is broken. Raw TCP, because no HTTP library would send these.
import { CheckId } from '../../checks/ids.ts';
import type { HostileBehaviour } from './behaviour.ts';
import { CHUNKED_SSE_HEAD, LAST_CHUNK, chunk, noise, rawHead } from './raw-http.ts';
import { startTcpRelay } from '../loopback-servers.ts';
import { serializeSse, validTurn } from './valid-stream.ts';
import { trickle } from './writers.ts';

const VALID = serializeSse(validTurn());
const HALF_EVENT = VALID.slice(0, VALID.indexOf('response.output_text.delta') + 60);

export const transportBehaviours: HostileBehaviour[] = [
  {
    name: 'garbage-instead-of-http',
    description: 'Answers the request with 4 KB of random bytes and closes.',
    start: () => startTcpRelay((socket) => socket.end(noise(4096))),
    expect: { status: 'error', errorKind: 'not-http' },
  },
  {
    name: 'tls-alert-on-plain-http',
    description: 'Speaks TLS on an http:// port: answers with a TLS handshake-failure alert record.',
    start: () => startTcpRelay((socket) => socket.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]))),
    expect: { status: 'error', errorKind: 'not-http' },
  },
  {
    name: 'http2-frames-on-http1',
    description: 'Answers an HTTP/1.1 request with an HTTP/2 SETTINGS frame and GOAWAY.',
    start: () => startTcpRelay((socket) => socket.end(Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 8, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]))),
    expect: { status: 'error', errorKind: 'not-http' },
  },
  {
    name: 'close-without-answer',
    description: 'Reads the whole request, then closes the connection without a byte of answer.',
    start: () => startTcpRelay((socket) => socket.end()),
    expect: { status: 'error', errorKind: 'reset' },
  },
  {
    name: 'reset-on-connect',
    description: 'Resets (TCP RST) every connection as soon as it is accepted.',
    start: () => startTcpRelay((socket) => socket.resetAndDestroy(), { onConnect: true }),
    expect: { status: 'error', errorKind: 'reset' },
  },
  {
    name: 'silent-after-request',
    description: 'Reads the request and never answers, keeping the connection open.',
    start: () => startTcpRelay(() => undefined),
    expect: { status: 'error', errorKind: 'timeout' },
  },
  {
    name: 'status-line-then-stall',
    description: 'Sends the status line, then nothing: the head never ends.',
    start: () => startTcpRelay((socket) => socket.write('HTTP/1.1 200 OK\r\n')),
    expect: { status: 'error', errorKind: 'timeout' },
  },
  {
    name: 'head-one-byte-per-second',
    description: 'Sends a valid response head one byte per second (slowloris from the server side).',
    start: () => startTcpRelay((socket, { scope }) => trickle(socket, CHUNKED_SSE_HEAD, { everyMs: 1_000 }, scope)),
    expect: { status: 'error', errorKind: 'timeout' },
  },
  {
    name: 'informational-flood',
    description: 'Answers with an endless series of "102 Processing" interim responses, never a final one.',
    start: () => startTcpRelay((socket, { scope }) => scope.every(5, () => socket.write(rawHead('102 Processing')))),
    expect: { status: 'error', errorKind: 'timeout' },
  },
  {
    name: 'unrequested-protocol-switch',
    description: 'Answers "101 Switching Protocols" to a plain POST, then sends binary frames.',
    start: () =>
      startTcpRelay((socket) => {
        socket.write(rawHead('101 Switching Protocols', [['Upgrade', 'websocket'], ['Connection', 'Upgrade']]));
        socket.end(noise(64));
      }),
    expect: { status: 'error', errorKind: 'not-http' },
  },
  {
    name: 'invalid-status-code',
    description: 'Answers with a five-digit status code.',
    start: () => startTcpRelay((socket) => socket.end(rawHead('20000 OK', [['Content-Length', '0']]))),
    expect: { status: 'error', errorKind: 'not-http' },
  },
  {
    name: 'header-line-without-colon',
    description: 'A response head with a line that is not a header.',
    start: () => startTcpRelay((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nthis is not a header\r\n\r\n')),
    expect: { status: 'error', errorKind: 'not-http' },
  },
  {
    name: 'headers-1mb-many',
    description: '1 MB of response headers, as 16,384 headers of 64 bytes.',
    start: () =>
      startTcpRelay((socket) => {
        const headers = Array.from({ length: 16_384 }, (_, i): [string, string] => [`X-Flood-${i}`, 'f'.repeat(52 - String(i).length)]);
        socket.end(rawHead('200 OK', headers));
      }),
    expect: { status: 'error', errorKind: 'too-large' },
  },
  {
    name: 'header-value-1mb',
    description: 'One response header whose value is 1 MB long.',
    start: () => startTcpRelay((socket) => socket.end(rawHead('200 OK', [['X-Huge', 'h'.repeat(1024 * 1024)]]))),
    expect: { status: 'error', errorKind: 'too-large' },
  },
  {
    name: 'conflicting-content-lengths',
    description: 'Two Content-Length headers with different values (a request-smuggling shape).',
    start: () => startTcpRelay((socket) => socket.end(`${rawHead('200 OK', [['Content-Length', '10'], ['Content-Length', '200']])}0123456789`)),
    expect: { status: 'error', errorKind: 'reset' },
  },
  {
    name: 'content-length-and-chunked',
    description: 'Both Content-Length and Transfer-Encoding: chunked on one response.',
    start: () => startTcpRelay((socket) => socket.end(`${rawHead('200 OK', [['Content-Length', '5'], ['Transfer-Encoding', 'chunked']])}${LAST_CHUNK}`)),
    expect: { status: 'error', errorKind: 'reset' },
  },
  {
    name: 'invalid-chunk-size',
    description: 'A chunked stream whose second chunk size is not hexadecimal.',
    start: () => startTcpRelay((socket) => socket.end(`${CHUNKED_SSE_HEAD}${chunk(HALF_EVENT).toString()}zz\r\nbroken\r\n`)),
    expect: { status: 'error', errorKind: 'not-http' },
  },
  {
    name: 'chunk-shorter-than-declared',
    description: 'Declares a 4096-byte chunk, sends 10 bytes of it and closes.',
    start: () => startTcpRelay((socket) => socket.end(`${CHUNKED_SSE_HEAD}1000\r\ndata: {"ty`)),
    expect: { status: 'error', errorKind: 'reset' },
  },
  {
    name: 'chunked-cut-before-last-chunk',
    description: 'Streams events in chunked encoding, then closes without the terminating zero-length chunk or a terminal event.',
    start: () => startTcpRelay((socket) => socket.end(`${CHUNKED_SSE_HEAD}${chunk(VALID.slice(0, VALID.indexOf('event: response.completed'))).toString()}`)),
    expect: { status: 'error', errorKind: 'reset' },
  },
  {
    name: 'reset-mid-event',
    description: 'Sends the head and half an event, then resets the connection (TCP RST).',
    start: () =>
      startTcpRelay((socket, { scope }) => {
        socket.write(`${CHUNKED_SSE_HEAD}${chunk(HALF_EVENT).toString()}`);
        scope.after(50, () => socket.resetAndDestroy());
      }),
    expect: { status: 'error', errorKind: 'reset' },
  },
  {
    name: 'close-delimited-cut-mid-event',
    description: 'A body delimited by connection close (no length, no chunking) that ends inside response.completed.',
    start: () =>
      startTcpRelay((socket) =>
        socket.end(`${rawHead('200 OK', [['Content-Type', 'text/event-stream'], ['Connection', 'close']])}${VALID.slice(0, VALID.length - 40)}`),
      ),
    expect: { status: 'fail', check: CheckId.terminalEvent },
  },
  {
    name: 'reset-after-terminal',
    description: 'A complete, valid turn, then a TCP reset instead of the last chunk: Codex stopped reading at response.completed.',
    start: () =>
      startTcpRelay((socket, { scope }) => {
        socket.write(`${CHUNKED_SSE_HEAD}${chunk(VALID).toString()}`);
        scope.after(20, () => socket.resetAndDestroy());
      }),
    expect: { status: 'pass' },
  },
];
