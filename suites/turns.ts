// Codex's conversation turns: a plain answer, and the follow-ups Codex sends within a turn (after a
// tool ran) and across turns.
import { STREAM_CHECK_IDS } from '../harness/checks/registry.ts';
import type { FixtureCaseSpec, Suite } from '../harness/run/suite.ts';

export const turnsSuite: Suite<FixtureCaseSpec> = {
  id: 'turns',
  title: 'Conversation turns',
  cases: [
    {
      id: 'turns.plain',
      title: 'Plain turn on a model Codex knows (gpt-5.5 request with apply_patch, tool_search, web_search)',
      requirement: 'A plain Codex turn streams an assistant message that Codex shows, ending in response.completed.',
      fixture: 'plain-turn-gpt-5.5',
      expectedReply: 'message',
      checks: STREAM_CHECK_IDS,
      core: true,
    },
    {
      id: 'turns.plain-namespace-tools',
      title: 'Plain turn on a model Codex has no metadata for (gpt-5.1-codex: fallback request with a namespace tool, no apply_patch)',
      requirement: 'For a model it does not know Codex sends another request (reasoning.summary without effort, a namespace tool, no text.verbosity); the relay accepts it and answers.',
      fixture: 'plain-turn-gpt-5.1-codex',
      expectedReply: 'message',
      checks: STREAM_CHECK_IDS,
    },
    {
      id: 'turns.after-tool-call',
      title: 'Follow-up turn carrying function_call and function_call_output history',
      requirement: 'Codex re-sends the whole history after a tool ran; the relay accepts function_call and function_call_output items and answers.',
      fixture: 'after-tool-call-gpt-5.5',
      expectedReply: 'message',
      checks: STREAM_CHECK_IDS,
      core: true,
    },
    {
      id: 'turns.multi-turn',
      title: 'Second user turn of a conversation: history carries the first turn and the assistant answer',
      requirement: 'Codex re-sends the whole conversation on every turn; the relay accepts assistant output_text messages in the input and answers the latest user turn.',
      fixture: 'multi-turn-second-gpt-5.5',
      expectedReply: 'message',
      checks: STREAM_CHECK_IDS,
    },
    {
      id: 'turns.after-apply-patch',
      title: 'Follow-up turn carrying custom_tool_call and custom_tool_call_output history (freeform apply_patch)',
      requirement: 'After Codex applied a patch it re-sends the custom_tool_call and its output; the relay accepts both item types and answers.',
      fixture: 'after-apply-patch-gpt-5.5',
      expectedReply: 'message',
      checks: STREAM_CHECK_IDS,
    },
  ],
};
