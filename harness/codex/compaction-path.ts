// Which way Codex compacts a conversation through a provider, as measured on 0.169.0 and 0.171.0
// (docs/codex-ground-truth.md, "Compaction"): remotely (a compaction_trigger request answered with a
// compaction item) for a provider named exactly "OpenAI", "Azure" or "azure", and for the built-in
// provider aimed at a relay with openai_base_url; locally (a summary request with no tools) for
// every other name ("openai" in lower case included).
export type CompactionPath = 'remote' | 'local';

const REMOTE_PROVIDER_NAMES = new Set(['OpenAI', 'Azure', 'azure']);

/** From the provider's `name`: the built-in OpenAI provider is named "OpenAI" (built-in-providers.ts). */
export function compactionPathFor(providerName: string | undefined): CompactionPath {
  return providerName !== undefined && REMOTE_PROVIDER_NAMES.has(providerName) ? 'remote' : 'local';
}
