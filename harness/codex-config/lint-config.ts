// Static checks of a Codex configuration: what Codex would refuse to load, what it silently ignores,
// and which credential it would really send. No network here; the doctor probes the relay.
import { describeCredential } from './provider-credential.ts';
import type { CodexSetup } from './codex-setup.ts';
import { PROVIDER_KEYS, isCredentialHeader } from './provider-settings.ts';
import { BUILT_IN_PROVIDER_IDS } from './built-in-providers.ts';
import { closestName } from './closest-name.ts';
import { suggestedEnvKey } from './env-key-name.ts';
import { finding, type Finding } from './finding.ts';

export function lintCodexSetup(setup: CodexSetup, env: NodeJS.ProcessEnv = process.env): Finding[] {
  const { selection, files } = setup;
  const table = `[model_providers.${selection.providerId}]`;
  const out: Finding[] = [];

  if (selection.profile && !selection.profile.found) {
    out.push(finding('config.profile-missing', 'config', 'error', `profile "${selection.profile.name}" has no [profiles.${selection.profile.name}] table; Codex stops with "config profile not found"`, [files.configPath], `add [profiles.${selection.profile.name}] or choose another profile`));
  }
  out.push(...providerTableFindings(setup, table));
  if (!selection.settings) return out;

  const settings = selection.settings;
  if (settings.wire_api === 'chat') {
    out.push(finding('config.wire-api-chat', 'config', 'error', 'wire_api = "chat" no longer loads: Codex only speaks the Responses API', [`${table} wire_api = "chat"`, 'Codex: "`wire_api = \\"chat\\"` is no longer supported."'], 'set wire_api = "responses" (the relay must serve POST {base_url}/responses; relaycheck doctor checks that)'));
  } else if (settings.wire_api !== undefined && settings.wire_api !== 'responses') {
    out.push(finding('config.wire-api-unknown', 'config', 'error', `wire_api = "${settings.wire_api}" is not a value Codex knows`, [`${table} wire_api = "${settings.wire_api}"`], 'set wire_api = "responses"'));
  }
  if (!selection.builtIn && settings.base_url === undefined) {
    out.push(finding('config.base-url-missing', 'config', 'error', `${table} has no base_url: Codex would send this provider's requests, and its key, to api.openai.com`, [table], 'add base_url = "https://<relay>/v1"'));
  }
  if (settings.base_url !== undefined && hasUserinfo(settings.base_url)) {
    out.push(finding('config.base-url-credentials', 'config', 'warning', `${table} base_url carries a user name or password (user:…@host): relaycheck hides them in every output and does not send them`, [`${table} base_url = "${settings.base_url}"`], 'put the relay key in env_key, not in the URL (a URL ends up in logs, shell history and error messages)'));
  }
  out.push(...credentialFindings(setup, table, env));
  if (!selection.model) {
    out.push(finding('config.model-unset', 'config', 'info', 'no model is set: Codex picks its default model, which the relay may not serve', [files.configPath], 'set model = "<a model the relay serves>"'));
  }
  return out;
}

function hasUserinfo(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return false;
  }
}

function providerTableFindings(setup: CodexSetup, table: string): Finding[] {
  const { selection } = setup;
  const out: Finding[] = [];
  if (!selection.builtIn && !selection.userTable) {
    const near = closestName(selection.providerId, selection.declaredProviders);
    const from = selection.providerFrom === '--provider' ? '--provider' : `model_provider = "${selection.providerId}"`;
    out.push(finding('config.provider-missing', 'config', 'error', `${from} names a provider with no ${table} table; Codex stops with "Model provider \`${selection.providerId}\` not found"`, [`declared providers: ${selection.declaredProviders.join(', ') || 'none'}`], near ? `did you mean "${near}"? set model_provider = "${near}"` : `add a ${table} table with base_url, env_key and wire_api = "responses"`));
  }
  for (const id of BUILT_IN_PROVIDER_IDS) {
    if (!selection.declaredProviders.includes(id)) continue;
    const fix = id === 'openai' ? 'rename the table (e.g. [model_providers.relay]) and set model_provider to it; for the OpenAI provider itself, use the top-level openai_base_url' : 'rename the table and set model_provider to the new name';
    // Measured on 0.169.0 and 0.171.0, whichever provider model_provider selects: exit 1 before any request.
    out.push(finding('config.built-in-provider-reserved', 'config', 'error', `[model_providers.${id}] makes Codex refuse to start: "${id}" is built into Codex ("Error loading config.toml: model_providers contains reserved built-in provider IDs: \`${id}\`. Built-in providers cannot be overridden.")`, [`[model_providers.${id}]`], fix));
  }
  if (!selection.builtIn) {
    for (const key of selection.unknownKeys) {
      const near = closestName(key, Object.keys(PROVIDER_KEYS));
      out.push(finding('config.unknown-key', 'config', 'warning', `${table} ${key} is not a key Codex knows; it is ignored`, [`${table} ${key} = …`], near ? `did you mean ${near}?` : `remove ${key}`));
    }
    for (const problem of selection.typeErrors) {
      out.push(finding('config.type-error', 'config', 'error', `${table} ${problem}; Codex cannot load this config`, [table], 'fix the value type'));
    }
  }
  return out;
}

