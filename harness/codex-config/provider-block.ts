// The config.toml snippet the doctor hands back: top-level `model_provider`/`model` (they must sit
// above every [table] in the file) and the `[model_providers.<id>]` table. A key is only ever
// referenced through env_key / env_http_headers, never written into the block.
import { stringify } from 'smol-toml';

export interface ProviderBlock {
  providerId: string;
  name?: string;
  baseUrl: string;
  model?: string;
  /** Variable holding the relay key; absent when the relay needs none. */
  envKey?: string;
  queryParams?: Record<string, string>;
  /** Non-credential headers only. */
  httpHeaders?: Record<string, string>;
  /** Header name → environment variable (credential headers go here). */
  envHttpHeaders?: Record<string, string>;
  requestMaxRetries?: number;
  streamMaxRetries?: number;
  streamIdleTimeoutMs?: number;
  /** Kept as the user's provider had it (the built-in one aimed at a relay speaks WebSocket). */
  supportsWebsockets?: boolean;
  /** The user's model_catalog_url: without it Codex falls back to default model metadata. */
  modelCatalogUrl?: string;
}

export interface RenderedBlock {
  /** Lines for the top of config.toml. */
  topLevel: string;
  /** The provider table. */
  table: string;
  /** Both, ready to be a whole config.toml. */
  toml: string;
}

export function renderProviderBlock(block: ProviderBlock): RenderedBlock {
  const provider: Record<string, unknown> = {
    name: block.name ?? block.providerId,
    base_url: block.baseUrl,
    wire_api: 'responses',
  };
  if (block.envKey) provider.env_key = block.envKey;
  if (block.requestMaxRetries !== undefined) provider.request_max_retries = block.requestMaxRetries;
  if (block.streamMaxRetries !== undefined) provider.stream_max_retries = block.streamMaxRetries;
  if (block.streamIdleTimeoutMs !== undefined) provider.stream_idle_timeout_ms = block.streamIdleTimeoutMs;
  if (block.supportsWebsockets !== undefined) provider.supports_websockets = block.supportsWebsockets;
  if (block.modelCatalogUrl !== undefined) provider.model_catalog_url = block.modelCatalogUrl;
  if (nonEmpty(block.queryParams)) provider.query_params = block.queryParams;
  if (nonEmpty(block.httpHeaders)) provider.http_headers = block.httpHeaders;
  if (nonEmpty(block.envHttpHeaders)) provider.env_http_headers = block.envHttpHeaders;

  const topLevel = stringify({ model_provider: block.providerId, ...(block.model ? { model: block.model } : {}) }).trim();
  const table = stringify({ model_providers: { [block.providerId]: provider } }).trim();
  return { topLevel, table, toml: `${topLevel}\n\n${table}\n` };
}

function nonEmpty(map: Record<string, string> | undefined): map is Record<string, string> {
  return map !== undefined && Object.keys(map).length > 0;
}
