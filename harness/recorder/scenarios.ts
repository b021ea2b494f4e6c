// What `npm run fixtures:record` asks the real Codex CLI to do, and which fixture each request it
// sends becomes (in order). The capture relay answers like the reference relay, so Codex continues
// the conversation: a tool call is run and followed by the request carrying its output.
import { CODEX_PROMPTS } from '../codex/agreement-matrix.ts';
import type { CodexSandbox } from '../codex/run-codex-exec.ts';
import type { ResponsesFault } from '../relays/reference-relay.ts';
import { withReasoningItem } from './reasoning-fault.ts';

export interface RecordingScenario {
  name: string;
  model: string;
  prompt: string;
  /** Later user turns of the same conversation. */
  followUpPrompts?: string[];
  sandbox?: CodexSandbox;
  /** Models the capture relay serves, when the scenario uses one it would refuse. */
  models?: string[];
  /** How the capture relay's answers differ from the reference relay's. */
  answer?: ResponsesFault;
  /** Fixture ids for the requests Codex sends, in order; the scenario fails if it sends fewer. */
  fixtures: string[];
}

export const RECORDING_SCENARIOS: RecordingScenario[] = [
  { name: 'Plain turn "say hello" on gpt-5.5: Codex offers its freeform apply_patch, tool_search and web_search tools', model: 'gpt-5.5', prompt: CODEX_PROMPTS.message, fixtures: ['plain-turn-gpt-5.5'] },
  {
    name: 'Plain turn on a model Codex does not know: fallback metadata, no apply_patch tool',
    model: 'acme-model-1',
    prompt: CODEX_PROMPTS.message,
    models: ['acme-model-1'],
    fixtures: ['plain-turn-unknown-model'],
  },
  {
    name: 'A turn that asks for exec_command, then the follow-up request carrying function_call_output',
    model: 'gpt-5.5',
    prompt: CODEX_PROMPTS.function_call,
    fixtures: ['tool-call-gpt-5.5', 'after-tool-call-gpt-5.5'],
  },
  {
    name: 'A turn that asks for the freeform apply_patch tool, then the follow-up carrying custom_tool_call_output',
    model: 'gpt-5.5',
    prompt: CODEX_PROMPTS.custom_tool_call,
    sandbox: 'workspace-write',
    fixtures: ['apply-patch-gpt-5.5', 'after-apply-patch-gpt-5.5'],
  },
  {
    name: 'A conversation of two user turns: the second request re-sends the first turn and its answer',
    model: 'gpt-5.5',
    prompt: CODEX_PROMPTS.message,
    followUpPrompts: ['say goodbye'],
    fixtures: ['multi-turn-first-gpt-5.5', 'multi-turn-second-gpt-5.5'],
  },
  {
    name: 'A reasoning item with encrypted_content before a tool call: Codex sends it back in the follow-up request',
    model: 'gpt-5.5',
    prompt: CODEX_PROMPTS.function_call,
    answer: withReasoningItem,
    fixtures: ['reasoning-tool-call-gpt-5.5', 'after-reasoning-gpt-5.5'],
  },
];
