// The Chat Completions side of a relay, for the agents that speak it (OpenCode, Factory Droid, the
// OpenAI SDKs): a streamed answer, a tool call, the follow-up carrying the tool's result, usage on
// request, the [DONE] end, a readable refusal. Not a Codex suite: `--suite chat` reports its own
// result and never moves the Codex verdict.
import { CHAT_STREAM_CHECK_IDS } from '../harness/checks/chat-checks.ts';
import { CheckId } from '../harness/checks/ids.ts';
import { CHAT_SUITE_ID, type ChatCaseSpec, type Suite } from '../harness/run/suite.ts';

export const chatSuite: Suite<ChatCaseSpec> = {
  id: CHAT_SUITE_ID,
  title: 'Chat Completions for other agents',
  cases: [
    {
      id: 'chat.plain',
      title: 'A plain streamed answer to an agent’s chat request (function tools, stream_options.include_usage)',
      requirement: 'The relay streams chat.completion.chunk events whose delta.content is the answer, finish_reason "stop", a usage chunk, then data: [DONE].',
      chatRequest: 'plain',
      expectedReply: 'message',
      checks: CHAT_STREAM_CHECK_IDS,
    },
    {
      id: 'chat.tool-call',
      title: 'The model calls the agent’s bash tool',
      requirement: 'The call streams as tool_calls deltas with index, id, function.name and JSON arguments, and the choice ends with finish_reason "tool_calls".',
      chatRequest: 'tool-call',
      expectedReply: 'function_call',
      checks: CHAT_STREAM_CHECK_IDS,
    },
    {
      id: 'chat.after-tool-call',
      title: 'Follow-up carrying the assistant’s tool_calls and the tool message with its result',
      requirement: 'The relay accepts the assistant tool_calls message and the role "tool" message answering it, and streams the model’s answer.',
      chatRequest: 'after-tool-call',
      expectedReply: 'message',
      checks: CHAT_STREAM_CHECK_IDS,
    },
    {
      id: 'chat.malformed-request',
      title: 'A chat request body that is not JSON',
      requirement: 'A malformed chat request is refused with a 4xx and an OpenAI error envelope whose error.message the agent can show.',
      chatRequest: 'plain',
      expectedReply: 'message',
      checks: [CheckId.chatErrorEnvelope, CheckId.errorEnvelope],
      rawBody: '{"model": "gpt-5.5", "messages": [',
    },
  ],
};
