// Which provider and model Codex would use for this config, following its precedence
// (codex-rs/core/src/config/model_provider_resolution.rs and profile.rs): the explicit choice,
// then the active profile's `model_provider`, then the top-level one, then "openai"; the profile's
// `model` before the top-level `model`. The active profile is `--profile`, else top-level `profile`.
import { isTable, type ConfigTable } from './read-config.ts';
import { builtInProvider, isBuiltInProvider } from './built-in-providers.ts';
import { readProviderTable, type ProviderSettings } from './provider-settings.ts';

export interface SelectOptions {
  provider?: string;
  profile?: string;
}

export interface ProviderSelection {
  profile?: { name: string; found: boolean };
  providerId: string;
  providerFrom: '--provider' | 'profile' | 'model_provider' | 'default';
  model?: string;
  modelFrom?: 'profile' | 'model';
  builtIn: boolean;
  /** The settings Codex would use; undefined when the provider is unknown to Codex. */
  settings?: ProviderSettings;
  /** The user's table for this id, when there is one (ignored by Codex for a built-in id). */
  userTable?: ConfigTable;
  unknownKeys: string[];
  typeErrors: string[];
  /** Ids of every `[model_providers.*]` table, for "did you mean". */
  declaredProviders: string[];
  openaiBaseUrl?: string;
}

export function selectProvider(config: ConfigTable, options: SelectOptions = {}, env: NodeJS.ProcessEnv = process.env): ProviderSelection {
  const profileName = options.profile ?? stringAt(config, 'profile');
  const profiles = isTable(config.profiles) ? config.profiles : {};
  const profileTable = profileName !== undefined && isTable(profiles[profileName]) ? profiles[profileName] : undefined;
  const profile = profileName === undefined ? undefined : { name: profileName, found: profileTable !== undefined };

  const [providerId, providerFrom] = firstOf<ProviderSelection['providerFrom']>(
    [options.provider, '--provider'],
    [stringAt(profileTable, 'model_provider'), 'profile'],
    [stringAt(config, 'model_provider'), 'model_provider'],
  ) ?? ['openai', 'default'];
  const model = firstOf<NonNullable<ProviderSelection['modelFrom']>>([stringAt(profileTable, 'model'), 'profile'], [stringAt(config, 'model'), 'model']);

  const declared = isTable(config.model_providers) ? config.model_providers : {};
  const userTable = isTable(declared[providerId]) ? declared[providerId] : undefined;
  const openaiBaseUrl = stringAt(config, 'openai_base_url')?.trim() || undefined;
  const builtIn = isBuiltInProvider(providerId);
  const reading = userTable ? readProviderTable(userTable) : { settings: undefined, unknownKeys: [], typeErrors: [] };
  const settings = builtIn ? builtInProvider(providerId, { openaiBaseUrl }, env) : reading.settings;

  return {
    ...(profile ? { profile } : {}),
    providerId,
    providerFrom,
    ...(model ? { model: model[0], modelFrom: model[1] } : {}),
    builtIn,
    ...(settings ? { settings } : {}),
    ...(userTable ? { userTable } : {}),
    unknownKeys: reading.unknownKeys,
    typeErrors: reading.typeErrors,
    declaredProviders: Object.keys(declared),
    ...(openaiBaseUrl ? { openaiBaseUrl } : {}),
  };
}

function stringAt(table: ConfigTable | undefined, key: string): string | undefined {
  const value = table?.[key];
  return typeof value === 'string' ? value : undefined;
}

function firstOf<S>(...candidates: Array<[string | undefined, S]>): [string, S] | undefined {
  const hit = candidates.find(([value]) => value !== undefined);
  return hit ? [hit[0]!, hit[1]] : undefined;
}
