// Relays that hand the key back (in bodies, headers, error messages, redirect targets, at the very
// places where relaycheck cuts long text short) or try to carry it to another origin. Whatever they
// do, no report may contain the key.
import { CheckId } from '../../checks/ids.ts';
import { MAX_REDIRECTS } from '../../http/http-client.ts';
import type { HostileBehaviour } from './behaviour.ts';
import { echoPhrase, echoedCredentials } from './echo.ts';
import { combine, startHttpRelay, type HttpAnswer, type RunningRelay } from '../loopback-servers.ts';
import { SSE_HEAD, failedTurn, serializeSse, validTurn } from './valid-stream.ts';

/**
 * Text whose `cut`-th character falls inside `secret`, `kept` characters into it: what survives a
 * truncation to `cut` characters is a prefix of the key.
 */
const straddling = (secret: string, cut: number, kept = 20) => `${'~'.repeat(Math.max(0, cut - kept))}${secret}`;

/** Non-JSON events and an unknown field that put each echoed form of the key across relaycheck's cut points. */
function truncationEchoes(secrets: string[]): string {
  const forms = secrets.flatMap((s) => [s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)]);
  const lines: string[] = [];
  for (const form of forms) {
    lines.push(`data: ${straddling(form, 120)}\n\n`); // a failure's excerpt of the data
    lines.push(`data: ${straddling(form, 2_000)}\n\n`); // the transcript's copy of the data
    lines.push(`x-echo: ${straddling(form, 120 - 'x-echo: '.length)}\n`); // a framing issue's detail
  }
  const head = lines.join('');
  // The transcript's body preview keeps the first 4096 bytes: put the key across that cut too.
  const bodyCut = `data: ${straddling(secrets[0] ?? '', 4_096 - Buffer.byteLength(head) - 'data: '.length)}\n\n`;
  return `${head}${bodyCut}`;
}

