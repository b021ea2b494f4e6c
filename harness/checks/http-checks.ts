// Checks on the HTTP answer itself: is /responses there, does it serve the model, did it accept
// Codex's request, is it a stream. What a refusal means is decided by diagnosis/answer-kind.ts.
import { CheckId } from './ids.ts';
import { type Check, excerpt, isRecord } from './check.ts';
import { MAX_REDIRECTS, type ResponseHead } from '../http/http-client.ts';
import { classifyAnswer } from '../diagnosis/answer-kind.ts';
import { relayWords } from '../report/plain-text.ts';

/** The `error.message` of an OpenAI error envelope, else the start of the body: the relay's words, quoted and made inert. */
/** The relay's own words in an error answer, as data: the envelope's `error.message`, else the start of the body. */
export function errorBodyText(bodyText: string | undefined): { words: string; form: 'envelope' | 'html' | 'text' } | undefined {
  if (!bodyText) return undefined;
  try {
    const parsed: unknown = JSON.parse(bodyText);
    if (isRecord(parsed) && isRecord(parsed.error) && typeof parsed.error.message === 'string') return { words: parsed.error.message, form: 'envelope' };
  } catch {
    // not JSON: fall through to the raw start
  }
  const text = bodyText.replace(/\s+/g, ' ').trim();
  return { words: text, form: /^<(!doctype|html)/i.test(text) ? 'html' : 'text' };
}

/** errorBodyText for people: quoted as the relay's words, one line, bounded. */
export function errorBodySummary(bodyText: string | undefined): string {
  const said = errorBodyText(bodyText);
  if (!said) return 'empty body';
  if (said.form === 'html') return `an HTML page: ${relayWords(said.words, 100)}`;
  return relayWords(said.words, said.form === 'envelope' ? 300 : 160);
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
  if (classifyAnswer(status, bodyText) === 'credentials-refused') return `the relay refused the credentials (${status}): ${said}`;
  if (status === 400) return `the relay rejected Codex's request (400): ${said}`;
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
        if (classifyAnswer(status, end.bodyText) === 'endpoint-unsupported') {
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

export const modelServed: Check = {
  id: CheckId.modelServed,
  severity: 'required',
  title: 'The relay serves the model Codex asks for',
  requirement: 'The relay must serve the model named in Codex\'s request under that exact name: Codex sends config.toml\'s model as it is, and fails the turn with the relay\'s message when it is refused.',
  observe(context) {
    const model = typeof context.requestBody.model === 'string' ? context.requestBody.model : undefined;
    return {
      end(end) {
        if (!end.head) return { status: 'skip', message: 'no response from the relay' };
        const status = end.head.status;
        if (classifyAnswer(status, end.bodyText) !== 'model-not-served') return { status: 'pass', message: status === 200 ? `model ${model ? `"${excerpt(model, 80)}" ` : ''}served` : `HTTP ${status} does not name the model` };
        // Codex shows the relay's own message for a refused model (measured: 404 model_not_found).
        const said = errorBodySummary(end.bodyText);
        const message = `the relay does not serve the model ${model ? `"${excerpt(model, 80)}"` : 'sent'} (HTTP ${status}): ${said}`;
        return { status: 'fail', message, failures: [{ message, path: '/model', expected: 'a model name the relay serves', actual: model ?? null }] };
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
        const kind = classifyAnswer(status, end.bodyText);
        if (kind === 'endpoint-unsupported') return { status: 'skip', message: 'endpoint unsupported (see http.endpoint-supported)' };
        if (kind === 'model-not-served') return { status: 'skip', message: 'model not served (see http.model-served)' };
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

export const httpChecks: Check[] = [endpointSupported, modelServed, statusOk, contentType];
