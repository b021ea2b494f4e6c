import { CheckId } from '../../harness/checks/ids.ts';
import { type CheckExamples, fail, pass, skip } from '../helpers/check-examples.ts';
import { added, answered, completed, created, ev, failed, incomplete, itemDone, message, stream, unanswered } from '../helpers/sse-builder.ts';

type Json = Record<string, unknown>;

const compactionItem = (fields: Json = {}): Json => ({ id: 'cmp_1', type: 'compaction', encrypted_content: 'gAAAAB-opaque', ...fields });
/** A completed turn whose output items are streamed one by one (output_item.added, then .done). */
const turn = (...items: Json[]) => stream(created(), ...items.flatMap((item, i) => [added(i, item), itemDone(i, item)]), completed());

/** The request after a remote compaction: the history, the compaction item, the new user message. */
const carrying = (item: Json) => ({ requestBody: { input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }, item, { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'go on' }] }] } });
const EXPECTED_ITEM = 'one {"type":"compaction","encrypted_content":"…"} item';
const REMOTE_V2 = 'Codex fails the turn with "remote compaction v2 expected exactly one compaction output item"';

/** More output items than the check keeps (64). */
const manyMessages = Array.from({ length: 70 }, (_, i) => message(`m${i}`, `msg_${i}`));
const LONG_PAGE = `<html>${'x'.repeat(300)}</html>`;

/** An exchange that ended with neither a response head nor an error. */
const { error: _noError, ...nothingAtAll } = unanswered();

const remoteFails = (why: string, actual: string) => fail(`${why}; ${REMOTE_V2}`, [{ message: why, expected: EXPECTED_ITEM, actual }]);

