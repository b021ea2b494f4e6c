// Compaction, both ways Codex does it when the context fills (harness/codex/compaction-path.ts).
// Opt-in: a relay that cannot compact breaks only the users whose provider takes that path, so the
// suite runs when named (--suite compaction) or when the run knows the user's provider
// (--codex-config, --provider-name), which also makes that path's checks required.
import { CheckId } from '../harness/checks/ids.ts';
import type { Suite } from '../harness/run/suite.ts';

export const compactionSuite: Suite = {
  id: 'compaction',
  title: 'Compaction',
  cases: [
    {
      id: 'compaction.remote',
      title: 'Remote compaction: history ending in a compaction_trigger item (provider named "OpenAI"/"Azure", or built-in with openai_base_url)',
      requirement: 'The relay answers a compaction_trigger request with exactly one compaction item carrying a string encrypted_content.',
      fixture: 'compaction-remote-gpt-5.5',
      expectedReply: 'message',
      checks: [CheckId.compactionRemoteItem],
      requiredOnPath: 'remote',
    },
    {
      id: 'compaction.after-remote',
      title: "Follow-up after a remote compaction, carrying the relay's own compaction item back",
      requirement: 'The relay accepts the compaction item it streamed as an input item of the next request, and answers it.',
      fixture: 'after-compaction-remote-gpt-5.5',
      carriesReasoningFrom: 'compaction-remote-gpt-5.5',
      expectedReply: 'message',
      checks: [CheckId.compactionItemAccepted],
      requiredOnPath: 'remote',
    },
    {
      id: 'compaction.local',
      title: 'Local compaction: the history with tools: [] and a checkpoint prompt (every other provider name)',
      requirement: 'The relay answers the summary request with an assistant message.',
      fixture: 'compaction-local-gpt-5.5',
      expectedReply: 'message',
      checks: [CheckId.compactionLocalSummary],
      requiredOnPath: 'local',
    },
  ],
};
