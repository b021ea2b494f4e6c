// Tool calls as Codex needs them: function calls it can run, freeform apply_patch, every tool type.
import { STREAM_CHECK_IDS } from '../harness/checks/registry.ts';
import type { FixtureCaseSpec, Suite } from '../harness/run/suite.ts';

export const toolsSuite: Suite<FixtureCaseSpec> = {
  id: 'tools',
  title: 'Tool calls',
  cases: [
    {
      id: 'tools.function-call',
      title: 'The model calls exec_command',
      requirement: 'A function call reaches Codex as a function_call item with a call_id and JSON string arguments, so Codex runs the command.',
      fixture: 'tool-call-gpt-5.5',
      expectedReply: 'function_call',
      checks: STREAM_CHECK_IDS,
    },
    {
      id: 'tools.apply-patch',
      title: 'The model calls the freeform apply_patch tool',
      requirement: 'A call to the custom (freeform) apply_patch tool reaches Codex as a custom_tool_call whose input is the raw patch.',
      fixture: 'apply-patch-gpt-5.5',
      expectedReply: 'custom_tool_call',
      checks: STREAM_CHECK_IDS,
    },
    {
      id: 'tools.full-tool-list',
      title: 'A namespace tool next to function, custom and web_search tools is accepted (gpt-5.5 with multi_agent_v2)',
      requirement: 'A request carrying a namespace tool besides the function, freeform (custom) and web_search tools is accepted without a 400 and answered (turns.plain covers tool_search).',
      fixture: 'full-tool-list-gpt-5.5',
      expectedReply: 'message',
      checks: STREAM_CHECK_IDS,
    },
  ],
};
