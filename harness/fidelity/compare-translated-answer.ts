// What an agent got from a connector that translated the upstream's Responses stream into chat
// chunks, by meaning: the upstream's answer text as `content`, and its reasoning summaries as
// `reasoning_content` (the de facto chat field). A connector that drops the reasoning shows a
// reasoning-only reply (a reasoning item, no message) as an empty answer. Pure data in, one
// observation out.
import { isRecord } from '../checks/check.ts';
import { ChatStreamReader } from '../chat/chat-stream.ts';
import type { Answer } from './compare-answer.ts';
import { FidelityId } from './finding-ids.ts';
import { type Observation, fail, pass, skip } from './observation.ts';

interface Said {
  content: string;
  reasoning: string;
}

const events = (answer: Answer): unknown[] => (answer.kind === 'stream' ? answer.events : []);

/** The upstream's Responses stream: its output text deltas, and the summaries of its finished reasoning items. */
function upstreamSaid(answer: Answer): Said {
  let content = '';
  let reasoning = '';
  for (const event of events(answer)) {
    if (!isRecord(event)) continue;
    if (event.type === 'response.output_text.delta' && typeof event.delta === 'string') content += event.delta;
    if (event.type === 'response.output_item.done' && isRecord(event.item) && event.item.type === 'reasoning' && Array.isArray(event.item.summary)) {
      for (const part of event.item.summary) if (isRecord(part) && typeof part.text === 'string') reasoning += part.text;
    }
  }
  return { content, reasoning };
}

/** The agent's chat stream: its content deltas, and its reasoning_content deltas. */
function agentGot(answer: Answer): Said {
  const reader = new ChatStreamReader();
  let reasoning = '';
  events(answer).forEach((event, i) => {
    reader.add(typeof event === 'string' ? event : '', i, event);
    const choice = isRecord(event) && Array.isArray(event.choices) ? event.choices[0] : undefined;
    const delta = isRecord(choice) && isRecord(choice.delta) ? choice.delta : {};
    if (typeof delta.reasoning_content === 'string') reasoning += delta.reasoning_content;
  });
  return { content: reader.content, reasoning };
}

export function compareTranslatedAnswer(upstream: Answer | undefined, client: Answer): Observation {
  const id = FidelityId.eventsPreserved;
  if (!upstream || upstream.kind !== 'stream') return skip(id, 'the upstream sent no stream to compare with');
  const sent = upstreamSaid(upstream);
  const got = agentGot(client);
  const problems = [
    ...(sent.content !== got.content ? [`the answer text ${got.content === '' ? 'did not reach the agent' : 'reached the agent changed'}`] : []),
    ...(sent.reasoning !== got.reasoning ? [`the reasoning summary ${got.reasoning === '' ? 'did not reach the agent' : 'reached the agent changed'} as reasoning_content`] : []),
  ];
  if (problems.length === 0) return pass(id, `the upstream's answer text (${sent.content.length} chars) and reasoning summary (${sent.reasoning.length} chars) reached the agent as content and reasoning_content`);
  const empty = got.content === '' && got.reasoning === '' && (sent.content !== '' || sent.reasoning !== '') ? ': the agent got an empty answer' : '';
  return fail(id, `translated from the Responses API: ${problems.join('; ')}${empty}`, sent, got);
}
