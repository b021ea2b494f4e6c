// How the relay says no. Codex tolerates poor errors, so these are recommended, not required.
import { CheckId } from '../harness/checks/ids.ts';
import type { FixtureCaseSpec, Suite } from '../harness/run/suite.ts';

export const UNKNOWN_MODEL = 'relaycheck-no-such-model';

export const errorsSuite: Suite<FixtureCaseSpec> = {
  id: 'errors',
  title: 'Error answers',
  cases: [
    {
      id: 'errors.malformed-request',
      title: 'A request body that is not JSON',
      requirement: 'A malformed request is refused with a 4xx and an OpenAI error envelope.',
      fixture: 'plain-turn-gpt-5.5',
      expectedReply: 'message',
      checks: [CheckId.errorEnvelope],
      rawBody: '{"model": "gpt-5.5", "input": [',
    },
    {
      id: 'errors.unknown-model',
      title: 'A model the relay does not serve',
      requirement: 'An unknown model is refused with a clear 4xx, not a 200, a 5xx or a hang.',
      fixture: 'plain-turn-gpt-5.5',
      expectedReply: 'message',
      checks: [CheckId.unknownModelRejected],
      model: UNKNOWN_MODEL,
    },
  ],
};
