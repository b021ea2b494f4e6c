import { CheckId } from '../../harness/checks/ids.ts';
import { type CheckExamples, fail, pass, skip } from '../helpers/check-examples.ts';
import { answered, completed, created, stream, streamed } from '../helpers/sse-builder.ts';

const turn = stream(created(), completed());
const withHeaders = (headers: Record<string, string>) => streamed(turn, { head: { status: 200, headers: { 'content-type': 'text/event-stream', ...headers }, headersMs: 5, url: 'http://127.0.0.1:8080/v1/responses' } });
const asking = (model: string) => ({ requestBody: { model, stream: true, input: [] } });

export const examples: CheckExamples = {
  [CheckId.modelNotRerouted]: [
    { name: 'no openai-model header', end: withHeaders({}), context: asking('gpt-5.5'), expect: pass('no openai-model header') },
    { name: 'the requested model', end: withHeaders({ 'openai-model': 'gpt-5.5' }), context: asking('gpt-5.5'), expect: pass('openai-model "gpt-5.5", the requested model') },
    {
      name: 'another model (a relay that renames, or passes its upstream header through)',
      end: withHeaders({ 'openai-model': 'gpt-4o-mini' }),
      context: asking('gpt-5.5'),
      expect: fail(
        'the openai-model header is "gpt-4o-mini", not the requested "gpt-5.5": Codex will warn on every turn that the model was rerouted to "gpt-4o-mini" (it prints "model rerouted: gpt-5.5 -> gpt-4o-mini" and an account warning); the turn completes',
        [{ message: 'openai-model header names another model', expected: 'gpt-5.5', actual: 'gpt-4o-mini' }],
      ),
    },
    {
      name: 'a header value that would forge terminal output is quoted inert',
      end: withHeaders({ 'openai-model': 'x\u001b[2Jy' }),
      context: asking('gpt-5.5'),
      expect: fail(
        'the openai-model header is "x\\u001b[2Jy", not the requested "gpt-5.5": Codex will warn on every turn that the model was rerouted to "x\\u001b[2Jy" (it prints "model rerouted: gpt-5.5 -> x\\u001b[2Jy" and an account warning); the turn completes',
        [{ message: 'openai-model header names another model', expected: 'gpt-5.5', actual: 'x\u001b[2Jy' }],
      ),
    },
    { name: 'a request without a model: nothing to compare the header with', end: withHeaders({ 'openai-model': 'gpt-4o-mini' }), context: { requestBody: { stream: true, input: [] } }, expect: pass('openai-model "gpt-4o-mini" (the request names no model to compare it with)') },
    { name: 'no stream to check', end: answered(500, '', { 'openai-model': 'gpt-4o-mini' }), context: asking('gpt-5.5'), expect: skip('HTTP 500: no stream to check') },
  ],
};
