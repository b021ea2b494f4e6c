// What `npm run fixtures:record` asks the real Codex CLI to do, and which fixture each request it
// sends becomes (in order). The capture relay answers like the reference relay, so Codex continues
// the conversation: a tool call is run and followed by the request carrying its output.
import { CODEX_PROMPTS, COMPACT_EARLY, IMAGE_PROMPT, TEST_IMAGE_PNG } from '../codex/turn-prompts.ts';
import type { CodexExecOptions, CodexSandbox } from '../codex/run-codex-exec.ts';
import type { ResponsesFault } from '../relays/reference-relay.ts';
import { reasoningRoundTrip } from '../relays/reasoning-faults.ts';

/** A request Codex sends in a scenario: saved as this fixture id, or (sameAs) a request another
 * scenario already saved, which this recording must reproduce exactly, or (unsaved) a request only
 * counted, for the reason given. */
export type RecordedRequestSlot = string | { sameAs: string } | { unsaved: string };

export interface RecordingScenario {
  name: string;
  model: string;
  prompt: string;
  /** Later user turns of the same conversation. */
  followUpPrompts?: string[];
  sandbox?: CodexSandbox;
  /** `-c key=value` overrides for Codex (TOML values). */
  config?: string[];
  /** The provider Codex reaches the relay through (run-codex-exec.ts); default a custom one named "relaycheck". */
  provider?: CodexExecOptions['provider'];
  /** Models the capture relay serves, when the scenario uses one it would refuse. */
  models?: string[];
  /** How the capture relay's answers differ from the reference relay's. */
  answer?: ResponsesFault;
  /** The capture relay serves WebSocket upgrades (the config turns them on for Codex): frames become fixtures. */
  websocket?: boolean;
  /** Images attached to the prompt (`codex exec -i NAME`). */
  images?: CodexExecOptions['images'];
  /** The requests Codex sends, in order; the scenario fails if it sends fewer. */
  requests: RecordedRequestSlot[];
}

/** A fixed key, so the encrypted_content Codex sends back is the same in every recording. */
const RECORDING_REASONING_KEY = 'relaycheck-recording';
/** The provider setting that makes Codex open `GET {base}/responses` as a WebSocket first. */
const WEBSOCKETS_ON = 'model_providers.relay.supports_websockets=true';

