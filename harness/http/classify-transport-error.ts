// Turns whatever undici/Node threw into the TransportError kinds the report speaks of. A relay that
// never answered is an `error` case, not a failed check: users need to know it was the network.
import type { TransportError, TransportErrorKind } from '../report/model.ts';

/** What a failed exchange can be; `not-attempted` is the runner's, for cases it never sent. */
type ExchangeErrorKind = Exclude<TransportErrorKind, 'not-attempted'>;

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_)/;

/** OpenSSL's words for a TLS hello answered in plain text (an HTTP server's 400 page). */
const PLAIN_HTTP_ANSWER = /wrong.version.number|packet.length.too.long|EPROTO|unknown protocol/i;

interface ErrorLike {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
}

export function classifyTransportError(error: unknown, context: { deadlineHit?: boolean; deadlineMs?: number } = {}): TransportError {
  if (context.deadlineHit) {
    return { kind: 'timeout', message: `no complete answer within the ${context.deadlineMs ?? '?'} ms deadline` };
  }
  // undici wraps the socket error in `cause`; the innermost code is the informative one.
  const chain: ErrorLike[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    chain.push(current as ErrorLike);
    current = (current as ErrorLike).cause;
  }
  const codes = chain.map((e) => String(e.code ?? '')).filter(Boolean);
  const message = chain.map((e) => String(e.message ?? '')).find(Boolean) ?? String(error);
  const kind = kindFor(codes, chain.map((e) => String(e.name ?? '')), chain.map((e) => String(e.message ?? '')));
  // Decided here once, as data: doctor reads the flag, not the message.
  const plainHttp = kind === 'tls' && PLAIN_HTTP_ANSWER.test(`${codes.at(-1) ?? ''} ${message}`);
  return { kind, message: describe(kind, codes, message, plainHttp), ...(plainHttp && { plainHttp: true as const }) };
}

function kindFor(codes: string[], names: string[], messages: string[]): ExchangeErrorKind {
  const has = (...wanted: string[]) => codes.some((c) => wanted.includes(c));
  // undici reports a 101 nobody asked for as a socket error; it is an answer that is not HTTP.
  if (has('UND_ERR_SOCKET') && messages.includes('bad upgrade')) return 'not-http';
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME')) return 'dns';
  if (has('ECONNREFUSED')) return 'refused';
  if (codes.some((c) => TLS_CODE.test(c))) return 'tls';
  if (has('UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT')) return 'timeout';
  if (has('UND_ERR_HEADERS_OVERFLOW', 'UND_ERR_RES_EXCEEDED_MAX_SIZE')) return 'too-large';
  if (codes.some((c) => c.startsWith('HPE_')) || names.includes('HTTPParserError')) return 'not-http';
  if (has('ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH')) return 'reset';
  return 'other';
}

const EXPLANATION: Record<ExchangeErrorKind, string> = {
  dns: 'the host name does not resolve',
  refused: 'nothing is listening at that address (connection refused)',
  reset: 'the connection was closed or reset mid-answer',
  tls: 'the TLS handshake failed',
  timeout: 'the relay did not answer in time',
  'not-http': 'the server did not answer with valid HTTP',
  'too-large': 'the answer exceeded a size bound',
  redirect: 'the relay redirected the request',
  other: 'the request failed',
};

function describe(kind: ExchangeErrorKind, codes: string[], message: string, plainHttp: boolean): string {
  const code = codes[codes.length - 1];
  const hint = plainHttp ? ': this port speaks plain HTTP: use http://' : '';
  return `${EXPLANATION[kind]}${hint}${code ? ` [${code}]` : ''}: ${message}`.slice(0, 500);
}
