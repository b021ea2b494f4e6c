// The Chat Completions requests an agent sends to a relay's /chat/completions, shaped like
// OpenCode's (through @ai-sdk/openai-compatible): the model, a system and a user message, the
// agent's own tools as function tools with JSON Schema parameters, stream: true and
// stream_options.include_usage (the agent counts tokens from the last chunk). Written to that
// shape, not recorded: the prompts are the ones relaycheck's reference relay answers
// deterministically (a plain answer, a `bash` call, the answer after the tool ran).
import type { OutgoingRequest } from '../http/http-client.ts';
import type { DecodableCoding } from '../http/content-decoding.ts';
import { type ReplayTarget, joinUrl } from '../replay/instantiate-request.ts';

export type ChatRequestKind = 'plain' | 'tool-call' | 'after-tool-call';

/** Sent when the user names no model: one every relay serving OpenAI models knows. */
export const CHAT_DEFAULT_MODEL = 'gpt-5.5';
export const CHAT_PATH = '/chat/completions';
/** The command the tool-call request asks the model to run, and the call the follow-up carries back. */
export const CHAT_COMMAND = 'ls';
export const CHAT_CALL_ID = 'call_relaycheck_0001';

const SYSTEM_PROMPT = 'You are a coding agent running in the user\'s terminal. Use the tools to inspect and change files; answer briefly.';

const functionTool = (name: string, description: string, properties: Record<string, unknown>, required: string[]) => ({
  type: 'function',
  function: { name, description, parameters: { type: 'object', properties, required, additionalProperties: false, $schema: 'http://json-schema.org/draft-07/schema#' } },
});

/** A coding agent's tool list: a shell, file reading and editing, search. */
export const AGENT_TOOLS = [
  functionTool('bash', 'Executes a shell command in the project directory.', { command: { type: 'string', description: 'The command to execute' }, description: { type: 'string', description: 'What the command does, in 5-10 words' } }, ['command', 'description']),
  functionTool('read', 'Reads a file from the local filesystem.', { filePath: { type: 'string', description: 'The absolute path to the file' }, offset: { type: 'number' }, limit: { type: 'number' } }, ['filePath']),
  functionTool('edit', 'Replaces text in a file.', { filePath: { type: 'string' }, oldString: { type: 'string' }, newString: { type: 'string' } }, ['filePath', 'oldString', 'newString']),
  functionTool('grep', 'Searches file contents with a regular expression.', { pattern: { type: 'string' }, path: { type: 'string' } }, ['pattern']),
] as const;

const USER_PROMPT: Record<ChatRequestKind, string> = {
  plain: 'say hello',
  'tool-call': `Run \`${CHAT_COMMAND}\` to list the files in this directory.`,
  'after-tool-call': `Run \`${CHAT_COMMAND}\` to list the files in this directory.`,
};

/**
 * The settings an agent sends beside its messages (OpenCode's for a reasoning model): fidelity's chat
 * cases carry them, so a connector that translates to the Responses API has to carry each across.
 * Not the defaults, so a connector that drops one is seen.
 */
export const AGENT_SETTINGS: Readonly<Record<string, unknown>> = { tool_choice: 'auto', parallel_tool_calls: false, reasoning_effort: 'medium', max_completion_tokens: 32_000 };

/** The arguments of the bash call the tool-call request gets back, as the follow-up carries them. */
export const CHAT_CALL_ARGUMENTS = JSON.stringify({ command: CHAT_COMMAND });

/** A tool call the agent got back, as its follow-up carries it. */
export interface AgentToolCall {
  id: string;
  name: string;
  arguments: string;
}

const RECORDED_CALL: AgentToolCall = { id: CHAT_CALL_ID, name: 'bash', arguments: CHAT_CALL_ARGUMENTS };
/** What the agent's bash printed, in the follow-up's `tool` message. */
const TOOL_OUTPUT = 'README.md\npackage.json\nsrc';

/** The request body an agent sends for `kind`; the follow-up carries `calls` (default: a recorded bash call), `settings` beside the tools. */
export function chatRequestBody(kind: ChatRequestKind, model: string, calls: readonly AgentToolCall[] = [RECORDED_CALL], settings: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const messages: Record<string, unknown>[] = [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: USER_PROMPT[kind] },
  ];
  if (kind === 'after-tool-call') {
    messages.push(
      { role: 'assistant', content: '', tool_calls: calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })) },
      ...calls.map((call) => ({ role: 'tool', tool_call_id: call.id, content: TOOL_OUTPUT })),
    );
  }
  return { model, messages, tools: AGENT_TOOLS, ...settings, stream: true, stream_options: { include_usage: true } };
}

/**
 * The codings an agent asks for and decodes: what the openai npm SDK (6.49.0, on Node 20's fetch,
 * undici 6.24) sends, measured against a loopback server; undici adds br over https only.
 */
export const AGENT_DECODES: readonly DecodableCoding[] = ['br', 'gzip', 'deflate'];
const agentAcceptEncoding = (url: string) => (url.startsWith('https:') ? 'br, gzip, deflate' : 'gzip, deflate');

/** The request as it goes to the relay: `{base_url}/chat/completions`, the user's key and headers. */
export function chatRequest(kind: ChatRequestKind, target: ReplayTarget, calls?: readonly AgentToolCall[], settings?: Readonly<Record<string, unknown>>): OutgoingRequest {
  const url = joinUrl(target.baseUrl, CHAT_PATH, target.queryParams);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'accept-encoding': agentAcceptEncoding(url) };
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  for (const [name, value] of Object.entries(target.extraHeaders ?? {})) headers[name.toLowerCase()] = value;
  const body = chatRequestBody(kind, target.model ?? CHAT_DEFAULT_MODEL, calls, settings);
  return { method: 'POST', url, headers, body: JSON.stringify(body) };
}
