// A connector that offers /v1/chat/completions to agents (OpenCode, Factory Droid) and forwards to a
// Responses backend, translating both ways, for testing `relaycheck fidelity --sides chat` against.
// Faithful, it maps the chat messages, tool calls and tool results to Responses input items, the
// function tools to Responses function tools, and streams the upstream's events back as chat chunks
// as they come (text deltas, tool_calls deltas with the upstream's call_id and arguments bytes).
// Chat has no reasoning items, yet the Codex backend needs the reasoning item that preceded a tool
// call sent back with that call (store:false): the connector keeps them per call_id and puts them
// back in front of the call when the agent's follow-up carries it. Reasoning summaries reach the
// agent as `reasoning_content` deltas (the de facto chat field). Every other path is passed through
// by the forwarding relay. A ConnectorBehaviour makes it unfaithful in one way real connectors are
// reported to be (codex-wire.md §7).
import { Readable } from 'node:stream';
import { http, type RequestHandler } from 'msw';
import { request as undiciRequest } from 'undici';
import { isRecord } from '../checks/check.ts';
import { DONE_DATA } from '../chat/chat-stream.ts';
import { serveHandlers, type ServedHandlers } from '../relays/serve-handlers.ts';
import { createSseParser } from '../sse/sse-parser.ts';
import { RELAY_UPSTREAM_KEY, forwardingHandlers } from './forwarding-relay.ts';

type Body = Record<string, unknown>;

export interface ConnectorBehaviour {
  /** Forgets the upstream's reasoning items instead of sending them back with the tool call they preceded. */
  dropReasoning?: boolean;
  /** Rewrites a tool call's arguments before the agent gets them (sent whole, not as deltas). */
  toolArguments?(args: string): string;
  /** Rewrites a function tool's parameters schema before it goes upstream. */
  parameters?(schema: Body): Body;
  /** Keeps the upstream's reasoning summaries from the agent (no reasoning_content): a reasoning-only reply arrives empty. */
  dropSummaries?: boolean;
  /** Sends only the conversation and the tools: the agent's settings (tool_choice, reasoning effort, token limit…) stay behind. */
  dropSettings?: boolean;
}

/** The agent's settings as Responses fields: the same name and value, except where the API renamed or reshaped them. */
function responsesSettings(chat: Body): Body {
  const choice = chat.tool_choice;
  const format = chat.response_format;
  const settings: Body = {
    temperature: chat.temperature,
    top_p: chat.top_p,
    max_output_tokens: chat.max_completion_tokens ?? chat.max_tokens,
    tool_choice: isRecord(choice) && isRecord(choice.function) ? { type: 'function', name: choice.function.name } : choice,
    parallel_tool_calls: chat.parallel_tool_calls,
    metadata: chat.metadata,
    ...(chat.reasoning_effort !== undefined && { reasoning: { effort: chat.reasoning_effort } }),
    ...(isRecord(format) && { text: { format: isRecord(format.json_schema) ? { type: format.type, ...format.json_schema } : format } }),
  };
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
}

/** Reasoning items remembered per call_id; the oldest are forgotten first. */
const MAX_REMEMBERED_CALLS = 1024;
const MAX_BODY_BYTES = 32 * 1024 * 1024;

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function text(content: unknown): string {
  if (typeof content === 'string') return content;
  return list(content)
    .map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : ''))
    .join('\n');
}

/** The chat request as a Responses request, the reasoning the upstream gave before each returned call put back. */
export function toResponsesRequest(chat: Body, remembered: ReadonlyMap<string, unknown[]>, behaviour: ConnectorBehaviour = {}): Body {
  const messages = list(chat.messages).filter(isRecord);
  const instructions = messages.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => text(m.content));
  const input = messages.flatMap((m): unknown[] => {
    if (m.role === 'system' || m.role === 'developer') return [];
    if (m.role === 'tool') return [{ type: 'function_call_output', call_id: m.tool_call_id, output: text(m.content) }];
    const said = text(m.content);
    const calls = list(m.tool_calls)
      .filter(isRecord)
      .flatMap((call) => {
        const fn = isRecord(call.function) ? call.function : {};
        const reasoning = behaviour.dropReasoning ? [] : (remembered.get(String(call.id)) ?? []);
        return [...reasoning, { type: 'function_call', call_id: call.id, name: fn.name, arguments: fn.arguments }];
      });
    return [...(said !== '' || calls.length === 0 ? [{ type: 'message', role: m.role, content: said }] : []), ...calls];
  });
  const tools = list(chat.tools)
    .filter(isRecord)
    .map((tool) => {
      const fn = isRecord(tool.function) ? tool.function : {};
      const parameters = isRecord(fn.parameters) && behaviour.parameters ? behaviour.parameters(structuredClone(fn.parameters)) : fn.parameters;
      return { type: 'function', name: fn.name, description: fn.description, parameters, strict: false };
    });
  return {
    model: chat.model,
    ...(instructions.length > 0 && { instructions: instructions.join('\n\n') }),
    input,
    ...(tools.length > 0 && { tools }),
    ...(!behaviour.dropSettings && responsesSettings(chat)),
    stream: true,
    store: false,
    include: ['reasoning.encrypted_content'],
  };
}

