import type { ExchangeEnd } from '../../harness/exchange/exchange-end.ts';
import { CheckId } from '../../harness/checks/ids.ts';
import { type CheckExample, type CheckExamples, fail, pass, skip } from '../helpers/check-examples.ts';
import { answered, streamed, unanswered } from '../helpers/sse-builder.ts';

const modelNotFound = { error: { message: "The model 'gpt-5.5' does not exist", type: 'invalid_request_error', param: 'model', code: 'model_not_found' } };
const ok = streamed([]);
const redirected = (status: number, location: string | undefined, hops: number) => {
  const end = answered(status, '', location ? { location } : {});
  return { ...end, head: { ...end.head!, redirectedFrom: Array.from({ length: hops }, (_, i) => `http://127.0.0.1:8080/hop${i}`) } };
};
/** What http.model-served says about a refused model: the sentence, and the request's /model as what was refused. */
const notServed = (name: string, end: ExchangeEnd, model: string | undefined, message: string): CheckExample => ({
  name,
  end,
  context: model === undefined ? {} : { requestBody: { model } },
  expect: fail(message, [{ message, path: '/model', expected: 'a model name the relay serves', actual: model ?? null }]),
});
/** What http.status-ok says about an answer: its message is both the outcome and the failure. */
const refused = (status: number, message: string) => fail(message, [{ message, expected: '200', actual: `${status}` }]);

