// A `[model_providers.<id>]` table read the way Codex deserializes it (codex-rs/model-provider-info/
// src/lib.rs, ModelProviderInfo): a key of the wrong type makes the whole config fail to load, while
// an unknown key is silently ignored (serde without deny_unknown_fields), which hides typos.
import { isTable, type ConfigTable } from './read-config.ts';

export interface ProviderSettings {
  name?: string;
  base_url?: string;
  env_key?: string;
  env_key_instructions?: string;
  /** Sent as `Authorization: Bearer …` when env_key is absent; a secret stored in plain text. */
  experimental_bearer_token?: string;
  /** Only "responses" loads in current Codex; "chat" is rejected with a message. */
  wire_api?: string;
  /** Appended to every URL, unencoded. */
  query_params?: Record<string, string>;
  /** Sent verbatim. */
  http_headers?: Record<string, string>;
  /** Header name → environment variable; an unset or blank variable drops the header. */
  env_http_headers?: Record<string, string>;
  request_max_retries?: number;
  stream_max_retries?: number;
  stream_idle_timeout_ms?: number;
  websocket_connect_timeout_ms?: number;
  /** Shows Codex's login screen and makes auth.json the expected credential. */
  requires_openai_auth?: boolean;
  supports_websockets?: boolean;
  /** Codex GETs its model metadata here (`?client_version=X.Y.Z`, the provider's key). */
  model_catalog_url?: string;
}

/** Header names whose values are credentials: inlining one in http_headers stores a secret. */
export function isCredentialHeader(name: string): boolean {
  return /^(authorization|proxy-authorization|x-api-key|api-key|x-goog-api-key|cookie)$/i.test(name);
}

type Kind = 'string' | 'string-map' | 'integer' | 'boolean' | 'table';

/** Every key ModelProviderInfo knows; `auth` (command-backed token) and `aws` (SigV4) are tables. */
export const PROVIDER_KEYS: Readonly<Record<string, Kind>> = {
  name: 'string',
  base_url: 'string',
  env_key: 'string',
  env_key_instructions: 'string',
  experimental_bearer_token: 'string',
  auth: 'table',
  aws: 'table',
  wire_api: 'string',
  query_params: 'string-map',
  http_headers: 'string-map',
  env_http_headers: 'string-map',
  request_max_retries: 'integer',
  stream_max_retries: 'integer',
  stream_idle_timeout_ms: 'integer',
  websocket_connect_timeout_ms: 'integer',
  requires_openai_auth: 'boolean',
  supports_websockets: 'boolean',
  model_catalog_url: 'string',
};

export interface ProviderTableReading {
  settings: ProviderSettings;
  /** Keys Codex ignores. */
  unknownKeys: string[];
  /** `key: expected …` for values Codex cannot deserialize. */
  typeErrors: string[];
}

export function readProviderTable(table: ConfigTable): ProviderTableReading {
  const settings: Record<string, unknown> = {};
  const unknownKeys: string[] = [];
  const typeErrors: string[] = [];
  for (const [key, value] of Object.entries(table)) {
    const kind = PROVIDER_KEYS[key];
    if (!kind) {
      unknownKeys.push(key);
      continue;
    }
    if (!hasKind(value, kind)) {
      typeErrors.push(`${key}: expected ${describeKind(kind)}`);
      continue;
    }
    settings[key] = typeof value === 'bigint' ? Number(value) : value;
  }
  return { settings: settings as ProviderSettings, unknownKeys, typeErrors };
}

function hasKind(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return (typeof value === 'number' && Number.isInteger(value) && value >= 0) || (typeof value === 'bigint' && value >= 0n);
    case 'table':
      return isTable(value);
    case 'string-map':
      return isTable(value) && Object.values(value).every((v) => typeof v === 'string');
  }
}

function describeKind(kind: Kind): string {
  return { string: 'a string', boolean: 'true or false', integer: 'a whole number ≥ 0', table: 'a table', 'string-map': 'a table of strings' }[kind];
}
