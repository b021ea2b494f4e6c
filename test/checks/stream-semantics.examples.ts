import { CheckId } from '../../harness/checks/ids.ts';
import { type CheckExamples, fail, pass, skip } from '../helpers/check-examples.ts';
import { added, answered, completed, created, ev, failed, inProgress, itemDone, message, partAdded, partDone, raw, referenceStream, seq, stream, streamed, textDelta, textDone, unanswered } from '../helpers/sse-builder.ts';

/** Each delta type with its done type and the done field holding the final text. */
const TEXT_STREAMS = [
  ['response.output_text.delta', 'response.output_text.done', 'text'],
  ['response.function_call_arguments.delta', 'response.function_call_arguments.done', 'arguments'],
  ['response.custom_tool_call_input.delta', 'response.custom_tool_call_input.done', 'input'],
  ['response.reasoning_summary_text.delta', 'response.reasoning_summary_text.done', 'text'],
  ['response.reasoning_text.delta', 'response.reasoning_text.done', 'text'],
  ['response.refusal.delta', 'response.refusal.done', 'refusal'],
] as const;

const at = { item_id: 'item_0', output_index: 0 };

/** One delta for each of `count` texts, none of them done: more than the check tracks at once (10,000). */
const openTexts = (count: number) => Array.from({ length: count }, (_, i) => textDelta(i, 'x'));

/** An exchange that ended with neither a response head nor an error. */
const { error: _noError, ...nothingAtAll } = unanswered();

