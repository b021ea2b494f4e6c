// Reasoning as Codex carries it: with store:false, Codex asks for reasoning.encrypted_content and
// sends every reasoning item back in its next request. Its own suite because its case sends two
// requests (the turn that yields the reasoning, then the follow-up carrying it back).
import { STREAM_CHECK_IDS } from '../harness/checks/registry.ts';
import type { FixtureCaseSpec, Suite } from '../harness/run/suite.ts';

export const reasoningSuite: Suite<FixtureCaseSpec> = {
  id: 'reasoning',
  title: 'Reasoning round trip',
  cases: [
    {
      id: 'reasoning.round-trip',
      title: "Follow-up after a tool call carrying the relay's own reasoning item (encrypted_content) back",
      requirement:
        'Codex sends every reasoning item back with its encrypted_content in the next request; the relay accepts the items it streamed (a relay that moves a conversation between upstream accounts answers 400 "encrypted content could not be verified").',
      fixture: 'after-reasoning-gpt-5.5',
      carriesReasoningFrom: 'tool-call-gpt-5.5',
      expectedReply: 'message',
      checks: STREAM_CHECK_IDS,
      // gpt-5 models reason on nearly every turn: without this no conversation gets past its first follow-up.
      core: true,
    },
  ],
};
