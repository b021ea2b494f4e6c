import { CheckId } from '../../harness/checks/ids.ts';
import { type CheckExamples, fail, pass, skip } from '../helpers/check-examples.ts';
import { answered, completed, created, issue, named, raw, referenceStream, stream, streamed } from '../helpers/sse-builder.ts';

const twoEvents = stream(created(), completed());
const manyIssues = Array.from({ length: 21 }, (_, i) => issue('unknown-field', i, `line ${i}: field "foo" ignored`));

export const examples: CheckExamples = {
  [CheckId.framing]: [
    { name: 'clean events', events: twoEvents, expect: pass('2 event(s) cleanly framed') },
    {
      name: 'each framing issue is one failure, placed on the timeline',
      events: twoEvents,
      end: streamed(twoEvents, { framing: [issue('multi-data-lines', 1, 'event 1 has 2 data: lines'), issue('bom', 0, 'UTF-8 byte order mark')] }),
      expect: fail('2 framing problem(s)', [
        { message: 'multi-data-lines: event 1 has 2 data: lines', eventIndex: 1 },
        { message: 'bom: UTF-8 byte order mark', eventIndex: 0 },
      ]),
    },
    {
      name: 'failures past the bound are counted, not listed',
      end: streamed([], { framing: manyIssues }),
      expect: fail('21 framing problem(s) (1 more not listed)', manyIssues.slice(0, 20).map((i) => ({ message: `unknown-field: ${i.detail}`, eventIndex: i.eventIndex }))),
    },
    { name: 'no stream to check', end: answered(404, '', {}, { framing: [issue('bom', 0, 'x')] }), expect: skip('HTTP 404: no stream to check') },
  ],

  [CheckId.eventNameMatchesType]: [
    { name: 'event: names equal to data.type', events: referenceStream({ type: 'message', text: 'hi' }), expect: pass('event names match data.type') },
    { name: 'events without an event: line, or without a type, are not compared', events: stream(created(), named('done', raw('[DONE]')), completed()), expect: pass('event names match data.type') },
    {
      name: 'a name that differs from data.type',
      events: stream(named('response.created', created()), named('response.done', completed())),
      expect: fail('1 event(s) named differently from their data.type', [{ message: 'event name differs from data.type', path: '/type', eventIndex: 1, expected: 'response.done', actual: 'response.completed' }]),
    },
    { name: 'no stream to check', end: answered(500), expect: skip('HTTP 500: no stream to check') },
  ],

  [CheckId.eventsParse]: [
    { name: 'typed JSON objects', events: twoEvents, expect: pass('all events are typed JSON objects') },
    {
      name: '[DONE] and a JSON object without type',
      events: stream(created(), raw('{"sequence_number":1}'), completed(), raw('[DONE]')),
      expect: fail('2 event(s) Codex skips as unreadable', [
        { message: 'data has no string type', eventIndex: 1, expected: 'JSON object with "type"', actual: '{"sequence_number":1}' },
        { message: 'data is not JSON', eventIndex: 3, expected: 'JSON object with "type"', actual: '[DONE]' },
      ]),
    },
    { name: 'no response at all', end: { ...answered(200), head: undefined, error: { kind: 'reset', message: 'socket hang up' } }, expect: skip('no response from the relay') },
  ],
};