export const examples: CheckExamples = {
  [CheckId.sequenceNumbers]: [
    { name: 'frames on a WebSocket (101) are checked like a stream', events: stream(created(), seq(0, completed())), end: streamed(stream(created(), seq(0, completed())), { head: { status: 101, headers: {}, headersMs: 5, url: 'ws://127.0.0.1:8080/v1/responses' } }), expect: fail('1 sequence_number problem(s)', [{ message: 'sequence_number did not increase', path: '/sequence_number', eventIndex: 1, expected: '> 0', actual: 0 }]) },
    { name: 'neither a response nor an error', end: nothingAtAll, expect: skip('no response from the relay') },
    { name: 'numbers rise by one', events: referenceStream({ type: 'message', text: 'hi' }), expect: pass('sequence numbers increase') },
    { name: 'numbers may skip values', events: stream(seq(0, created()), seq(5, inProgress()), seq(9, completed())), expect: pass('sequence numbers increase') },
    { name: 'events that are not typed JSON are not numbered', events: stream(created(), raw('[DONE]'), raw('{"sequence_number":0}'), completed()), expect: pass('sequence numbers increase') },
    {
      name: 'a repeated number',
      events: stream(created(), seq(0, completed())),
      expect: fail('1 sequence_number problem(s)', [{ message: 'sequence_number did not increase', path: '/sequence_number', eventIndex: 1, expected: '> 0', actual: 0 }]),
    },
    {
      name: 'a number that goes back is the new reference',
      events: stream(seq(5, created()), seq(3, inProgress()), seq(4, completed())),
      expect: fail('1 sequence_number problem(s)', [{ message: 'sequence_number did not increase', path: '/sequence_number', eventIndex: 1, expected: '> 5', actual: 3 }]),
    },
    {
      name: 'a missing and a fractional number',
      events: stream(seq(false, created()), seq(1.5, completed())),
      expect: fail('2 sequence_number problem(s)', [
        { message: 'sequence_number missing or not an integer', path: '/sequence_number', eventIndex: 0, expected: 'integer', actual: 'absent' },
        { message: 'sequence_number missing or not an integer', path: '/sequence_number', eventIndex: 1, expected: 'integer', actual: '1.5' },
      ]),
    },
    {
      name: 'a number written as a string',
      events: stream(created(), seq(false, ev('response.completed', { response: { id: 'resp_1' }, sequence_number: '1' }))),
      expect: fail('1 sequence_number problem(s)', [{ message: 'sequence_number missing or not an integer', path: '/sequence_number', eventIndex: 1, expected: 'integer', actual: '1' }]),
    },
    { name: 'no stream to check', end: answered(502, 'Bad Gateway'), expect: skip('HTTP 502: no stream to check') },
  ],

  [CheckId.singleTerminal]: [
    { name: 'completed is the last event', events: stream(created(), completed()), expect: pass('one terminal event, last in the stream') },
    {
      name: 'a delta after completed',
      events: stream(created(), completed(), textDelta(0, 'late')),
      expect: fail('1 event(s) after the terminal event', [{ message: 'response.output_text.delta after the terminal event', eventIndex: 2, expected: 'end of stream', actual: 'response.output_text.delta' }]),
    },
    {
      name: 'a second terminal and [DONE] after failed',
      events: stream(failed(), completed(), raw('[DONE]')),
      expect: fail('2 event(s) after the terminal event', [
        { message: 'response.completed after the terminal event', eventIndex: 1, expected: 'end of stream', actual: 'response.completed' },
        { message: 'an event after the terminal event', eventIndex: 2, expected: 'end of stream', actual: '[DONE]' },
      ]),
    },
    { name: 'no terminal event at all', events: stream(created(), textDelta(0, 'x')), expect: skip('no terminal event (see sse.terminal-event)') },
    { name: 'no stream to check', end: answered(401), expect: skip('HTTP 401: no stream to check') },
  ],

  [CheckId.itemPairing]: [
    { name: 'items still open when the stream stops without a terminal event are not judged', events: stream(created(), added(0), partAdded(0)), expect: pass('items and content parts are paired') },
    { name: 'an item without output_index is left to the schema check', events: stream(created(), ev('response.output_item.added', { item: message() }), ev('response.output_item.done', { item: message() }), completed()), expect: pass('items and content parts are paired') },
    { name: 'a done item without an id is not compared with the added one', events: stream(created(), added(0), itemDone(0, { type: 'message' }), completed()), expect: pass('items and content parts are paired') },
    { name: 'a whole reference stream', events: referenceStream({ type: 'message', text: 'hello' }, { type: 'function_call', name: 'exec_command', arguments: '{}' }), expect: pass('items and content parts are paired') },
    { name: 'items left open by a failed turn are no fault', events: stream(created(), added(0), partAdded(0), failed()), expect: pass('items and content parts are paired') },
    {
      name: 'output_item.done without output_item.added, and done twice',
      events: stream(created(), itemDone(0), added(1), itemDone(1), itemDone(1), completed()),
      expect: fail('2 pairing problem(s)', [
        { message: 'output_item.done without output_item.added', path: '/output_index', eventIndex: 1, expected: 'a prior output_item.added', actual: 0 },
        { message: 'output_item.done without output_item.added', path: '/output_index', eventIndex: 4, expected: 'a prior output_item.added', actual: 1 },
      ]),
    },
    {
      name: 'output_item.done names another item',
      events: stream(added(0, message('', 'msg_a')), itemDone(0, message('', 'msg_b')), completed()),
      expect: fail('1 pairing problem(s)', [{ message: 'output_item.done has a different item id than its output_item.added', path: '/item/id', eventIndex: 1, expected: 'msg_a', actual: 'msg_b' }]),
    },
    { name: 'an item id given on one side only is no mismatch', events: stream(added(0, { type: 'message' }), itemDone(0, message('hi', 'msg_b')), completed()), expect: pass('items and content parts are paired') },
    {
      name: 'items and parts never closed before completed',
      events: stream(added(0), added(1, { type: 'message' }), partAdded(0, 1), completed()),
      expect: fail('3 pairing problem(s)', [
        { message: 'output_item.added never closed by output_item.done', expected: 'output_item.done', actual: 'output_index 0 (item_0)' },
        { message: 'output_item.added never closed by output_item.done', expected: 'output_item.done', actual: 'output_index 1' },
        { message: 'content_part.added never closed by content_part.done', expected: 'content_part.done', actual: '0:1' },
      ]),
    },
    {
      name: 'content_part.done without content_part.added',
      events: stream(added(0), partAdded(0, 0), partDone(0, 1), partDone(0, 0), itemDone(0), completed()),
      expect: fail('1 pairing problem(s)', [{ message: 'content_part.done without content_part.added', path: '/content_index', eventIndex: 2, expected: 'a prior content_part.added', actual: '0:1' }]),
    },
    { name: 'events without JSON or output_index are passed over', events: stream(raw('[DONE]'), ev('response.output_item.done', { item: message() }), completed()), expect: pass('items and content parts are paired') },
    { name: 'no stream to check', end: answered(404), expect: skip('HTTP 404: no stream to check') },
  ],

  [CheckId.deltasAfterAdded]: [
    {
      name: 'an output_index that is no number opens no item',
      events: stream(ev('response.output_item.added', { output_index: '0', item: { type: 'message' } }), textDelta(0, 'x', { item_id: undefined, output_index: '0' }), completed()),
      expect: fail('1 delta(s) without an open item', [{ message: 'response.output_text.delta for an item that is not open', path: '/item_id', eventIndex: 1, expected: 'item_id of an added, not yet done item', actual: 'absent' }]),
    },
    { name: 'deltas inside their item', events: referenceStream({ type: 'message', text: 'hello world' }, { type: 'custom_tool_call', name: 'apply_patch', input: '*** Begin Patch' }), expect: pass('every delta belongs to an open item') },
    { name: 'a delta found by output_index when it has no item_id', events: stream(added(0, { type: 'message' }), textDelta(0, 'x', { item_id: undefined }), itemDone(0), completed()), expect: pass('every delta belongs to an open item') },
    {
      name: 'a delta before its item and one after it closed',
      events: stream(textDelta(0, 'early'), added(0), itemDone(0), textDelta(0, 'late'), completed()),
      expect: fail('2 delta(s) without an open item', [
        { message: 'response.output_text.delta for an item that is not open', path: '/item_id', eventIndex: 0, expected: 'item_id of an added, not yet done item', actual: 'item_0' },
        { message: 'response.output_text.delta for an item that is not open', path: '/item_id', eventIndex: 3, expected: 'item_id of an added, not yet done item', actual: 'item_0' },
      ]),
    },
    {
      name: 'a delta naming an unknown item, one with a closed index, one with neither',
      events: stream(added(0), ev('response.function_call_arguments.delta', { item_id: 'other', output_index: 0, delta: '{' }), itemDone(0), ev('response.reasoning_text.delta', { output_index: 0, delta: 'x' }), ev('response.refusal.delta', { delta: 'no' }), completed()),
      expect: fail('3 delta(s) without an open item', [
        { message: 'response.function_call_arguments.delta for an item that is not open', path: '/item_id', eventIndex: 1, expected: 'item_id of an added, not yet done item', actual: 'other' },
        { message: 'response.reasoning_text.delta for an item that is not open', path: '/item_id', eventIndex: 3, expected: 'item_id of an added, not yet done item', actual: '0' },
        { message: 'response.refusal.delta for an item that is not open', path: '/item_id', eventIndex: 4, expected: 'item_id of an added, not yet done item', actual: 'absent' },
      ]),
    },
    {
      name: 'every kind of delta is watched',
      events: stream(...['response.custom_tool_call_input.delta', 'response.reasoning_summary_text.delta'].map((type) => ev(type, { ...at, delta: 'x' }))),
      expect: fail('2 delta(s) without an open item', [
        { message: 'response.custom_tool_call_input.delta for an item that is not open', path: '/item_id', eventIndex: 0, expected: 'item_id of an added, not yet done item', actual: 'item_0' },
        { message: 'response.reasoning_summary_text.delta for an item that is not open', path: '/item_id', eventIndex: 1, expected: 'item_id of an added, not yet done item', actual: 'item_0' },
      ]),
    },
    { name: 'events that are not deltas need no item', events: stream(created(), textDone(3, 'x'), partDone(3), raw('[DONE]'), completed()), expect: pass('every delta belongs to an open item') },
    { name: 'no stream to check', end: answered(500), expect: skip('HTTP 500: no stream to check') },
  ],

  [CheckId.deltaDoneAgreement]: [
    { name: 'deltas that add up', events: stream(added(0), textDelta(0, 'hel'), textDelta(0, 'lo'), textDone(0, 'hello')), expect: pass('deltas agree with final values') },
    {
      name: 'parts of one item are kept apart by content_index, summaries by summary_index',
      events: stream(
        textDelta(0, 'a'),
        textDelta(0, 'b', { content_index: 1 }),
        ev('response.reasoning_summary_text.delta', { ...at, summary_index: 1, delta: 'c' }),
        textDone(0, 'a'),
        textDone(0, 'b', { content_index: 1 }),
        ev('response.reasoning_summary_text.done', { ...at, summary_index: 1, text: 'c' }),
      ),
      expect: pass('deltas agree with final values'),
    },
    {
      name: 'items are kept apart by item_id, or by output_index without one',
      events: stream(textDelta(0, 'a', { item_id: undefined }), textDelta(1, 'b', { item_id: undefined }), textDone(0, 'a', { item_id: undefined }), textDone(1, 'b', { item_id: undefined })),
      expect: pass('deltas agree with final values'),
    },
    { name: 'a done without deltas, or with a non-string value, is not compared', events: stream(textDone(0, 'x'), textDelta(1, 'y'), textDone(1, 'y', { text: 5 })), expect: pass('deltas agree with final values') },
    {
      name: 'a final text longer than its deltas',
      events: stream(textDelta(0, 'hel'), textDelta(0, 'lo'), textDone(0, 'hello!')),
      expect: fail('1 final value(s) differ from their deltas', [{ message: 'response.output_text.done.text differs from its concatenated deltas', path: '/text', eventIndex: 2, expected: '5 chars starting hello', actual: '6 chars starting hello!' }]),
    },
    {
      name: 'a final text of the same length with other characters',
      events: stream(textDelta(0, 'hello'), textDone(0, 'jello')),
      expect: fail('1 final value(s) differ from their deltas', [{ message: 'response.output_text.done.text differs from its concatenated deltas', path: '/text', eventIndex: 1, expected: '5 chars starting hello', actual: '5 chars starting jello' }]),
    },
    {
      name: 'long texts are quoted by their first 80 characters',
      events: stream(textDelta(0, 'a'.repeat(50)), textDelta(0, 'b'.repeat(50)), textDone(0, 'c'.repeat(100))),
      expect: fail('1 final value(s) differ from their deltas', [
        { message: 'response.output_text.done.text differs from its concatenated deltas', path: '/text', eventIndex: 2, expected: `100 chars starting ${'a'.repeat(50)}${'b'.repeat(30)}`, actual: `100 chars starting ${'c'.repeat(80)}` },
      ]),
    },
    {
      name: 'a text longer than the part held as text is compared whole (the rest is hashed)',
      events: stream(...Array.from({ length: 5 }, () => textDelta(0, 'x'.repeat(10_000))), textDone(0, 'x'.repeat(50_000))),
      expect: pass('deltas agree with final values'),
    },
    {
      name: 'a long text that differs only in its last character',
      events: stream(...Array.from({ length: 5 }, () => textDelta(0, 'x'.repeat(10_000))), textDone(0, `${'x'.repeat(49_999)}y`)),
      expect: fail('1 final value(s) differ from their deltas', [{ message: 'response.output_text.done.text differs from its concatenated deltas', path: '/text', eventIndex: 5, expected: `50000 chars starting ${'x'.repeat(80)}`, actual: `50000 chars starting ${'x'.repeat(80)}` }]),
    },
    {
      name: 'many long texts open at once: each is still compared whole',
      events: stream(...Array.from({ length: 120 }, (_, i) => textDelta(i, 'z'.repeat(10_000))), ...Array.from({ length: 120 }, (_, i) => textDone(i, 'z'.repeat(i === 110 ? 9_999 : 10_000) + (i === 110 ? 'q' : '')))),
      expect: fail('1 final value(s) differ from their deltas', [{ message: 'response.output_text.done.text differs from its concatenated deltas', path: '/text', eventIndex: 230, expected: `10000 chars starting ${'z'.repeat(80)}`, actual: `10000 chars starting ${'z'.repeat(80)}` }]),
    },
    ...TEXT_STREAMS.map(([delta, done, field]) => ({
      name: `${done} is compared with its ${delta} events`,
      events: stream(ev(delta, { ...at, delta: 'ab' }), ev(done, { ...at, [field]: 'abc' })),
      expect: fail('1 final value(s) differ from their deltas', [{ message: `${done}.${field} differs from its concatenated deltas`, path: `/${field}`, eventIndex: 1, expected: '2 chars starting ab', actual: '3 chars starting abc' }]),
    })),
    { name: 'deltas of other kinds, or whose delta is no string, are not tracked', events: stream(ev('response.audio.delta', { ...at, delta: 'AAA' }), textDelta(0, 'a'), ev('response.output_text.delta', { ...at, content_index: 0, delta: 5 }), textDone(0, 'a')), expect: pass('deltas agree with final values') },
    {
      name: 'past 10,000 open texts the rest are counted, not checked',
      events: stream(...openTexts(10_001), textDone(10_000, 'wrong')),
      expect: pass('deltas agree with final values (1 delta(s) not checked: over 10000 texts open at once)'),
    },
    {
      name: 'once past the bound, a freed slot does not start a text mid-way',
      events: stream(...openTexts(10_001), textDone(0, 'x'), textDelta(10_001, 'y'), textDone(10_001, 'wrong')),
      expect: pass('deltas agree with final values (2 delta(s) not checked: over 10000 texts open at once)'),
    },
    {
      name: 'a difference is still reported past the bound',
      events: stream(...openTexts(10_001), textDone(0, 'wrong')),
      expect: fail('1 final value(s) differ from their deltas (1 delta(s) not checked: over 10000 texts open at once)', [
        { message: 'response.output_text.done.text differs from its concatenated deltas', path: '/text', eventIndex: 10_001, expected: '1 chars starting x', actual: '5 chars starting wrong' },
      ]),
    },
    { name: 'no stream to check', end: answered(429), expect: skip('HTTP 429: no stream to check') },
  ],

  [CheckId.responseIdConsistent]: [
    { name: 'one id throughout', events: stream(created(), inProgress(), completed()), expect: pass('response id resp_1 throughout') },
    { name: 'lifecycle events without a string id are not compared', events: stream(ev('response.created', { response: {} }), ev('response.completed', { response: { id: 7 } }), textDelta(0, 'x')), expect: pass('no response ids to compare') },
    { name: 'an event without a response id after the first is not compared', events: stream(created(), ev('response.in_progress', { response: {} }), completed()), expect: pass('response id resp_1 throughout') },
    {
      name: 'completed names another response',
      events: stream(created(), inProgress(), completed({ id: 'resp_2' })),
      expect: fail('1 event(s) with another response id', [{ message: 'response.completed names another response id', path: '/response/id', eventIndex: 2, expected: 'resp_1', actual: 'resp_2' }]),
    },
    { name: 'no stream to check', end: answered(500), expect: skip('HTTP 500: no stream to check') },
  ],
};
