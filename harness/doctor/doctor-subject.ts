// What the doctor examines: a provider from a Codex config (linted first) or one given by flags,
// reduced to the target to probe, the credential Codex would send, and the non-secret settings a
// suggested block keeps.
import type { ReplayTarget } from '../replay/instantiate-request.ts';
import { loadCodexSetup, type CodexSetup } from '../codex-config/codex-setup.ts';
import { lintCodexSetup } from '../codex-config/lint-config.ts';
import { suggestedEnvKey } from '../codex-config/env-key-name.ts';
import type { ProviderBlock } from '../codex-config/provider-block.ts';
import { isCredentialHeader, type ProviderSettings } from '../codex-config/provider-settings.ts';
import type { ProviderCredential } from '../codex-config/provider-credential.ts';
import type { Finding } from '../codex-config/finding.ts';
import { isBuiltInProvider } from '../codex-config/built-in-providers.ts';
import type { AuthFileReading } from '../codex-config/auth-json.ts';
import { UsageError } from '../cli/usage-error.ts';

export interface DoctorSubject {
  origin: { kind: 'config'; configPath: string; profile?: string } | { kind: 'flags' };
  providerId: string;
  /** Where the block reads the key from: the user's env_key, else `<PROVIDER>_API_KEY`. */
  envKey: string;
  /** Non-secret settings the suggested block keeps (its URL and model come from what worked). */
  blockBase: Omit<ProviderBlock, 'baseUrl' | 'model'>;
  target?: ReplayTarget;
  credential: ProviderCredential;
  idleTimeoutMs?: number;
  secrets: string[];
  /** Lint findings (config mode) before any probe. */
  findings: Finding[];
  /** The login Codex would fall back on, for the ChatGPT-token guard. */
  auth: AuthFileReading;
  /** The provider's model_catalog_url, where Codex reads its model metadata. */
  modelCatalogUrl?: string;
  /** The provider sets supports_websockets = true: Codex opens a WebSocket at every session start. */
  websockets?: boolean;
  /** The config's service_tier, which decides a request shape. */
  serviceTier?: string;
  /** The provider is one built into Codex (its settings come from Codex, not a table). */
  builtIn?: boolean;
}

export interface SubjectFlags {
  codexConfig?: string | true;
  provider?: string;
  profile?: string;
  baseUrl?: string;
  apiKeyEnv?: string;
  model?: string;
}

export async function buildSubject(flags: SubjectFlags, env: NodeJS.ProcessEnv = process.env): Promise<DoctorSubject> {
  const fromConfig = flags.codexConfig !== undefined || flags.profile !== undefined || flags.baseUrl === undefined;
  const subject = fromConfig ? await subjectFromConfig(flags, env) : subjectFromFlags(flags);
  return applyFlagOverrides(subject, flags, env);
}

async function subjectFromConfig(flags: SubjectFlags, env: NodeJS.ProcessEnv): Promise<DoctorSubject> {
  const setup: CodexSetup = await loadCodexSetup({
    configPath: typeof flags.codexConfig === 'string' ? flags.codexConfig : undefined,
    provider: flags.provider,
    profile: flags.profile,
    env,
  });
  const { selection } = setup;
  const settings: ProviderSettings = selection.settings ?? {};
  const envKey = suggestedEnvKey(selection.providerId, settings.env_key);
  return {
    origin: { kind: 'config', configPath: setup.files.configPath, ...(selection.profile ? { profile: selection.profile.name } : {}) },
    providerId: selection.providerId,
    envKey,
    blockBase: blockBaseFrom(selection.providerId, settings, envKey),
    ...(setup.target ? { target: setup.target } : {}),
    credential: setup.credential ?? { source: 'none', headers: {} },
    ...(setup.idleTimeoutMs !== undefined ? { idleTimeoutMs: setup.idleTimeoutMs } : {}),
    secrets: setup.secrets,
    findings: lintCodexSetup(setup, env),
    auth: setup.auth,
    ...(settings.model_catalog_url ? { modelCatalogUrl: settings.model_catalog_url } : {}),
    ...(setup.supportsWebsockets && { websockets: true }),
    ...(selection.builtIn && { builtIn: true }),
    ...(setup.serviceTier !== undefined && { serviceTier: setup.serviceTier }),
  };
}

function subjectFromFlags(flags: SubjectFlags): DoctorSubject {
  const providerId = flags.provider ?? 'relay';
  const envKey = suggestedEnvKey(providerId, flags.apiKeyEnv);
  return {
    origin: { kind: 'flags' },
    providerId,
    envKey,
    blockBase: { providerId, name: providerId },
    target: { baseUrl: flags.baseUrl! },
    credential: { source: 'none', headers: {} },
    secrets: [],
    findings: [],
    auth: { status: 'absent' },
  };
}

/** --base-url, --api-key-env and --model win over the config, as with `relaycheck run`. */
function applyFlagOverrides(subject: DoctorSubject, flags: SubjectFlags, env: NodeJS.ProcessEnv): DoctorSubject {
  const configCredentialHeaders = subject.credential.headers;
  if (flags.apiKeyEnv !== undefined) {
    const key = env[flags.apiKeyEnv];
    if (!key?.trim()) throw new UsageError(`--api-key-env ${flags.apiKeyEnv}: that environment variable is not set`);
    subject.credential = { source: 'env_key', envKey: flags.apiKeyEnv, token: key, headers: {} };
    subject.envKey = flags.apiKeyEnv;
    subject.secrets = [...subject.secrets, key];
  }
  if (!subject.target && flags.baseUrl === undefined) return subject;
  const target: ReplayTarget = { ...(subject.target ?? { baseUrl: flags.baseUrl! }) };
  if (flags.baseUrl !== undefined) target.baseUrl = flags.baseUrl;
  if (flags.model !== undefined) target.model = flags.model;
  if (flags.apiKeyEnv !== undefined) {
    target.apiKey = subject.credential.token;
    // The config's credential headers (ChatGPT-Account-ID) belonged to the credential replaced.
    target.extraHeaders = Object.fromEntries(Object.entries(target.extraHeaders ?? {}).filter(([name]) => !(name in configCredentialHeaders)));
  }
  return { ...subject, target };
}

/** The block's table for a built-in provider: Codex refuses a [model_providers.<built-in id>] table (measured, 0.169.0 and 0.171.0). */
const BUILT_IN_BLOCK_ID = 'relay';

function blockBaseFrom(providerId: string, settings: ProviderSettings, envKey: string): DoctorSubject['blockBase'] {
  const httpHeaders: Record<string, string> = {};
  const envHttpHeaders: Record<string, string> = { ...settings.env_http_headers };
  for (const [name, value] of Object.entries(settings.http_headers ?? {})) {
    // A credential inlined in http_headers moves to env_http_headers: the block never holds a secret.
    if (isCredentialHeader(name)) envHttpHeaders[name] = envKey;
    else httpHeaders[name] = value;
  }
  return {
    // The built-in's name ("OpenAI") stays: it keeps Codex's remote compaction, as the built-in had it.
    providerId: isBuiltInProvider(providerId) ? BUILT_IN_BLOCK_ID : providerId,
    name: settings.name ?? providerId,
    queryParams: settings.query_params,
    httpHeaders,
    envHttpHeaders,
    requestMaxRetries: settings.request_max_retries,
    streamMaxRetries: settings.stream_max_retries,
    streamIdleTimeoutMs: settings.stream_idle_timeout_ms,
    supportsWebsockets: settings.supports_websockets,
    modelCatalogUrl: settings.model_catalog_url,
  };
}
