// What a simulated model answers, decided from the request body alone and deterministically, so a
// replayed Codex request always gets the same kind of reply:
//   - last input item is a compaction_trigger  → one compaction item (Codex's remote compaction)
//   - last input item is a compaction item     → a message (the turn resumes from the compacted history)
//   - last input item is a tool output         → a message quoting the output's last line (what the tool printed)
//   - last user message mentions apply_patch   → a custom_tool_call, when a custom apply_patch tool is offered
//   - it names exec_command or has a `command` → a function_call to exec_command, when that tool is offered
//   - it has a `command` and an agent's `bash`  → a function_call to bash {"command"} (OpenCode's tool, also
//     through a connector that translates a chat request to Responses)
//   - otherwise                                → a message ("say hello" → "hello")
// Requests a real relay would refuse are refused the OpenAI way: 400 for a malformed body or one the
// spec's CreateResponse refuses (a tool without type and name, an unknown input item type), 404
// model_not_found for a model outside the allow-list.
import { isRecord } from '../checks/check.ts';
import type { OpenAiErrorFields } from './openai-error.ts';
import { validateResponsesRequest } from '../checks/schema-validation.ts';
import { specRejection } from './spec-rejection.ts';
import type { ReplyItem } from './stream-builder.ts';

/** The replies a Chat Completions request can get: no freeform tools there. */
export type ChatReply = Extract<ReplyItem, { type: 'message' | 'function_call' }>;

export const APPLY_PATCH_INPUT = '*** Begin Patch\n*** Add File: hello.txt\n+hello\n*** End Patch\n';
/** The command run when a prompt names exec_command without a `command` in backticks. */
export const DEFAULT_COMMAND = 'pwd';

export interface ModelPolicy {
  /** Model names served; unset accepts any `gpt-*` name. */
  models?: string[];
}

export type Rejection = { ok: false; status: number; error: OpenAiErrorFields };
export type Parsed<T> = { ok: true; value: T } | Rejection;

export interface ResponsesRequest extends Record<string, unknown> {
  model: string;
  input: unknown[] | string;
}

export function decideReply(bodyText: string, policy: ModelPolicy = {}): Parsed<{ request: ResponsesRequest; reply: ReplyItem }> {
  const parsed = parseRequestBody(bodyText, ['model', 'input'], policy);
  if (!parsed.ok) return parsed;
  const request = parsed.value as ResponsesRequest;
  if (typeof request.input !== 'string' && !Array.isArray(request.input)) {
    return badRequest("Invalid type for 'input': expected a string or an array of input items.", 'invalid_type', 'input');
  }
  // As the API does: a tool or an input item the spec does not define is refused, not answered.
  const invalid = specRejection(validateResponsesRequest(request));
  if (invalid) return invalid;
  return { ok: true, value: { request, reply: replyFor(request) } };
}

/** A JSON object body with the named fields, `model` a string the policy serves. */
export function parseRequestBody(bodyText: string, required: string[], policy: ModelPolicy): Parsed<Record<string, unknown>> {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return badRequest('We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.', 'invalid_json', null);
  }
  if (!isRecord(body)) return badRequest('The request body must be a JSON object.', 'invalid_json', null);
  for (const field of required) {
    if (body[field] === undefined || body[field] === null) return badRequest(`Missing required parameter: '${field}'.`, 'missing_required_parameter', field);
  }
  if (required.includes('model') && typeof body.model !== 'string') return badRequest("Invalid type for 'model': expected a string.", 'invalid_type', 'model');
  if (typeof body.model === 'string' && !servesModel(body.model, policy)) {
    return { ok: false, status: 404, error: { message: `The model '${body.model}' does not exist or you do not have access to it.`, code: 'model_not_found', param: 'model' } };
  }
  return { ok: true, value: body };
}

export function servesModel(model: string, policy: ModelPolicy): boolean {
  return policy.models ? policy.models.includes(model) : /^gpt-/.test(model);
}

export function replyFor(request: ResponsesRequest): ReplyItem {
  const input = typeof request.input === 'string' ? [{ role: 'user', content: request.input }] : request.input;
  const last = input.at(-1);
  if (isRecord(last) && last.type === COMPACTION_TRIGGER) return { type: 'compaction', encrypted_content: compactionBlob(input.length) };
  if (isRecord(last) && last.type === COMPACTION_ITEM) return { type: 'message', text: RESUMED_AFTER_COMPACTION };
  if (isRecord(last) && (last.type === 'function_call_output' || last.type === 'custom_tool_call_output')) return toolPrinted(last.output);
  return replyToPrompt(lastUserText(input), offeredTools(request.tools, input));
}

/** The input item in which Responses Lite models (gpt-6-astra) get their tools instead of `tools`. */
export const ADDITIONAL_TOOLS_ITEM = 'additional_tools';

