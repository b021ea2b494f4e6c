// Which way Codex compacts a conversation through a provider, as measured on 0.169.0 and 0.171.0
// (docs/codex-ground-truth.md, "Compaction"): remotely (a compaction_trigger request answered with a
// compaction item) for a provider named exactly "OpenAI", "Azure" or "azure", and for the built-in
// provider aimed at a relay with openai_base_url; locally (a summary request with no tools) for
// every other name ("openai" in lower case included).
export type CompactionPath = 'remote' | 'local';

export const COMPACTION_PATHS: readonly CompactionPath[] = ['remote', 'local'];

const REMOTE_PROVIDER_NAMES = new Set(['OpenAI', 'Azure', 'azure']);

export interface ProviderIdentity {
  /** The provider table's `name`; for the built-in provider, absent. */
  name?: string;
  /** The built-in OpenAI provider (model_provider unset or "openai"). */
  builtIn: boolean;
}

export function compactionPathFor(provider: ProviderIdentity): CompactionPath {
  if (provider.builtIn) return 'remote';
  return provider.name !== undefined && REMOTE_PROVIDER_NAMES.has(provider.name) ? 'remote' : 'local';
}
