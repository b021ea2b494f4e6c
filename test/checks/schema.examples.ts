import { CheckId } from '../../harness/checks/ids.ts';
import { isRecord } from '../../harness/checks/check.ts';
import { type CheckExamples, fail, pass, skip } from '../helpers/check-examples.ts';
import { answered, created, ev, raw, referenceStream, stream, textDelta } from '../helpers/sse-builder.ts';

const reference = referenceStream({ type: 'message', text: 'hi' }, { type: 'function_call', name: 'exec_command', arguments: '{"cmd":"ls"}' });

/** The reference stream with `field` removed from the Response in its response.completed event. */
function withoutResponseField(field: string) {
  return reference.map((event) => {
    if (event.type !== 'response.completed' || !isRecord(event.json) || !isRecord(event.json.response)) return event;
    const { [field]: _removed, ...response } = event.json.response;
    const json = { ...event.json, response };
    return { ...event, json, data: JSON.stringify(json) };
  });
}
const completedIndex = reference.findIndex((event) => event.type === 'response.completed');

export const examples: CheckExamples = {
  [CheckId.eventSchema]: [
    { name: 'the reference stream', events: reference, expect: pass('all events match their schemas') },
    { name: 'untyped data is left to sse.events-parse', events: stream(raw('[DONE]'), raw('{"a":1}')), expect: pass('all events match their schemas') },
    {
      name: 'a delta without logprobs and a type the spec does not define',
      events: stream(textDelta(0, 'x'), ev('response.bogus')),
      expect: fail('2 schema problem(s) in events', [
        { message: '/logprobs is required but absent', path: '/logprobs', expected: 'present', actual: 'absent', eventIndex: 0 },
        { message: 'event type response.bogus is not in the OpenAI spec', path: '/type', eventIndex: 1, expected: 'a spec event type', actual: 'response.bogus' },
      ]),
    },
    { name: 'no stream to check', end: answered(500), expect: skip('HTTP 500: no stream to check') },
  ],

  [CheckId.responseSchema]: [
    { name: 'the reference stream', events: reference, expect: pass('3 Response object(s) match the schema') },
    {
      name: 'a completed Response without its model',
      events: withoutResponseField('model'),
      expect: fail('1 schema problem(s) in Response objects', [{ message: '/model is required but absent', path: '/response/model', expected: 'present', actual: 'absent', eventIndex: completedIndex }]),
    },
    {
      name: 'a lifecycle event whose response is not an object',
      events: stream(ev('response.in_progress', { response: 'x' })),
      expect: fail('1 schema problem(s) in Response objects', [{ message: '/: expected object, received "x"', path: '/response', expected: 'object', actual: '"x"', eventIndex: 0 }]),
    },
    { name: 'a stream without lifecycle events', events: stream(textDelta(0, 'x'), raw('[DONE]'), ev('response.output_item.done', { response: 1 })), expect: skip('no response lifecycle event') },
    { name: 'no stream to check', end: answered(500), events: stream(created()), expect: skip('HTTP 500: no stream to check') },
  ],
};