/** Turns one upstream Responses stream into the agent's chat chunks, event by event. */
class ChunkTranslator {
  private head: Body = { id: 'chatcmpl-connector', object: 'chat.completion.chunk', created: 0, model: '' };
  private readonly toolIndex = new Map<string, number>();
  private reasoning: unknown[] = [];
  private roleSent = false;

  constructor(
    private readonly includeUsage: boolean,
    private readonly behaviour: ConnectorBehaviour,
    private readonly remember: (callId: string, reasoning: unknown[]) => void,
  ) {}

  /** The `data:` payloads one upstream event becomes. */
  event(event: Body): string[] {
    const item = isRecord(event.item) ? event.item : {};
    switch (event.type) {
      case 'response.created': {
        const response = isRecord(event.response) ? event.response : {};
        this.head = { ...this.head, id: `chatcmpl-${String(response.id)}`, created: response.created_at, model: response.model };
        return [];
      }
      case 'response.output_item.added':
        if (item.type !== 'function_call') return [];
        this.toolIndex.set(String(item.id), this.toolIndex.size);
        return [this.chunk({ content: null, tool_calls: [{ index: this.toolIndex.size - 1, id: item.call_id, type: 'function', function: { name: item.name, arguments: '' } }] })];
      case 'response.output_text.delta':
        return [this.chunk({ content: event.delta })];
      case 'response.function_call_arguments.delta':
        return this.behaviour.toolArguments ? [] : [this.chunk({ tool_calls: [{ index: this.toolIndex.get(String(event.item_id)), function: { arguments: event.delta } }] })];
      case 'response.function_call_arguments.done':
        return this.behaviour.toolArguments ? [this.chunk({ tool_calls: [{ index: this.toolIndex.get(String(event.item_id)), function: { arguments: this.behaviour.toolArguments(String(event.arguments)) } }] })] : [];
      case 'response.output_item.done':
        if (item.type === 'function_call') this.remember(String(item.call_id), this.reasoning);
        if (item.type !== 'reasoning') return [];
        this.reasoning = [...this.reasoning, item];
        return this.behaviour.dropSummaries ? [] : list(item.summary).map((part) => this.chunk({ reasoning_content: text([part]) }));
      case 'response.completed':
        return [this.chunk({}, this.toolIndex.size > 0 ? 'tool_calls' : 'stop'), ...(this.includeUsage ? [this.usage(event.response)] : []), DONE_DATA];
      default:
        return [];
    }
  }

  private chunk(delta: Body, finish: string | null = null): string {
    const first = !this.roleSent && finish === null;
    this.roleSent = true;
    return JSON.stringify({ ...this.head, choices: [{ index: 0, delta: first ? { role: 'assistant', ...delta } : delta, finish_reason: finish }] });
  }

  private usage(response: unknown): string {
    const usage = isRecord(response) && isRecord(response.usage) ? response.usage : {};
    const prompt = Number(usage.input_tokens ?? 0);
    const completion = Number(usage.output_tokens ?? 0);
    return JSON.stringify({ ...this.head, choices: [], usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } });
  }
}

export function translatingHandlers(upstreamUrl: string, behaviour: ConnectorBehaviour = {}): RequestHandler[] {
  const upstream = upstreamUrl.replace(/\/+$/, '');
  const remembered = new Map<string, unknown[]>();
  const remember = (callId: string, reasoning: unknown[]) => {
    if (reasoning.length === 0) return;
    remembered.set(callId, reasoning);
    if (remembered.size > MAX_REMEMBERED_CALLS) remembered.delete(remembered.keys().next().value!);
  };
  const chat = http.post('*/v1/chat/completions', async ({ request }) => {
    const body = (await request.json()) as Body;
    const answer = await undiciRequest(`${upstream}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${RELAY_UPSTREAM_KEY}` },
      body: JSON.stringify(toResponsesRequest(body, remembered, behaviour)),
    });
    // The error envelope is the same in both APIs: passed on as it came.
    if (answer.statusCode !== 200) return new Response(await answer.body.text(), { status: answer.statusCode, headers: { 'content-type': 'application/json' } });
    const includeUsage = isRecord(body.stream_options) && body.stream_options.include_usage === true;
    const translator = new ChunkTranslator(includeUsage, behaviour, remember);
    const encoder = new TextEncoder();
    const pending: string[] = [];
    const parser = createSseParser({ onEvent: (event) => void (event.data.startsWith('{') && pending.push(...translator.event(JSON.parse(event.data) as Body))) });
    let received = 0;
    const stream = (Readable.toWeb(answer.body) as ReadableStream<Uint8Array>).pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          received += chunk.byteLength;
          if (received > MAX_BODY_BYTES) return controller.error(new Error('upstream answer over the connector bound'));
          parser.feed(chunk);
          for (const data of pending.splice(0)) controller.enqueue(encoder.encode(`data: ${data}\n\n`));
        },
      }),
    );
    return new Response(stream, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } });
  });
  return [chat, ...forwardingHandlers(upstream)];
}

export function startTranslatingConnector(upstreamUrl: string, behaviour: ConnectorBehaviour = {}, port = 0): Promise<ServedHandlers> {
  return serveHandlers(translatingHandlers(upstreamUrl, behaviour), { port });
}