function credentialFindings(setup: CodexSetup, table: string, env: NodeJS.ProcessEnv): Finding[] {
  const { selection, credential, auth } = setup;
  const settings = selection.settings!;
  const out: Finding[] = [];
  const envName = suggestedEnvKey(selection.providerId, settings.env_key);

  if (credential?.missingEnvKey) {
    out.push(finding('config.env-key-unset', 'auth', 'error', `env_key = "${settings.env_key}" but $${settings.env_key} is not set (or blank): Codex stops with "Missing environment variable"`, [`${table} env_key = "${settings.env_key}"`], `export ${settings.env_key}=<your relay key> before starting Codex${settings.env_key_instructions ? ` (${settings.env_key_instructions})` : ''}`));
  }
  if (settings.experimental_bearer_token !== undefined && !selection.builtIn) {
    const unused = settings.env_key !== undefined ? ' (and unused: env_key takes precedence)' : '';
    out.push(finding('config.plaintext-token', 'auth', 'warning', `experimental_bearer_token stores the relay key in plain text in config.toml${unused}`, [`${table} experimental_bearer_token = [REDACTED]`], `remove experimental_bearer_token, export ${envName}=<the key>, and set env_key = "${envName}"`));
  }
  for (const name of Object.keys(settings.http_headers ?? {})) {
    if (!isCredentialHeader(name)) continue;
    out.push(finding('config.plaintext-header-secret', 'auth', 'warning', `http_headers."${name}" stores a credential in plain text in config.toml`, [`${table} http_headers."${name}" = [REDACTED]`], `move it to env_http_headers = { "${name}" = "${envName}" } and export ${envName}`));
  }
  for (const [name, variable] of Object.entries(settings.env_http_headers ?? {})) {
    if (selection.builtIn || (env[variable] ?? '').trim()) continue;
    out.push(finding('config.env-header-unset', 'auth', 'warning', `env_http_headers."${name}" reads $${variable}, which is not set: Codex sends no ${name} header`, [`${table} env_http_headers."${name}" = "${variable}"`], `export ${variable}=<value>`));
  }
  if (auth.status === 'invalid') {
    out.push(finding('auth.auth-json-invalid', 'auth', 'warning', `${auth.path} cannot be used (${auth.message}); Codex ignores it`, [auth.path], 'log in again with codex login, or remove the file'));
  }
  const loginUsable = auth.status === 'ok' && auth.token !== undefined;
  const ownKey = settings.env_key !== undefined || settings.experimental_bearer_token !== undefined;
  if (settings.requires_openai_auth && !selection.builtIn) {
    if (ownKey) {
      out.push(finding('auth.requires-openai-auth-unused', 'auth', 'warning', 'requires_openai_auth = true makes Codex ask for an OpenAI login, yet the key sent to the relay comes from env_key/experimental_bearer_token', [`${table} requires_openai_auth = true`], 'remove requires_openai_auth'));
    } else if (!loginUsable) {
      out.push(finding('auth.login-missing', 'auth', 'error', `requires_openai_auth = true but ${auth.status === 'ok' ? `auth.json (${auth.mode} mode) ${auth.unusable}` : 'there is no usable auth.json'}: Codex asks you to log in and sends no key`, [`${table} requires_openai_auth = true`, setup.files.authPath], `remove requires_openai_auth, export ${envName}=<relay key>, and set env_key = "${envName}"`));
    }
  }
  if (!selection.builtIn && credential?.source === 'auth.json chatgpt') {
    out.push(finding('auth.chatgpt-token-to-relay', 'auth', 'warning', 'auth.json is in ChatGPT mode and the provider has no key of its own: Codex sends your ChatGPT login token (and ChatGPT-Account-ID) to this relay', [`credential: ${describeCredential(credential)}`, `${auth.status === 'ok' ? auth.path : ''}`].filter(Boolean), `set env_key = "${envName}" with the relay's own key (export ${envName}=…); never hand a third party your ChatGPT token`));
  }
  if (!selection.builtIn && credential?.source === 'auth.json api key') {
    out.push(finding('auth.openai-key-to-relay', 'auth', 'info', 'the provider has no key of its own: Codex sends the OPENAI_API_KEY stored in auth.json to this relay', [`credential: ${describeCredential(credential)}`], `if that is the relay's key, prefer env_key = "${envName}" so your OpenAI login stays separate`));
  }
  if (credential?.source === 'none') {
    out.push(finding('auth.no-credential', 'auth', 'info', 'Codex sends no Authorization header to this provider (no env_key, no token, no usable login)', [table], `if the relay needs a key: export ${envName}=<key> and set env_key = "${envName}"`));
  }
  return out;
}
