// The providers compiled into Codex (codex-rs/model-provider-info/src/lib.rs: built_in_model_providers).
// A `[model_providers.<id>]` table with one of these ids is ignored: built-ins win the merge
// (merge_configured_model_providers). The OpenAI provider's URL comes from the top-level
// `openai_base_url` key (the OPENAI_BASE_URL variable was removed, openai/codex#16720), else it
// depends on the login: ChatGPT logins talk to the ChatGPT backend (ModelProviderInfo::to_api_provider).
import type { ProviderSettings } from './provider-settings.ts';

export const OPENAI_API_BASE_URL = 'https://api.openai.com/v1';
export const CHATGPT_BASE_URL = 'https://chatgpt.com/backend-api/codex';

export const BUILT_IN_PROVIDER_IDS = ['openai', 'ollama', 'lmstudio'] as const;

export function isBuiltInProvider(id: string): boolean {
  return (BUILT_IN_PROVIDER_IDS as readonly string[]).includes(id);
}

/** The built-in's settings; the OpenAI base URL is left unset when only the login decides it. */
export function builtInProvider(id: string, config: { openaiBaseUrl?: string }, env: NodeJS.ProcessEnv = process.env): ProviderSettings | undefined {
  switch (id) {
    case 'openai':
      return {
        name: 'OpenAI',
        // Aimed at a relay, it opens a WebSocket first, and no key turns that off (measured on 0.169.0
        // and 0.171.0: docs/codex-ground-truth.md, "WebSocket transport").
        ...(config.openaiBaseUrl ? { base_url: config.openaiBaseUrl, supports_websockets: true } : {}),
        wire_api: 'responses',
        env_http_headers: { 'OpenAI-Organization': 'OPENAI_ORGANIZATION', 'OpenAI-Project': 'OPENAI_PROJECT' },
        requires_openai_auth: true,
      };
    case 'ollama':
      return ossProvider(11434, env);
    case 'lmstudio':
      return ossProvider(1234, env);
    default:
      return undefined;
  }
}

/** Local servers: CODEX_OSS_BASE_URL, else localhost on CODEX_OSS_PORT or the tool's usual port. */
function ossProvider(defaultPort: number, env: NodeJS.ProcessEnv): ProviderSettings {
  const port = Number.parseInt(env.CODEX_OSS_PORT?.trim() ?? '', 10);
  const base = env.CODEX_OSS_BASE_URL?.trim() || `http://localhost:${Number.isInteger(port) && port > 0 && port < 65536 ? port : defaultPort}/v1`;
  return { name: 'gpt-oss', base_url: base, wire_api: 'responses', requires_openai_auth: false };
}
