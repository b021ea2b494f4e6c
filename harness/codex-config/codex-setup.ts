// Everything relaycheck needs from a Codex configuration, resolved once: the files, the selected
// provider and model, the login, the credential Codex would send, and the ReplayTarget that sends
// exactly that. Both `run --codex-config` and `doctor` start here.
import type { ReplayTarget } from '../replay/instantiate-request.ts';
import { locateCodexFiles, type CodexFiles } from './codex-home.ts';
import { readCodexConfig, type ConfigTable } from './read-config.ts';
import { selectProvider, type ProviderSelection, type SelectOptions } from './select-provider.ts';
import { readAuthFile, type AuthFileReading } from './auth-json.ts';
import { providerHeaders, resolveCredential, type ProviderCredential } from './provider-credential.ts';
import { CHATGPT_BASE_URL, OPENAI_API_BASE_URL } from './built-in-providers.ts';

export interface CodexSetup {
  files: CodexFiles;
  config: ConfigTable;
  selection: ProviderSelection;
  auth: AuthFileReading;
  credential?: ProviderCredential;
  /** Undefined when Codex would have no URL to call (unknown provider). */
  target?: ReplayTarget;
  /** stream_idle_timeout_ms when the provider sets it (Codex's default is 300 000). */
  idleTimeoutMs?: number;
  requestMaxRetries?: number;
  streamMaxRetries?: number;
  /** The provider sets supports_websockets = true: Codex opens GET {base}/responses as a WebSocket first. */
  supportsWebsockets?: boolean;
  /** `service_tier`, the active profile's before the top-level one (as Codex resolves it). */
  serviceTier?: string;
  /** Every credential seen (login tokens, keys, header values): redact them all. */
  secrets: string[];
}

export interface LoadOptions extends SelectOptions {
  /** `--codex-config PATH`; undefined for Codex's own lookup. */
  configPath?: string;
  env?: NodeJS.ProcessEnv;
}

export async function loadCodexSetup(options: LoadOptions = {}): Promise<CodexSetup> {
  const env = options.env ?? process.env;
  const files = locateCodexFiles(options.configPath, env);
  const config = await readCodexConfig(files.configPath);
  const selection = selectProvider(config, options, env);
  const auth = await readAuthFile(files.authPath);
  const secrets = auth.status === 'ok' ? [...auth.secrets] : [];
  const serviceTier = serviceTierOf(config, selection.profile?.name);
  const setup: CodexSetup = { files, config, selection, auth, secrets, ...(serviceTier !== undefined && { serviceTier }) };
  const settings = selection.settings;
  if (!settings) return setup;

  const credential = resolveCredential(settings, auth, env);
  const { headers, fromEnv } = providerHeaders(settings, env);
  secrets.push(...fromEnv, ...[credential.token, settings.experimental_bearer_token].filter((s): s is string => !!s));
  // Some relays take the key as a query parameter (`?key=…`): those values are secrets too.
  for (const [name, value] of Object.entries(settings.query_params ?? {})) if (/key|token|secret|auth|sig/i.test(name)) secrets.push(value);
  setup.credential = credential;
  if (settings.stream_idle_timeout_ms !== undefined) setup.idleTimeoutMs = settings.stream_idle_timeout_ms;
  if (settings.request_max_retries !== undefined) setup.requestMaxRetries = settings.request_max_retries;
  if (settings.stream_max_retries !== undefined) setup.streamMaxRetries = settings.stream_max_retries;
  if (settings.supports_websockets === true) setup.supportsWebsockets = true;

  // Codex falls back to the OpenAI URL for any provider without base_url (to_api_provider); for a
  // third-party provider that would send its key to OpenAI, so it stays unset and lint reports it.
  const baseUrl = settings.base_url ?? (selection.providerId === 'openai' ? defaultOpenAiBaseUrl(auth) : undefined);
  if (baseUrl === undefined) return setup;
  setup.target = {
    baseUrl,
    ...(credential.token ? { apiKey: credential.token } : {}),
    ...(selection.model ? { model: selection.model } : {}),
    extraHeaders: { ...headers, ...credential.headers },
    ...(settings.query_params ? { queryParams: settings.query_params } : {}),
  };
  return setup;
}

function defaultOpenAiBaseUrl(auth: AuthFileReading): string {
  return auth.status === 'ok' && auth.mode !== 'apikey' ? CHATGPT_BASE_URL : OPENAI_API_BASE_URL;
}

function serviceTierOf(config: ConfigTable, profile: string | undefined): string | undefined {
  const profiles = config.profiles as Record<string, unknown> | undefined;
  const table = profile !== undefined && typeof profiles?.[profile] === 'object' ? (profiles[profile] as Record<string, unknown>) : undefined;
  const tier = table?.service_tier ?? config.service_tier;
  return typeof tier === 'string' ? tier : undefined;
}
