// Compaction, as Codex does it when the context fills (measured on 0.169.0 and 0.171.0,
// docs/codex-ground-truth.md). Remote (a provider named "OpenAI"/"Azure", or the built-in provider
// with openai_base_url): the request ends in a compaction_trigger item and Codex needs exactly one
// compaction item back, which it sends in its next request. Local (any other provider): a request with
// no tools asks for a summary, answered like any message. Recommended by default; a run that knows
// which path the user's Codex takes makes that path's checks required (CaseSpec.requiredOnPath).
import { CheckId } from './ids.ts';
import { messageText } from './codex-rules.ts';
import { type Check, excerpt, isRecord } from './check.ts';
import { answeredItems, observeAnswer } from './answered-items.ts';

/** Codex takes `compaction_summary` as an alias (measured on 0.169.0 and 0.171.0; `context_compaction` it does not). */
const COMPACTION_TYPES = new Set(['compaction', 'compaction_summary']);
const isCompactionItem = (item: Record<string, unknown>) => COMPACTION_TYPES.has(String(item.type));

export const compactionRemoteItem: Check = {
  id: CheckId.compactionRemoteItem,
  severity: 'recommended',
  title: 'A remote compaction request gets exactly one compaction item',
  requirement:
    'A request whose last input item is {"type":"compaction_trigger"} must stream exactly one {"type":"compaction","encrypted_content":"<string>"} output item; otherwise Codex fails the turn with "remote compaction v2 expected exactly one compaction output item" (no local fallback). Required when the provider is named "OpenAI" or "Azure", or is the built-in one with openai_base_url.',
  observe() {
    return observeAnswer((items) => {
      const compactions = items.filter(isCompactionItem);
      const wellFormed = compactions.filter((item) => typeof item.encrypted_content === 'string');
      if (wellFormed.length === 1 && compactions.length === 1) return { status: 'pass', message: `one compaction item (${excerpt(wellFormed[0]!.id ?? 'no id', 60)})` };
      const kinds = items.map((item) => String(item.type)).join(', ') || 'none';
      const why =
        compactions.length === 0
          ? `got 0 compaction items from ${items.length} output item(s) (${kinds})`
          : wellFormed.length === 0
            ? 'the compaction item has no string encrypted_content, so Codex drops it'
            : `got ${compactions.length} compaction items`;
      return {
        status: 'fail',
        message: `${why}; Codex fails the turn with "remote compaction v2 expected exactly one compaction output item"`,
        failures: [{ message: why, expected: 'one {"type":"compaction","encrypted_content":"…"} item', actual: kinds }],
      };
    });
  },
};

export const compactionItemAccepted: Check = {
  id: CheckId.compactionItemAccepted,
  severity: 'recommended',
  title: 'The request after a remote compaction, carrying the compaction item, is answered',
  requirement:
    'After a remote compaction Codex sends the compaction item back as an input item of its next request; the relay must accept it and answer (a relay that refuses unknown input item types, or cannot verify the blob, fails every turn after the first compaction).',
  observe(context) {
    const carried = Array.isArray(context.requestBody.input) && context.requestBody.input.some((item) => isRecord(item) && isCompactionItem(item));
    return {
      end(end) {
        if (!carried) return { status: 'skip', message: 'the relay gave no compaction item to send back (see compaction.remote-item)' };
        const answered = answeredItems(end, []);
        if ('outcome' in answered) return answered.outcome;
        return { status: 'pass', message: 'answered the request carrying the compaction item' };
      },
    };
  },
};

export const compactionLocalSummary: Check = {
  id: CheckId.compactionLocalSummary,
  severity: 'recommended',
  title: 'A local compaction request (no tools, a checkpoint prompt) gets a summary message',
  requirement:
    'When Codex compacts locally it sends the history with tools: [] and a "CONTEXT CHECKPOINT COMPACTION" prompt; the relay must answer with an assistant message whose text becomes the summary the conversation resumes from. Required for every provider not named "OpenAI"/"Azure".',
  observe() {
    return observeAnswer((items) => {
      const text = items.filter((item) => item.type === 'message').map(messageText).join('');
      if (text.trim()) return { status: 'pass', message: `summary of ${text.length} characters` };
      const kinds = items.map((item) => String(item.type)).join(', ') || 'none';
      return { status: 'fail', message: `no assistant text in the answer (output items: ${kinds}): the conversation resumes from an empty summary`, failures: [{ message: 'no summary text', expected: 'a message with output_text', actual: kinds }] };
    });
  },
};

export const compactionChecks: Check[] = [compactionRemoteItem, compactionItemAccepted, compactionLocalSummary];
