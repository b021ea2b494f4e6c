// A minimal Chat Completions endpoint: what a chat-only relay does serve, so the harness's
// diagnosis ("this relay only speaks Chat Completions") has something real to find.
import { createHash } from 'node:crypto';
import { http, HttpResponse, type RequestHandler } from 'msw';
import { openAiErrorResponse } from './openai-error.ts';
import { lastUserText, parseRequestBody, replyToPrompt } from './reply-policy.ts';
import { type RelayOptions, unixNow } from './relay-options.ts';
import { sseBody } from './sse-body.ts';

export function chatCompletionsHandler(opts: RelayOptions): RequestHandler {
  return http.post('*/v1/chat/completions', async ({ request }) => {
    const bodyText = await request.text();
    const parsed = parseRequestBody(bodyText, ['model', 'messages'], opts);
    if (!parsed.ok) return openAiErrorResponse(parsed.status, parsed.error);
    const body = parsed.value;
    if (!Array.isArray(body.messages)) return openAiErrorResponse(400, { message: "Invalid type for 'messages': expected an array.", code: 'invalid_type', param: 'messages' });
    // Chat requests carry no freeform tools, so the policy answers with a message.
    const reply = replyToPrompt(lastUserText(body.messages), []);
    const text = reply.type === 'message' ? reply.text : '';
    const base = {
      id: `chatcmpl-${createHash('sha256').update(bodyText).digest('hex').slice(0, 24)}`,
      created: (opts.now ?? unixNow)(),
      model: body.model as string,
    };
    if (body.stream !== true) {
      const promptTokens = Math.ceil(bodyText.length / 4);
      const completionTokens = Math.ceil(text.length / 4);
      return HttpResponse.json({
        ...base,
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: 'stop' }],
        usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
      });
    }
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
    const frames = [chunk({ role: 'assistant', content: '' }, null), chunk({ content: text }, null), chunk({}, 'stop'), 'data: [DONE]\n\n'];
    return new HttpResponse(sseBody(frames, { betweenEventsMs: opts.latency?.betweenEventsMs }), { headers: { 'content-type': 'text/event-stream; charset=utf-8' } });
  });
}