export const examples: CheckExamples = {
  [CheckId.endpointSupported]: [
    { name: 'a 200 stream', end: ok, expect: pass('HTTP 200') },
    { name: 'a 500 is an answer from the endpoint', end: answered(500), expect: pass('HTTP 500') },
    { name: 'a 404 refusing the model comes from the endpoint', end: answered(404, modelNotFound), expect: pass('HTTP 404') },
    {
      name: '404 with a plain body',
      end: answered(404, '  Not\n Found  '),
      expect: fail('endpoint unsupported: HTTP 404 on /responses ("Not Found")', [{ message: 'HTTP 404', expected: 'a Responses API endpoint', actual: '404' }]),
    },
    {
      name: '405 with an OpenAI error envelope',
      end: answered(405, { error: { message: 'Method Not Allowed', type: 'invalid_request_error', code: null } }),
      expect: fail('endpoint unsupported: HTTP 405 on /responses ("Method Not Allowed")', [{ message: 'HTTP 405', expected: 'a Responses API endpoint', actual: '405' }]),
    },
    {
      name: '404 with an HTML page',
      end: answered(404, '<!DOCTYPE html><html><body>nope</body></html>'),
      expect: fail('endpoint unsupported: HTTP 404 on /responses (an HTML page: "<!DOCTYPE html><html><body>nope</body></html>")', [{ message: 'HTTP 404', expected: 'a Responses API endpoint', actual: '404' }]),
    },
    {
      name: '404 with an empty body',
      end: answered(404, ''),
      expect: fail('endpoint unsupported: HTTP 404 on /responses (empty body)', [{ message: 'HTTP 404', expected: 'a Responses API endpoint', actual: '404' }]),
    },
    {
      name: '404 with JSON that is no envelope',
      end: answered(404, { error: 'no route', detail: { message: 1 } }),
      expect: fail('endpoint unsupported: HTTP 404 on /responses ("{\\"error\\":\\"no route\\",\\"detail\\":{\\"message\\":1}}")', [{ message: 'HTTP 404', expected: 'a Responses API endpoint', actual: '404' }]),
    },
    {
      name: 'an envelope whose message is no string is shown as the body',
      end: answered(404, { error: { message: 1 } }),
      expect: fail('endpoint unsupported: HTTP 404 on /responses ("{\\"error\\":{\\"message\\":1}}")', [{ message: 'HTTP 404', expected: 'a Responses API endpoint', actual: '404' }]),
    },
    {
      name: 'a plain body that mentions <html> later is text, not a page',
      end: answered(404, 'no route <html>'),
      expect: fail('endpoint unsupported: HTTP 404 on /responses ("no route <html>")', [{ message: 'HTTP 404', expected: 'a Responses API endpoint', actual: '404' }]),
    },
    {
      name: 'a plain body is cut at 160 characters',
      end: answered(404, 'n'.repeat(200)),
      expect: fail(`endpoint unsupported: HTTP 404 on /responses ("${'n'.repeat(159)}…")`, [{ message: 'HTTP 404', expected: 'a Responses API endpoint', actual: '404' }]),
    },
    {
      name: "an envelope's message is kept up to 300 characters",
      end: answered(405, { error: { message: 'm'.repeat(200) } }),
      expect: fail(`endpoint unsupported: HTTP 405 on /responses ("${'m'.repeat(200)}")`, [{ message: 'HTTP 405', expected: 'a Responses API endpoint', actual: '405' }]),
    },
    { name: 'no answer', end: unanswered(), expect: skip('no response from the relay') },
  ],

  [CheckId.modelServed]: [
    { name: 'a 200 stream for the model sent', end: ok, context: { requestBody: { model: 'gpt-5.5' } }, expect: pass('model "gpt-5.5" served') },
    { name: 'a 200 stream for a request without a model', end: ok, expect: pass('model served') },
    { name: 'a model that is no string is not named', end: ok, context: { requestBody: { model: 5 } }, expect: pass('model served') },
    { name: 'a long model name is cut', end: ok, context: { requestBody: { model: 'm'.repeat(100) } }, expect: pass(`model "${'m'.repeat(80)}…" served`) },
    { name: 'a plain 404 names no model', end: answered(404, 'Not Found'), expect: pass('HTTP 404 does not name the model') },
    { name: 'a 401 names no model', end: answered(401, { error: { message: 'invalid api key' } }), expect: pass('HTTP 401 does not name the model') },
    { name: 'a 503 "model unavailable" is an outage, not a refusal', end: answered(503, { error: { message: 'model gpt-5.5 is unavailable' } }), expect: pass('HTTP 503 does not name the model') },
    { name: 'no answer', end: unanswered(), expect: skip('no response from the relay') },
    notServed('404 model_not_found (OpenAI)', answered(404, modelNotFound), 'gpt-5.5', 'the relay does not serve the model "gpt-5.5" (HTTP 404): "The model \'gpt-5.5\' does not exist"'),
    notServed('400 model_not_found (proxies)', answered(400, modelNotFound), 'gpt-5.5', 'the relay does not serve the model "gpt-5.5" (HTTP 400): "The model \'gpt-5.5\' does not exist"'),
    notServed('422 unsupported model', answered(422, { detail: 'Unsupported model' }), 'gpt-5.5', 'the relay does not serve the model "gpt-5.5" (HTTP 422): "{\\"detail\\":\\"Unsupported model\\"}"'),
    notServed(
      '503 "no available channel" (new-api)',
      answered(503, { error: { message: '当前分组 default 下对于模型 gpt-5.5 无可用渠道', type: 'new_api_error' } }),
      'gpt-5.5',
      'the relay does not serve the model "gpt-5.5" (HTTP 503): "当前分组 default 下对于模型 gpt-5.5 无可用渠道"',
    ),
    notServed('a refusal of a request without a model', answered(404, modelNotFound), undefined, 'the relay does not serve the model sent (HTTP 404): "The model \'gpt-5.5\' does not exist"'),
  ],

  [CheckId.statusOk]: [
    { name: 'a 200 stream', end: ok, expect: pass('HTTP 200') },
    { name: 'a 200 after same-origin redirects', end: { ...ok, head: { ...ok.head!, redirectedFrom: ['http://127.0.0.1:8080/old/responses'] } }, expect: pass('HTTP 200 after 1 same-origin redirect(s), which Codex follows too') },
    { name: 'a 404 without the model refusal', end: answered(404, 'Not Found'), expect: skip('endpoint unsupported (see http.endpoint-supported)') },
    { name: 'a 405', end: answered(405), expect: skip('endpoint unsupported (see http.endpoint-supported)') },
    { name: 'no answer', end: unanswered(), expect: skip('no response from the relay') },
    { name: 'model_not_found on a 404 is http.model-served\'s to judge', end: answered(404, modelNotFound), expect: skip('model not served (see http.model-served)') },
    { name: 'model_not_found on a 400 too', end: answered(400, modelNotFound), expect: skip('model not served (see http.model-served)') },
    { name: 'a 400', end: answered(400, { error: { message: 'Unsupported parameter: include' } }), expect: refused(400, 'the relay rejected Codex\'s request (400): "Unsupported parameter: include"') },
    { name: 'a 401', end: answered(401, 'Unauthorized'), expect: refused(401, 'the relay refused the credentials (401): "Unauthorized"') },
    { name: 'a 403', end: answered(403, ''), expect: refused(403, 'the relay refused the credentials (403): empty body') },
    { name: 'a 429 without Retry-After', end: answered(429, 'slow down'), expect: refused(429, 'rate limited (429): "slow down"; Codex fails at once (no Retry-After header)') },
    { name: 'a 429 with Retry-After', end: answered(429, 'slow down', { 'retry-after': '2' }), expect: refused(429, 'rate limited (429): "slow down"; Codex retries, then fails with "exceeded retry limit"') },
    { name: 'a 500', end: answered(500, 'oops'), expect: refused(500, 'server error (500): "oops"; Codex retries, then fails') },
    { name: 'a 503', end: answered(503, 'oops'), expect: refused(503, 'server error (503): "oops"; Codex retries, then fails') },
    { name: 'a 418', end: answered(418, 'teapot'), expect: refused(418, 'HTTP 418: "teapot"') },
    { name: 'a 499', end: answered(499, 'closed'), expect: refused(499, 'HTTP 499: "closed"') },
    {
      name: 'a 302 redirect',
      end: redirected(302, 'http://127.0.0.1:9090/v1/responses', 0),
      expect: refused(302, 'the relay redirects (302 to http://127.0.0.1:9090/v1/responses); Codex re-sends a 302 as a GET without the request body, so the turn fails: point base_url at the final address'),
    },
    {
      name: 'a 301 without Location',
      end: redirected(301, undefined, 0),
      expect: refused(301, 'the relay redirects (301 to no Location); Codex re-sends a 301 as a GET without the request body, so the turn fails: point base_url at the final address'),
    },
    {
      name: 'a 307 to another origin',
      end: redirected(307, 'http://localhost:9090/v1/responses', 1),
      expect: refused(307, 'the relay redirects to another origin (307 to http://localhost:9090/v1/responses); Codex follows it without the Authorization header, so the turn fails there: point base_url at the final address'),
    },
    {
      name: 'a 308 to another origin',
      end: redirected(308, 'http://localhost:9090/v1/responses', 9),
      expect: refused(308, 'the relay redirects to another origin (308 to http://localhost:9090/v1/responses); Codex follows it without the Authorization header, so the turn fails there: point base_url at the final address'),
    },
    {
      name: 'a redirect loop',
      end: redirected(307, 'http://127.0.0.1:8080/v1/responses', 10),
      expect: refused(307, 'the relay redirects in a loop (307 to http://127.0.0.1:8080/v1/responses after 10 redirects); Codex gives up after 10 too'),
    },
    {
      name: 'anything from 300 to 399 counts as a redirect',
      end: answered(399, 'odd'),
      expect: refused(399, 'the relay redirects (399 to no Location); Codex re-sends a 399 as a GET without the request body, so the turn fails: point base_url at the final address'),
    },
    {
      name: 'a 300 is a redirect',
      end: answered(300, ''),
      expect: refused(300, 'the relay redirects (300 to no Location); Codex re-sends a 300 as a GET without the request body, so the turn fails: point base_url at the final address'),
    },
    { name: 'a 299 is neither success nor a redirect', end: answered(299, 'odd'), expect: refused(299, 'HTTP 299: "odd"') },
  ],

  [CheckId.contentType]: [
    { name: 'text/event-stream with a charset', end: streamed([], { head: { ...ok.head!, headers: { 'content-type': 'text/event-stream; charset=utf-8' } } }), expect: pass('text/event-stream; charset=utf-8') },
    { name: 'in any case', end: streamed([], { head: { ...ok.head!, headers: { 'content-type': 'Text/Event-Stream' } } }), expect: pass('Text/Event-Stream') },
    {
      name: 'application/json',
      end: streamed([], { head: { ...ok.head!, headers: { 'content-type': 'application/json' } } }),
      expect: fail('Content-Type is application/json', [{ message: 'wrong content type', expected: 'text/event-stream', actual: 'application/json' }]),
    },
    {
      name: 'a longer type that only starts alike',
      end: streamed([], { head: { ...ok.head!, headers: { 'content-type': 'text/event-streams' } } }),
      expect: fail('Content-Type is text/event-streams', [{ message: 'wrong content type', expected: 'text/event-stream', actual: 'text/event-streams' }]),
    },
    {
      name: 'the type inside another',
      end: streamed([], { head: { ...ok.head!, headers: { 'content-type': 'x-text/event-stream' } } }),
      expect: fail('Content-Type is x-text/event-stream', [{ message: 'wrong content type', expected: 'text/event-stream', actual: 'x-text/event-stream' }]),
    },
    { name: 'missing', end: streamed([], { head: { ...ok.head!, headers: {} } }), expect: fail('Content-Type is missing', [{ message: 'wrong content type', expected: 'text/event-stream', actual: 'absent' }]) },
    {
      name: 'a very long type is cut in the message',
      end: streamed([], { head: { ...ok.head!, headers: { 'content-type': `text/plain; ${'x'.repeat(100)}` } } }),
      expect: fail(`Content-Type is text/plain; ${'x'.repeat(68)}…`, [{ message: 'wrong content type', expected: 'text/event-stream', actual: `text/plain; ${'x'.repeat(100)}` }]),
    },
    { name: 'not a 200', end: answered(500, 'x', { 'content-type': 'text/html' }), expect: skip('no 200 answer') },
    { name: 'no answer', end: unanswered(), expect: skip('no 200 answer') },
  ],
};