export const RECORDING_SCENARIOS: RecordingScenario[] = [
  {
    name: 'Plain turn "say hello" on gpt-5.5: Codex offers its freeform apply_patch, tool_search and web_search tools',
    model: 'gpt-5.5',
    prompt: CODEX_PROMPTS.message,
    requests: ['plain-turn-gpt-5.5'],
  },
  {
    // Codex 0.169.0 has no metadata for gpt-5.1-codex (it warns "Defaulting to fallback metadata");
    // a relay serves the name, so the request replays as is. The drift check says when a Codex bump learns it.
    name: 'Plain turn on a model Codex has no metadata for (gpt-5.1-codex): fallback request with a namespace tool, reasoning.summary, no apply_patch',
    model: 'gpt-5.1-codex',
    prompt: CODEX_PROMPTS.message,
    requests: ['plain-turn-gpt-5.1-codex'],
  },
  {
    name: 'Plain turn on gpt-5.5 with multi_agent_v2 enabled: a namespace tool next to function, custom apply_patch and web_search tools',
    model: 'gpt-5.5',
    prompt: CODEX_PROMPTS.message,
    config: ['features.multi_agent_v2=true'],
    requests: ['full-tool-list-gpt-5.5'],
  },
  {
    name: 'A turn that asks for exec_command, then the follow-up request carrying function_call_output',
    model: 'gpt-5.5',
    prompt: CODEX_PROMPTS.function_call,
    requests: ['tool-call-gpt-5.5', 'after-tool-call-gpt-5.5'],
  },
  {
    name: 'A turn that asks for the freeform apply_patch tool, then the follow-up carrying custom_tool_call_output',
    model: 'gpt-5.5',
    prompt: CODEX_PROMPTS.custom_tool_call,
    sandbox: 'workspace-write',
    requests: ['apply-patch-gpt-5.5', 'after-apply-patch-gpt-5.5'],
  },
  {
    name: 'A conversation of two user turns (codex exec resume --last): the second request re-sends the first turn and its answer',
    model: 'gpt-5.5',
    prompt: CODEX_PROMPTS.message,
    followUpPrompts: ['say goodbye'],
    requests: [{ sameAs: 'plain-turn-gpt-5.5' }, 'multi-turn-second-gpt-5.5'],
  },
  {
    name: 'A reasoning item with encrypted_content before a tool call: Codex sends it back, unchanged, in the follow-up request',
    model: 'gpt-5.5',
    prompt: CODEX_PROMPTS.function_call,
    answer: reasoningRoundTrip({ issue: RECORDING_REASONING_KEY, verify: RECORDING_REASONING_KEY }),
    requests: [{ sameAs: 'tool-call-gpt-5.5' }, 'after-reasoning-gpt-5.5'],
  },
  {
    name: 'WebSocket transport (supports_websockets = true): a prewarm frame (generate:false), then the turn chained to it by previous_response_id',
    model: 'gpt-5.5',
    prompt: CODEX_PROMPTS.message,
    config: [WEBSOCKETS_ON],
    websocket: true,
    requests: ['ws-prewarm-gpt-5.5', 'ws-turn-gpt-5.5'],
  },
  {
    name: 'WebSocket transport: a turn that asks for exec_command, then the frame carrying only the function_call_output, chained by previous_response_id',
    model: 'gpt-5.5',
    prompt: CODEX_PROMPTS.function_call,
    config: [WEBSOCKETS_ON],
    websocket: true,
    requests: [{ sameAs: 'ws-prewarm-gpt-5.5' }, 'ws-tool-call-gpt-5.5', 'ws-after-tool-call-gpt-5.5'],
  },
  {
    name: 'Remote compaction (provider named "OpenAI", tiny model_auto_compact_token_limit): after the tool call Codex asks for a compaction item, then resumes with it',
    model: 'gpt-5.5',
    prompt: CODEX_PROMPTS.function_call,
    provider: { name: 'OpenAI' },
    config: [COMPACT_EARLY],
    requests: [
      { unsaved: 'the tool call as sent through a provider named "OpenAI" (its input items carry internal_chat_message_metadata_passthrough)' },
      'compaction-remote-gpt-5.5',
      'after-compaction-remote-gpt-5.5',
    ],
  },
  {
    name: 'Local compaction (any other provider name, tiny model_auto_compact_token_limit): after the tool call Codex asks for a summary with no tools, then resumes from it',
    model: 'gpt-5.5',
    prompt: CODEX_PROMPTS.function_call,
    config: [COMPACT_EARLY],
    requests: [
      { sameAs: 'tool-call-gpt-5.5' },
      'compaction-local-gpt-5.5',
      { unsaved: 'the resumed turn: the summary comes back as a plain user message, a request like any follow-up' },
    ],
  },
  {
    name: 'Responses Lite (gpt-6-astra): no tools field, the tools in an additional_tools input item; asked for exec_command, Codex runs it through its JavaScript exec tool',
    model: 'gpt-6-astra',
    prompt: CODEX_PROMPTS.function_call,
    requests: ['lite-tool-call-gpt-6-astra', { unsaved: 'the follow-up carrying the exec tool\'s custom_tool_call_output' }],
  },
  {
    name: 'service_tier = "fast": the request carries service_tier "priority" (next to prompt_cache_key and text.verbosity)',
    model: 'gpt-5.5',
    prompt: CODEX_PROMPTS.message,
    config: ['service_tier="fast"'],
    requests: ['service-tier-gpt-5.5'],
  },
  {
    name: 'Provider named "OpenAI": every input item carries internal_chat_message_metadata_passthrough',
    model: 'gpt-5.5',
    prompt: CODEX_PROMPTS.message,
    provider: { name: 'OpenAI' },
    requests: ['openai-name-gpt-5.5'],
  },
  {
    name: 'An image attached with codex exec -i: an input_image (data: URL) in the user message',
    model: 'gpt-5.5',
    prompt: IMAGE_PROMPT,
    images: { 'img.png': TEST_IMAGE_PNG },
    requests: ['image-input-gpt-5.5'],
  },
];

/** Every fixture id the scenarios write. */
export const RECORDED_FIXTURE_IDS: string[] = RECORDING_SCENARIOS.flatMap((s) => s.requests.filter((r): r is string => typeof r === 'string'));
