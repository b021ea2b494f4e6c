// Checks on the HTTP answer itself: is /responses there, did it accept Codex's request, is it a stream.
import { CheckId } from './ids.ts';
import { type Check, excerpt, isRecord } from './check.ts';
import { MAX_REDIRECTS, type ResponseHead } from '../http/http-client.ts';
import { relayWords } from '../report/plain-text.ts';

const UNSUPPORTED = new Set([404, 405]);

export function isEndpointUnsupported(status: number | undefined): boolean {
  return status !== undefined && UNSUPPORTED.has(status);
}

/** An OpenAI error envelope with code model_not_found: the endpoint is there and refused the model. */
export function isModelRefusal(bodyText: string | undefined): boolean {
  try {
    const parsed: unknown = JSON.parse(bodyText ?? '');
    return isRecord(parsed) && isRecord(parsed.error) && parsed.error.code === 'model_not_found';
  } catch {
    return false;
  }
}

/** The `error.message` of an OpenAI error envelope, else the start of the body: the relay's words, quoted and made inert. */
export function errorBodySummary(bodyText: string | undefined): string {
  if (!bodyText) return 'empty body';
  try {
    const parsed: unknown = JSON.parse(bodyText);
    if (isRecord(parsed) && isRecord(parsed.error) && typeof parsed.error.message === 'string') return relayWords(parsed.error.message, 300);
  } catch {
    // not JSON: fall through to the raw start
  }
  const text = bodyText.replace(/\s+/g, ' ').trim();
  return /^<(!doctype|html)/i.test(text) ? `an HTML page: ${relayWords(text, 100)}` : relayWords(text, 160);
}

/** What Codex (reqwest's redirect policy, measured in docs/codex-ground-truth.md) does with a redirect relaycheck did not follow. */
function explainRedirect(status: number, location: string | undefined, head: ResponseHead): string {
  const where = `${status} to ${location ?? 'no Location'}`;
  if (head.redirectedFrom && head.redirectedFrom.length >= MAX_REDIRECTS) return `the relay redirects in a loop (${where} after ${MAX_REDIRECTS} redirects); Codex gives up after ${MAX_REDIRECTS} too`;
  if (status === 307 || status === 308) {
    return `the relay redirects to another origin (${where}); Codex follows it without the Authorization header, so the turn fails there: point base_url at the final address`;
  }
  return `the relay redirects (${where}); Codex re-sends a ${status} as a GET without the request body, so the turn fails: point base_url at the final address`;
}

function explainStatus(status: number, bodyText: string | undefined, head: ResponseHead): string {
  const said = errorBodySummary(bodyText);
  const headers = head.headers;
  if (status >= 300 && status < 400) return explainRedirect(status, headers.location, head);
  // Codex shows only the envelope's message for this code, 400 or 404 (measured).
  if (isModelRefusal(bodyText)) return `the relay does not serve this model (${status} model_not_found): ${said}; check the model name (some relays want a provider prefix such as openai/gpt-5.5)`;
  if (status === 400) return `the relay rejected Codex's request (400): ${said}`;
  if (status === 401 || status === 403) return `the relay refused the credentials (${status}): ${said}`;
  // Codex retries a 429 only when Retry-After is present (measured); 5xx always.
  if (status === 429) return `rate limited (429): ${said}; Codex ${headers['retry-after'] ? 'retries, then fails with "exceeded retry limit"' : 'fails at once (no Retry-After header)'}`;
  if (status >= 500) return `server error (${status}): ${said}; Codex retries, then fails`;
  return `HTTP ${status}: ${said}`;
}

export const endpointSupported: Check = {
  id: CheckId.endpointSupported,
  severity: 'required',
  title: 'POST {base_url}/responses exists',
  requirement: 'The relay must serve POST {base_url}/responses: Codex speaks only the Responses API and fails with "unexpected status 404/405" otherwise.',
  observe() {
    return {
      end(end) {
        if (!end.head) return { status: 'skip', message: 'no response from the relay' };
        const status = end.head.status;
        if (isEndpointUnsupported(status) && !isModelRefusal(end.bodyText)) {
          return {
            status: 'fail',
            message: `endpoint unsupported: HTTP ${status} on /responses (${errorBodySummary(end.bodyText)})`,
            failures: [{ message: `HTTP ${status}`, expected: 'a Responses API endpoint', actual: `${status}` }],
          };
        }
        return { status: 'pass', message: `HTTP ${status}` };
      },
    };
  },
};

export const statusOk: Check = {
  id: CheckId.statusOk,
  severity: 'required',
  title: "The relay accepts Codex's request",
  requirement: "Codex's recorded request (its tools, reasoning, include and metadata fields) must be answered with HTTP 200.",
  observe() {
    return {
      end(end) {
        if (!end.head) return { status: 'skip', message: 'no response from the relay' };
        const status = end.head.status;
        if (isEndpointUnsupported(status) && !isModelRefusal(end.bodyText)) return { status: 'skip', message: 'endpoint unsupported (see http.endpoint-supported)' };
        if (status === 200) {
          const hops = end.head.redirectedFrom?.length;
          return { status: 'pass', message: hops ? `HTTP 200 after ${hops} same-origin redirect(s), which Codex follows too` : 'HTTP 200' };
        }
        const message = explainStatus(status, end.bodyText, end.head);
        return { status: 'fail', message, failures: [{ message, expected: '200', actual: `${status}` }] };
      },
    };
  },
};

export const contentType: Check = {
  id: CheckId.contentType,
  severity: 'recommended',
  title: 'The stream is served as text/event-stream',
  requirement: 'A streamed answer should have Content-Type text/event-stream (Codex does not check it, but proxies and other clients do).',
  observe() {
    return {
      end(end) {
        if (end.head?.status !== 200) return { status: 'skip', message: 'no 200 answer' };
        const type = end.head.headers['content-type'];
        if (type && /^text\/event-stream\b/i.test(type)) return { status: 'pass', message: type };
        return { status: 'fail', message: `Content-Type is ${type ? excerpt(type, 80) : 'missing'}`, failures: [{ message: 'wrong content type', expected: 'text/event-stream', actual: type ?? 'absent' }] };
      },
    };
  },
};

export const httpChecks: Check[] = [endpointSupported, statusOk, contentType];