/** The tools a request offers: `tools`, and those of an additional_tools input item, namespaces opened (bounded). */
export function offeredTools(tools: unknown, input: unknown[]): unknown[] {
  const lite = input.filter((item): item is Record<string, unknown> => isRecord(item) && item.type === ADDITIONAL_TOOLS_ITEM && Array.isArray(item.tools)).flatMap((item) => item.tools as unknown[]);
  const top = [...(Array.isArray(tools) ? tools : []), ...lite];
  return [...top, ...top.flatMap((tool) => (isRecord(tool) && tool.type === 'namespace' && Array.isArray(tool.tools) ? tool.tools : []))].slice(0, 1024);
}

/**
 * The reply to a Chat Completions request, by the same rules: after a `tool` message, what the
 * tool printed; a command in backticks, when the agent offers a `bash` function tool, is a call to
 * it with {"command"}; otherwise a message.
 */
export function chatReplyFor(messages: unknown[], tools: unknown[]): ChatReply {
  const last = messages.at(-1);
  if (isRecord(last) && last.role === 'tool') return toolPrinted(last.content);
  const prompt = lastUserText(messages);
  return agentBashCall(prompt, tools) ?? messageFor(prompt);
}

/** An agent's shell tool (OpenCode's): a function tool named `bash` taking {"command"}. */
export const AGENT_SHELL_TOOL = 'bash';

/**
 * A command in backticks, when the request offers an agent's `bash` function tool (Chat's
 * `{function: {name}}` or Responses' `{name}`, as a connector translates it), is a call to it.
 */
function agentBashCall(prompt: string, tools: unknown[]): ChatReply | undefined {
  const command = /`([^`\n]+)`/.exec(prompt)?.[1];
  const offersBash = tools.some((tool) => isRecord(tool) && tool.type === 'function' && (tool.name === AGENT_SHELL_TOOL || (isRecord(tool.function) && tool.function.name === AGENT_SHELL_TOOL)));
  return command !== undefined && offersBash ? { type: 'function_call', name: AGENT_SHELL_TOOL, arguments: JSON.stringify({ command }) } : undefined;
}

function toolPrinted(output: unknown): ChatReply {
  const lastLine = textOf(output).trim().split('\n').at(-1)!.trim();
  return { type: 'message', text: `The tool printed: "${lastLine}"` };
}

/** The input item that asks for a remote compaction (Codex with a provider named "OpenAI"/"Azure"). */
export const COMPACTION_TRIGGER = 'compaction_trigger';

export const COMPACTION_ITEM = 'compaction';
/** What the simulated model says when a request resumes from a compacted history. */
export const RESUMED_AFTER_COMPACTION = 'resumed after compaction';

/** Opaque to Codex, which sends it back as it is; deterministic, so recordings stay stable. */
export function compactionBlob(itemsCompacted: number): string {
  return `relaycheck-compaction:${itemsCompacted}`;
}

export function replyToPrompt(prompt: string, tools: unknown[]): ReplyItem {
  if (/apply_patch/i.test(prompt) && offersTool(tools, 'custom', 'apply_patch')) {
    return { type: 'custom_tool_call', name: 'apply_patch', input: APPLY_PATCH_INPUT };
  }
  const command = /`([^`\n]+)`/.exec(prompt)?.[1];
  if ((command !== undefined || /exec_command/i.test(prompt)) && offersTool(tools, 'function', 'exec_command')) {
    return { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: command ?? DEFAULT_COMMAND }) };
  }
  // Responses Lite offers exec_command only inside its JavaScript `exec` tool (code mode).
  if ((command !== undefined || /exec_command/i.test(prompt)) && offersTool(tools, 'custom', CODE_MODE_TOOL)) {
    return { type: 'custom_tool_call', name: CODE_MODE_TOOL, input: codeModeCommand(command ?? DEFAULT_COMMAND) };
  }
  return agentBashCall(prompt, tools) ?? messageFor(prompt);
}

/** The freeform tool through which Responses Lite models call the others, with JavaScript. */
export const CODE_MODE_TOOL = 'exec';

/** The `exec` input that runs a command through the nested exec_command tool and returns what it printed. */
export function codeModeCommand(command: string): string {
  return `const r = await tools.exec_command({ cmd: ${JSON.stringify(command)} });\ntext(r.output);\n`;
}

/** The plain answer: "say hello" → "hello", anything else quoted back. */
function messageFor(prompt: string): ChatReply {
  // The last line: an attached image comes first in the message as <image …> text parts.
  const say = /^\s*say\s+(.+?)[.!]*\s*$/is.exec(prompt.trim().split('\n').at(-1)!);
  return { type: 'message', text: say ? say[1]! : `You said: ${prompt.trim().split('\n')[0]!.slice(0, 200)}` };
}

/** The text of the last user message (Responses input items or Chat messages alike). */
export function lastUserText(items: unknown[]): string {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (isRecord(item) && item.role === 'user' && (item.type === undefined || item.type === 'message')) return textOf(item.content);
  }
  return '';
}

/** Text of a string or of an array of content parts with `text`. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : '')).join('\n');
}

function offersTool(tools: unknown[], type: string, name: string): boolean {
  return tools.some((tool) => isRecord(tool) && tool.type === type && tool.name === name);
}

function badRequest(message: string, code: string, param: string | null): Rejection {
  return { ok: false, status: 400, error: { message, code, param } };
}
