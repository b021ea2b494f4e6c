// Response headers Codex acts on (harness/codex/codex-response-headers.ts): a check only where the
// binary was measured to do something the user notices.
import { CheckId } from './ids.ts';
import { type Check, skipUnlessStreamed } from './check.ts';
import { reroutedWarning } from '../codex/codex-response-headers.ts';
import { relayWords } from '../report/plain-text.ts';

export const modelNotRerouted: Check = {
  id: CheckId.modelNotRerouted,
  severity: 'recommended',
  title: 'The openai-model header names the requested model',
  requirement:
    'The relay should send no `openai-model` response header, or the model Codex asked for: when it names another (a relay that renames models, or passes its upstream\'s header through), Codex 0.169.0 and 0.171.0 print "model rerouted: A -> B" and an account cyber-safety warning on every turn; the turn completes.',
  observe(context) {
    return {
      end(end) {
        const skip = skipUnlessStreamed(end);
        if (skip) return skip;
        const served = end.head?.headers['openai-model'];
        const requested = typeof context.requestBody.model === 'string' ? context.requestBody.model : undefined;
        if (served === undefined) return { status: 'pass', message: 'no openai-model header' };
        if (requested === undefined) return { status: 'pass', message: `openai-model ${relayWords(served, 100)} (the request names no model to compare it with)` };
        if (served === requested) return { status: 'pass', message: `openai-model ${relayWords(served, 100)}, the requested model` };
        return {
          status: 'fail',
          message: `the openai-model header is ${relayWords(served, 100)}, not the requested ${relayWords(requested, 100)}: Codex will warn on every turn that the model was rerouted to ${relayWords(served, 100)} (it prints ${relayWords(reroutedWarning(requested, served), 220)} and an account warning); the turn completes`,
          failures: [{ message: 'openai-model header names another model', expected: requested, actual: served }],
        };
      },
    };
  },
};

export const headerChecks: Check[] = [modelNotRerouted];