export const examples: CheckExamples = {
  [CheckId.compactionRemoteItem]: [
    { name: 'exactly one compaction item', events: turn(compactionItem()), expect: pass('one compaction item (cmp_1)') },
    { name: 'the compaction_summary alias', events: turn(compactionItem({ type: 'compaction_summary' })), expect: pass('one compaction item (cmp_1)') },
    { name: 'answered with text', events: turn(message('summary')), expect: remoteFails('got 0 compaction items from 1 output item(s) (message)', 'message') },
    { name: 'context_compaction is no alias', events: turn(compactionItem({ type: 'context_compaction' })), expect: remoteFails('got 0 compaction items from 1 output item(s) (context_compaction)', 'context_compaction') },
    { name: 'two compaction items', events: turn(compactionItem(), compactionItem({ id: 'cmp_2' })), expect: remoteFails('got 2 compaction items', 'compaction, compaction') },
    { name: 'encrypted_content not a string', events: turn(compactionItem({ encrypted_content: 42 })), expect: remoteFails('the compaction item has no string encrypted_content, so Codex drops it', 'compaction') },
    { name: 'the item only in response.completed, not streamed', events: stream(created(), completed({ output: [compactionItem()] })), expect: remoteFails('got 0 compaction items from 0 output item(s) (none)', 'none') },
    { name: 'a compaction item without an id', events: turn(compactionItem({ id: undefined })), expect: pass('one compaction item (no id)') },
    { name: 'a long id is cut in the message', events: turn(compactionItem({ id: `cmp_${'z'.repeat(80)}` })), expect: pass(`one compaction item (cmp_${'z'.repeat(56)}…)`) },
    {
      name: 'one well-formed compaction item and one without encrypted_content',
      events: turn(compactionItem(), compactionItem({ id: 'cmp_2', encrypted_content: null })),
      expect: remoteFails('got 2 compaction items', 'compaction, compaction'),
    },
    { name: 'at most 64 output items are kept', events: turn(...manyMessages), expect: remoteFails(`got 0 compaction items from 64 output item(s) (${Array(64).fill('message').join(', ')})`, Array(64).fill('message').join(', ')) },
    {
      name: 'refused with an empty body',
      end: answered(404, ''),
      expect: fail('the relay refused it (HTTP 404); Codex retries, then fails the turn', [{ message: 'HTTP 404', expected: 'HTTP 200 stream', actual: 404 }]),
    },
    {
      name: 'a long error page is cut',
      end: answered(502, LONG_PAGE),
      expect: fail(`the relay refused it (HTTP 502: ${LONG_PAGE.slice(0, 160)}…); Codex retries, then fails the turn`, [{ message: `HTTP 502: ${LONG_PAGE.slice(0, 160)}…`, expected: 'HTTP 200 stream', actual: 502 }]),
    },
    {
      name: 'refused with a 404',
      end: answered(404, { error: { message: 'Not found' } }),
      expect: fail('the relay refused it (HTTP 404: {"error":{"message":"Not found"}}); Codex retries, then fails the turn', [{ message: 'HTTP 404: {"error":{"message":"Not found"}}', expected: 'HTTP 200 stream', actual: 404 }]),
    },
    { name: 'neither an answer nor an error', end: nothingAtAll, expect: fail('no answer: the relay did not respond', [{ message: 'no answer', expected: 'HTTP 200 stream', actual: 'nothing' }]) },
    { name: 'no answer', end: unanswered(), expect: fail('no answer: connect ECONNREFUSED 127.0.0.1:8080', [{ message: 'no answer', expected: 'HTTP 200 stream', actual: 'refused' }]) },
    { name: 'the turn failed', events: stream(created(), failed()), expect: fail('the stream ended with response.failed, not response.completed', [{ message: 'response.failed', expected: 'response.completed', actual: 'response.failed' }]) },
  ],
  [CheckId.compactionItemAccepted]: [
    { name: 'answered', events: turn(message('ok')), context: carrying(compactionItem()), expect: pass('answered the request carrying the compaction item') },
    { name: 'input without a compaction item', events: turn(message('ok')), context: { requestBody: { input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }] } }, expect: skip('the relay gave no compaction item to send back (see compaction.remote-item)') },
    { name: 'no compaction item to carry', events: turn(message('ok')), expect: skip('the relay gave no compaction item to send back (see compaction.remote-item)') },
    { name: 'input that is no list', events: turn(message('ok')), context: { requestBody: { input: 'hello' } }, expect: skip('the relay gave no compaction item to send back (see compaction.remote-item)') },
    {
      name: 'refused the compaction item',
      end: answered(400, { error: { message: "Invalid value: 'compaction'." } }),
      context: carrying(compactionItem()),
      expect: fail(`the relay refused it (HTTP 400: {"error":{"message":"Invalid value: 'compaction'."}}); Codex retries, then fails the turn`, [
        { message: `HTTP 400: {"error":{"message":"Invalid value: 'compaction'."}}`, expected: 'HTTP 200 stream', actual: 400 },
      ]),
    },
    {
      name: 'the stream stopped short',
      events: stream(created(), added(0, message())),
      context: carrying(compactionItem({ type: 'compaction_summary' })),
      expect: fail('the stream ended with no terminal event, not response.completed', [{ message: 'no terminal event', expected: 'response.completed', actual: 'no terminal event' }]),
    },
  ],
  [CheckId.compactionLocalSummary]: [
    { name: 'a summary message', events: turn(message('We listed the files.')), expect: pass('summary of 20 characters') },
    {
      name: 'no output items',
      events: turn(),
      expect: fail('no assistant text in the answer (output items: none): the conversation resumes from an empty summary', [{ message: 'no summary text', expected: 'a message with output_text', actual: 'none' }]),
    },
    {
      name: 'a blank message',
      events: turn(message('  ')),
      expect: fail('no assistant text in the answer (output items: message): the conversation resumes from an empty summary', [{ message: 'no summary text', expected: 'a message with output_text', actual: 'message' }]),
    },
    { name: 'the text only in output_item.done, as OpenAI streams it', events: stream(created(), added(0, message('')), itemDone(0, message('We listed the files.')), completed()), expect: pass('summary of 20 characters') },
    { name: 'the text of several messages, joined', events: turn(message('We listed', 'msg_1'), message(' the files.', 'msg_2')), expect: pass('summary of 20 characters') },
    {
      name: 'several items, none with text',
      events: turn({ id: 'rs_1', type: 'reasoning', summary: [] }, { id: 'fc_1', type: 'function_call', name: 'exec_command', call_id: 'call_1', arguments: '{}' }),
      expect: fail('no assistant text in the answer (output items: reasoning, function_call): the conversation resumes from an empty summary', [{ message: 'no summary text', expected: 'a message with output_text', actual: 'reasoning, function_call' }]),
    },
    {
      name: 'a message whose content is no list',
      events: turn({ ...message(), content: 'We listed the files.' }),
      expect: fail('no assistant text in the answer (output items: message): the conversation resumes from an empty summary', [{ message: 'no summary text', expected: 'a message with output_text', actual: 'message' }]),
    },
    {
      name: 'a message with only a refusal part',
      events: turn({ ...message(), content: [{ type: 'refusal', refusal: 'I cannot summarize this.' }] }),
      expect: fail('no assistant text in the answer (output items: message): the conversation resumes from an empty summary', [{ message: 'no summary text', expected: 'a message with output_text', actual: 'message' }]),
    },
    {
      name: 'output_text whose text is no string',
      events: turn({ ...message(), content: [{ type: 'output_text', annotations: [], text: 5 }] }),
      expect: fail('no assistant text in the answer (output items: message): the conversation resumes from an empty summary', [{ message: 'no summary text', expected: 'a message with output_text', actual: 'message' }]),
    },
    {
      name: 'text in an item that is no message',
      events: turn({ id: 'rs_1', type: 'reasoning', content: [{ type: 'output_text', text: 'thinking' }] }),
      expect: fail('no assistant text in the answer (output items: reasoning): the conversation resumes from an empty summary', [{ message: 'no summary text', expected: 'a message with output_text', actual: 'reasoning' }]),
    },
    {
      name: 'an output_item.done whose item is no object',
      events: stream(created(), ev('response.output_item.done', { output_index: 0, item: null }), completed()),
      expect: fail('no assistant text in the answer (output items: none): the conversation resumes from an empty summary', [{ message: 'no summary text', expected: 'a message with output_text', actual: 'none' }]),
    },
    {
      name: 'a compaction item instead',
      events: turn(compactionItem()),
      expect: fail('no assistant text in the answer (output items: compaction): the conversation resumes from an empty summary', [{ message: 'no summary text', expected: 'a message with output_text', actual: 'compaction' }]),
    },
    {
      name: 'incomplete',
      events: stream(created(), incomplete()),
      expect: fail('the stream ended with response.incomplete, not response.completed', [{ message: 'response.incomplete', expected: 'response.completed', actual: 'response.incomplete' }]),
    },
  ],
};
