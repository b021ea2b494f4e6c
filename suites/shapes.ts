// Request shapes Codex sends only for some configurations (harness/codex/request-shapes.ts), each
// replayed from a recording of the binary. Opt-in, like compaction: a relay that refuses images or
// service_tier breaks only the users whose Codex sends them, so the suite runs when named
// (--suite shapes) or when --codex-config puts Codex on one of them, whose case is then required.
import { CheckId } from '../harness/checks/ids.ts';
import { SHAPES_SUITE_ID, type Suite } from '../harness/run/suite.ts';

export const shapesSuite: Suite = {
  id: SHAPES_SUITE_ID,
  title: 'Request shapes',
  cases: [
    {
      id: 'shapes.responses-lite',
      title: 'Responses Lite (gpt-6-astra): no `tools`, an additional_tools input item, asked to run a command',
      requirement: 'The relay passes the additional_tools item through, so the model still sees the tools and answers with a call (Codex runs exec_command through its JavaScript exec tool).',
      fixture: 'lite-tool-call-gpt-6-astra',
      expectedReply: 'custom_tool_call',
      checks: [CheckId.liteToolsKept],
      requiredForShape: 'responses-lite',
    },
    {
      id: 'shapes.service-tier',
      title: 'service_tier "priority" (service_tier = "fast"), with prompt_cache_key and text.verbosity',
      requirement: 'The relay accepts service_tier (and prompt_cache_key, text.verbosity) and answers the turn.',
      fixture: 'service-tier-gpt-5.5',
      expectedReply: 'message',
      checks: [CheckId.shapeAccepted],
      requiredForShape: 'service-tier',
    },
    {
      id: 'shapes.openai-metadata',
      title: 'Provider named "OpenAI": internal_chat_message_metadata_passthrough on every input item',
      requirement: 'The relay accepts (or strips) the internal_chat_message_metadata_passthrough field on input items and answers the turn.',
      fixture: 'openai-name-gpt-5.5',
      expectedReply: 'message',
      checks: [CheckId.shapeAccepted],
      requiredForShape: 'openai-metadata',
    },
    {
      id: 'shapes.image-input',
      title: 'Image input (codex exec -i img.png): an input_image content part in the user message',
      requirement: 'The relay accepts an input_image (a data: URL) in a user message and answers the turn.',
      fixture: 'image-input-gpt-5.5',
      expectedReply: 'message',
      checks: [CheckId.shapeAccepted],
      requiredForShape: 'image-input',
    },
  ],
};
