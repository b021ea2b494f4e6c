// The credential Codex sends to a provider, in Codex's order (codex-rs/model-provider/src/auth.rs,
// bearer_auth_provider_from_auth): the `env_key` variable (set but empty counts as missing, and
// then Codex refuses to send anything: "Missing environment variable"), else
// `experimental_bearer_token`, else the auth.json login (API key, or ChatGPT access token plus
// ChatGPT-Account-ID). Provider headers come from `http_headers` and `env_http_headers`
// (ModelProviderInfo::build_header_map: an unset or blank variable drops its header).
import type { ProviderSettings } from './provider-settings.ts';
import type { AuthFileReading } from './auth-json.ts';

export type CredentialSource = 'env_key' | 'experimental_bearer_token' | 'auth.json api key' | 'auth.json chatgpt' | 'none';

export interface ProviderCredential {
  source: CredentialSource;
  /** The env_key variable name, when that is the source (or the source that failed). */
  envKey?: string;
  /** What goes after `Authorization: Bearer`. */
  token?: string;
  /** Headers that come with the credential (ChatGPT-Account-ID). */
  headers: Record<string, string>;
  /** Set when Codex would fail before sending a request. */
  missingEnvKey?: boolean;
}

export function resolveCredential(settings: ProviderSettings, auth: AuthFileReading, env: NodeJS.ProcessEnv = process.env): ProviderCredential {
  if (settings.env_key !== undefined) {
    const value = env[settings.env_key];
    if (value === undefined || !value.trim()) return { source: 'env_key', envKey: settings.env_key, headers: {}, missingEnvKey: true };
    return { source: 'env_key', envKey: settings.env_key, token: value, headers: {} };
  }
  if (settings.experimental_bearer_token !== undefined) {
    return { source: 'experimental_bearer_token', token: settings.experimental_bearer_token, headers: {} };
  }
  if (auth.status === 'ok' && auth.token) {
    if (auth.mode === 'apikey') return { source: 'auth.json api key', token: auth.token, headers: {} };
    return { source: 'auth.json chatgpt', token: auth.token, headers: auth.accountId ? { 'chatgpt-account-id': auth.accountId } : {} };
  }
  return { source: 'none', headers: {} };
}

/** `http_headers` verbatim, then `env_http_headers` from the environment; lower-cased names. */
export function providerHeaders(settings: ProviderSettings, env: NodeJS.ProcessEnv = process.env): { headers: Record<string, string>; fromEnv: string[] } {
  const headers: Record<string, string> = {};
  const fromEnv: string[] = [];
  for (const [name, value] of Object.entries(settings.http_headers ?? {})) headers[name.toLowerCase()] = value;
  for (const [name, variable] of Object.entries(settings.env_http_headers ?? {})) {
    const value = env[variable];
    if (value === undefined || !value.trim()) continue;
    headers[name.toLowerCase()] = value;
    fromEnv.push(value);
  }
  return { headers, fromEnv };
}

export function describeCredential(credential: ProviderCredential): string {
  switch (credential.source) {
    case 'env_key':
      return credential.missingEnvKey ? `$${credential.envKey} (env_key, not set)` : `$${credential.envKey} (env_key)`;
    case 'experimental_bearer_token':
      return 'experimental_bearer_token (stored in config.toml)';
    case 'auth.json api key':
      return 'the API key in auth.json';
    case 'auth.json chatgpt':
      return 'the ChatGPT login token in auth.json';
    case 'none':
      return 'no credential';
  }
}
