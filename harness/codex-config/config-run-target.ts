// `relaycheck run --codex-config`: the ReplayTarget, idle timeout and retry limits Codex's own configuration
// yields, or a config error naming what Codex would stop on. Lint warnings come back as notices.
import type { ReplayTarget } from '../replay/instantiate-request.ts';
import { CodexConfigError } from './read-config.ts';
import { loadCodexSetup, type LoadOptions } from './codex-setup.ts';
import { lintCodexSetup } from './lint-config.ts';
import { describeCredential } from './provider-credential.ts';
import { Redactor } from '../redact/redact.ts';
import type { AuthFileReading } from './auth-json.ts';
import { type CompactionPath, compactionPathFor } from '../codex/compaction-path.ts';
import { type RequestShape, requestShapesFor } from '../codex/request-shapes.ts';
import { CODEX_DEFAULT_RETRIES, type CodexRetrySettings } from '../retry/codex-retry-rules.ts';

export interface ConfigRunTarget {
  target: ReplayTarget;
  idleTimeoutMs?: number;
  /** Codex's retry limits for this provider: its keys where set, Codex's defaults otherwise. */
  retries: CodexRetrySettings;
  /** Codex speaks WebSocket to this provider (supports_websockets = true). */
  websockets: boolean;
  /** The provider is Codex's built-in `openai` one (aimed at a relay by openai_base_url), not a config table. */
  builtInProvider: boolean;
  secrets: string[];
  providerId: string;
  /** The login Codex would fall back on, for the ChatGPT-token guard. */
  auth: AuthFileReading;
  /** Headers that belong to the credential (ChatGPT-Account-ID): they go when another key replaces it. */
  credentialHeaders: string[];
  /** One line each: what was read, then warnings. Redacted. */
  notices: string[];
  /** How Codex compacts through this provider (its `name`; the built-in one with openai_base_url is "OpenAI"). */
  compactionPath: CompactionPath;
  /** The configuration-dependent request shapes Codex sends through this config (request-shapes.ts). */
  shapes: RequestShape[];
  /** The provider's `name` as Codex reads it (the built-in one's is "OpenAI"). */
  providerName?: string;
  /** The config's service_tier, which the live Codex of `--with-codex` is given too. */
  serviceTier?: string;
  /** The provider's model_catalog_url, where Codex reads its model metadata (with the provider's key). */
  modelCatalogUrl?: string;
}

export async function runTargetFromConfig(options: LoadOptions): Promise<ConfigRunTarget> {
  const setup = await loadCodexSetup(options);
  const redactor = new Redactor(setup.secrets);
  const findings = lintCodexSetup(setup, options.env);
  const fatal = findings.find((f) => f.severity === 'error');
  if (fatal) {
    const fix = fatal.fix ? ` Fix: ${fatal.fix}.` : '';
    throw new CodexConfigError(redactor.text(`${setup.files.configPath}: ${fatal.title}.${fix} (relaycheck doctor explains more)`), 'invalid');
  }
  // Without a fatal finding the provider resolved and has a URL; guard anyway for the type checker.
  if (!setup.target) throw new CodexConfigError(`${setup.files.configPath}: provider "${setup.selection.providerId}" has no base_url`, 'invalid');

  const { selection, credential } = setup;
  const notices = [
    `using [model_providers.${selection.providerId}] from ${setup.files.configPath}${selection.profile ? ` (profile ${selection.profile.name})` : ''}: ${setup.target.baseUrl}, key from ${credential ? describeCredential(credential) : 'nowhere'}`,
    ...findings.filter((f) => f.severity === 'warning').map((f) => `warning: ${f.title}`),
  ].map((line) => redactor.text(line));
  return {
    target: setup.target,
    ...(setup.idleTimeoutMs !== undefined ? { idleTimeoutMs: setup.idleTimeoutMs } : {}),
    retries: {
      requestMaxRetries: setup.requestMaxRetries ?? CODEX_DEFAULT_RETRIES.requestMaxRetries,
      streamMaxRetries: setup.streamMaxRetries ?? CODEX_DEFAULT_RETRIES.streamMaxRetries,
    },
    websockets: setup.supportsWebsockets === true,
    // Measured for that one only (ground truth, "The built-in provider aimed at a relay"); ollama's and lmstudio's speak no WebSocket.
    builtInProvider: selection.builtIn && selection.providerId === 'openai',
    secrets: setup.secrets,
    providerId: selection.providerId,
    auth: setup.auth,
    credentialHeaders: Object.keys(credential?.headers ?? {}),
    notices,
    compactionPath: compactionPathFor(selection.settings?.name),
    shapes: requestShapesFor({
      providerName: selection.settings?.name,
      model: selection.model,
      serviceTier: setup.serviceTier,
    }),
    ...(selection.settings?.name !== undefined && { providerName: selection.settings.name }),
    ...(setup.serviceTier !== undefined && { serviceTier: setup.serviceTier }),
    ...(selection.settings?.model_catalog_url && { modelCatalogUrl: selection.settings.model_catalog_url }),
  };
}
