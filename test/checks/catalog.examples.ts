import { CheckId } from '../../harness/checks/ids.ts';
import { catalogEntry } from '../../harness/relays/model-catalog-relay.ts';
import { type CheckExamples, fail, pass, skip } from '../helpers/check-examples.ts';
import { answered, unanswered } from '../helpers/sse-builder.ts';

const MODEL = 'gpt-5.5';
const context = { catalogModel: MODEL };
const FALLBACK = 'Codex falls back to default model metadata and has no apply_patch tool: patch turns finish without writing';
const good = answered(200, { models: [catalogEntry(MODEL)] }, {}, { ending: 'eof' });
const openAiList = answered(200, { object: 'list', data: [{ id: MODEL, object: 'model' }] }, {}, { ending: 'eof' });
const otherModel = answered(200, { models: [catalogEntry('gpt-4.1')] }, {}, { ending: 'eof' });
const noApplyPatch = answered(200, { models: [{ ...catalogEntry(MODEL), apply_patch_tool_type: undefined }] }, {}, { ending: 'eof' });
const SHAPE = `HTTP 200, {"models":[…]} in Codex's shape`;
const unreadable = (why: string) => fail(`Codex cannot read the catalog: ${why}. ${FALLBACK}`, [{ message: `Codex cannot read the catalog: ${why}. ${FALLBACK}`, expected: SHAPE, actual: why }]);
const notUsable = skip(`the catalog is not usable for "${MODEL}" before this step`);

export const examples: CheckExamples = {
  [CheckId.catalogShape]: [
    { name: "Codex's shape", end: good, context, expect: pass("the catalog is in Codex's shape") },
    { name: 'the OpenAI list shape', end: openAiList, context, expect: unreadable("it is not Codex's catalog shape (/models: /models is required but absent)") },
    { name: 'a 404', end: answered(404, { error: { message: 'not found' } }), context, expect: unreadable('it answers HTTP 404') },
    { name: 'a redirect (Codex does not follow it)', end: answered(302, '', { location: '/elsewhere' }), context, expect: unreadable('it answers HTTP 302') },
    { name: 'not JSON', end: answered(200, '<html>catalog</html>', {}, { ending: 'eof' }), context, expect: unreadable('it is not JSON') },
    { name: 'over 1 MiB', end: answered(200, '{"models":[', {}, { ending: 'byte-limit' }), context, expect: unreadable('it is larger than 1048576 bytes') },
    { name: 'no answer', end: unanswered(), context, expect: unreadable('the request failed (connect ECONNREFUSED 127.0.0.1:8080)') },
  ],
  [CheckId.catalogModelEntry]: [
    { name: 'an entry for the model', end: good, context, expect: pass(`the catalog lists "${MODEL}"`) },
    {
      name: 'entries for other models only',
      end: otherModel,
      context,
      expect: fail(`it lists no entry for "${MODEL}" (it lists "gpt-4.1"). ${FALLBACK}`, [{ message: `it lists no entry for "${MODEL}" (it lists "gpt-4.1"). ${FALLBACK}`, expected: `an entry with slug "${MODEL}"`, actual: `it lists no entry for "${MODEL}" (it lists "gpt-4.1")` }]),
    },
    { name: 'not in Codex shape: judged by catalog.codex-shape', end: openAiList, context, expect: notUsable },
  ],
  [CheckId.catalogApplyPatch]: [
    { name: 'apply_patch_tool_type freeform', end: good, context, expect: pass('apply_patch: freeform') },
    {
      name: 'no apply_patch_tool_type',
      end: noApplyPatch,
      context,
      expect: fail(`the entry for "${MODEL}" sets no apply_patch_tool_type: Codex offers no apply_patch tool: patch turns finish without writing`, [
        { message: `the entry for "${MODEL}" sets no apply_patch_tool_type: Codex offers no apply_patch tool: patch turns finish without writing`, expected: 'apply_patch_tool_type set', actual: 'absent' },
      ]),
    },
    { name: 'no entry for the model: judged by catalog.model-entry', end: otherModel, context, expect: notUsable },
  ],
};
