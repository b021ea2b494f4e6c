import { CheckId } from '../../harness/checks/ids.ts';
import { type CheckExample, type CheckExamples, fail, pass } from '../helpers/check-examples.ts';
import { answered, streamed, unanswered } from '../helpers/sse-builder.ts';

const envelope = { error: { message: 'unknown parameter: foo', type: 'invalid_request_error', param: 'foo', code: null } };

/** Both checks hold a refusal to the same rule; only what was refused differs. */
function rejectionExamples(what: string): CheckExample[] {
  return [
    { name: '400 with a full envelope', end: answered(400, envelope), expect: pass('HTTP 400 with an OpenAI error envelope') },
    { name: '499 is still a 4xx', end: answered(499, envelope), expect: pass('HTTP 499 with an OpenAI error envelope') },
    { name: 'a 200 stream', end: streamed([]), expect: fail(`${what} got HTTP 200`, [{ message: 'HTTP 200', expected: '4xx', actual: 200 }]) },
    { name: 'a 500', end: answered(500, envelope), expect: fail(`${what} got HTTP 500`, [{ message: 'HTTP 500', expected: '4xx', actual: 500 }]) },
    { name: 'a 399', end: answered(399, envelope), expect: fail(`${what} got HTTP 399`, [{ message: 'HTTP 399', expected: '4xx', actual: 399 }]) },
    {
      name: 'a body that is not JSON',
      end: answered(400, 'Bad Request'),
      expect: fail('HTTP 400, but the body is not JSON', [{ message: 'body is not an error envelope', expected: '{"error":{"message","type","code","param"}}', actual: 'Bad Request' }]),
    },
    {
      name: 'an empty body',
      end: answered(422, undefined, {}, { bodyText: undefined }),
      expect: fail('HTTP 422, but the body is not JSON', [{ message: 'body is not an error envelope', expected: '{"error":{"message","type","code","param"}}', actual: 'empty' }]),
    },
    {
      name: 'an envelope with only a message',
      end: answered(400, { error: { message: 'bad' } }),
      expect: fail('HTTP 400, but the error envelope is incomplete', [
        { message: '/error/type is required but absent', path: '/error/type', expected: 'present', actual: 'absent' },
        { message: '/error/param is required but absent', path: '/error/param', expected: 'present', actual: 'absent' },
        { message: '/error/code is required but absent', path: '/error/code', expected: 'present', actual: 'absent' },
      ]),
    },
    {
      name: 'no answer',
      end: unanswered(),
      expect: fail(`no answer to ${what}: connect ECONNREFUSED 127.0.0.1:8080`, [{ message: 'no answer', expected: '4xx with an error envelope', actual: 'refused' }]),
    },
    {
      name: 'no answer and no error recorded',
      end: { ...unanswered(), error: undefined },
      expect: fail(`no answer to ${what}: the relay did not respond`, [{ message: 'no answer', expected: '4xx with an error envelope', actual: 'nothing' }]),
    },
  ];
}

export const examples: CheckExamples = {
  [CheckId.errorEnvelope]: rejectionExamples('a malformed request'),
  [CheckId.unknownModelRejected]: rejectionExamples('an unknown model'),
};