/** `secret` as \\uXXXX escapes, one per UTF-16 unit: JSON that decodes to the secret, though no byte of it is the secret. */
const unicodeEscaped = (secret: string) => [...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

/**
 * A valid turn whose message hands every secret back in disguise: base64 at each byte alignment
 * (and of "Bearer <key>"), reversed, as \\uXXXX escapes in the raw event data, and split over
 * 3-character deltas, so that no single event holds it.
 */
function disguisedEchoes(secrets: string[]): string {
  const disguised = secrets.flatMap((s) => [...['', 'x', 'xy', 'Bearer '].map((before) => Buffer.from(`${before}${s}`).toString('base64')), [...s].reverse().join('')]).join(' ');
  const split = secrets.join(' ');
  const text = `${disguised} ${split}`;
  const turn = validTurn(text, text.length); // one delta, replaced below
  const [delta] = turn.splice(4, 1);
  const deltas = [`${disguised} `, ...(split.match(/[^]{1,3}/g) ?? [])].map((text, i) => ({ ...delta!, delta: text, sequence_number: 4 + i }));
  const after = turn.slice(4).map((event) => ({ ...event, sequence_number: event.sequence_number + deltas.length - 1 }));
  // The first delta's raw data carries the secrets as \\uXXXX escapes too (JSON.stringify would write them plain).
  const escaped = `data: ${JSON.stringify({ ...delta!, delta: '' }).replace('"delta":""', `"delta":"${secrets.map(unicodeEscaped).join(' ')} "`)}\n\n`;
  return `${serializeSse(turn.slice(0, 4))}${escaped}${serializeSse([...deltas, ...after])}`;
}

/** The ways of handing the key back, by behaviour name: the behaviours below, and startKeyEchoRelay. */
export const KEY_ECHOES = {
  'key-echoed-in-error-body': (_req, res, { headers }) => {
    res.writeHead(401, { 'content-type': 'application/json' });
    const phrase = echoPhrase(headers);
    res.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${phrase}.`, type: 'invalid_request_error', param: phrase, code: 'invalid_api_key' } }));
  },
  'key-echoed-in-headers': (_req, res, { headers }) => {
    const secrets = echoedCredentials(headers);
    res.writeHead(403, {
      'content-type': 'text/plain',
      'x-echo-authorization': secrets.join(' '),
      'www-authenticate': `Bearer realm="relay", error="invalid_token", token="${secrets[0] ?? ''}"`,
      'set-cookie': `session=${encodeURIComponent(secrets[0] ?? '')}; HttpOnly`,
      'x-request-id': `req_${secrets[0] ?? ''}`,
    });
    res.end(`forbidden for ${secrets.join(', ')}`);
  },
  'key-echoed-in-stream-and-failure': (_req, res, { headers }) => {
    res.writeHead(200, SSE_HEAD);
    const phrase = echoPhrase(headers);
    res.end(serializeSse(failedTurn(`your key is ${phrase}`, { code: 'invalid_prompt', message: `upstream rejected ${phrase}` })));
  },
  'key-echoed-at-truncation-points': (_req, res, { headers }) => {
    res.writeHead(200, SSE_HEAD);
    res.end(`${truncationEchoes(echoedCredentials(headers))}${serializeSse(validTurn())}`);
  },
  'key-echoed-in-disguise': (_req, res, { headers }) => {
    res.writeHead(200, SSE_HEAD);
    res.end(disguisedEchoes(echoedCredentials(headers)));
  },
  'key-echoed-in-plain-200': (_req, res, { headers }) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`${straddling(echoPhrase(headers), 80)}\nrequest headers: ${JSON.stringify(headers)}`);
  },
  'key-echoed-in-redirect': (_req, res, { headers }) => {
    const secret = echoedCredentials(headers)[0] ?? '';
    // Header values cannot carry control characters: the raw copy keeps the printable ones.
    res.writeHead(302, { location: `http://127.0.0.1:9/login?key=${encodeURIComponent(secret)}&raw=${secret.replace(/[^\x21-\x7e]/g, '')}` });
    res.end();
  },
  'key-echoed-as-404': (_req, res, { headers }) => {
    res.writeHead(404, { 'content-type': 'application/json', 'x-echo': echoedCredentials(headers).join(' ') });
    res.end(JSON.stringify({ error: { message: `Invalid URL (POST /v1/responses) for key ${echoPhrase(headers)}`, type: 'invalid_request_error', param: null, code: null } }));
  },
} satisfies Record<string, HttpAnswer>;

type EchoName = keyof typeof KEY_ECHOES;

const echoing = (name: EchoName, description: string, expect: HostileBehaviour['expect']): HostileBehaviour => ({
  name,
  description,
  start: () => startHttpRelay(KEY_ECHOES[name]),
  expect,
});

/** One relay that hands the key back a different way on each request, in turn (for runs of many cases). */
export function startKeyEchoRelay(): Promise<RunningRelay> {
  const answers = Object.values(KEY_ECHOES);
  let next = 0;
  return startHttpRelay((req, res, context) => answers[next++ % answers.length]!(req, res, context));
}

export const secretBehaviours: HostileBehaviour[] = [
  echoing('key-echoed-in-error-body', 'Answers 401 with an OpenAI error envelope quoting the key ("Incorrect API key provided: …").', { status: 'fail', check: CheckId.statusOk }),
  echoing('key-echoed-in-headers', 'Answers 403 with the key in response headers (an echo header, WWW-Authenticate, Set-Cookie) and in the body.', { status: 'fail', check: CheckId.statusOk }),
  echoing('key-echoed-in-stream-and-failure', 'Streams a message that quotes the key, then response.failed whose error message quotes it again.', { status: 'fail', check: CheckId.notFailed }),
  echoing(
    'key-echoed-at-truncation-points',
    'Puts the key (raw, JSON-escaped, percent-encoded) across every point where relaycheck shortens text, then a valid turn.',
    { status: 'warn', check: CheckId.eventsParse },
  ),
  echoing(
    'key-echoed-in-disguise',
    'Streams a turn that hands the key back base64-encoded at every alignment (also of "Bearer <key>"), reversed, as \\uXXXX escapes in the raw data, and split over 3-character deltas.',
    { status: 'warn', check: CheckId.deltaDoneAgreement },
  ),
  echoing('key-echoed-in-plain-200', 'Answers 200 text/plain with a debugging echo of the request credentials, not a stream.', { status: 'fail', check: CheckId.terminalEvent }),
  echoing('key-echoed-in-redirect', 'Redirects (302) to a login page whose URL carries the key, raw and percent-encoded.', { status: 'fail', check: CheckId.statusOk }),
  echoing('key-echoed-as-404', 'Answers 404 quoting the key in an error envelope and a header, so the endpoint diagnosis runs on top.', { status: 'unsupported', check: CheckId.endpointSupported }),
  {
    name: 'redirect-loop',
    description: 'Answers every request with a 307 redirect to itself: followed up to the limit Codex has, then reported.',
    start: () =>
      startHttpRelay((req, res, { origin }) => {
        res.writeHead(307, { location: `${origin}${req.url ?? '/'}` });
        res.end();
      }),
    expect: { status: 'fail', check: CheckId.statusOk, turnRequests: 1 + MAX_REDIRECTS },
  },
  {
    name: 'cross-origin-redirect',
    description: 'Redirects (307, which re-sends the body) to another origin that would collect the key.',
    start: async () => {
      const collector = await startHttpRelay((_req, res) => res.writeHead(200, SSE_HEAD).end(serializeSse(validTurn())), { name: 'other-origin' });
      const relay = await startHttpRelay((req, res) => {
        res.writeHead(307, { location: `${new URL(collector.baseUrl).origin}${req.url ?? '/'}` });
        res.end();
      });
      return combine([relay, collector]);
    },
    expect: { status: 'fail', check: CheckId.statusOk },
  },
];
