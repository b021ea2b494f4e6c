// relays.toml: the relays of a fleet run, in the order their reports and matrix rows appear.
//
//   [defaults]                      # optional, applies to every relay that does not say otherwise
//   model = "gpt-5.5"
//   headers = { "x-client" = "relaycheck" }
//
//   [[relays]]
//   name = "acme"                   # unique; also its report folder's name
//   base_url = "https://api.acme.dev/v1"
//   api_key_env = "ACME_KEY"        # the key is read from this variable, never from the file
//   model = "gpt-5.1-codex"
//   headers = { "x-tenant" = "demo" }
//
// Unknown keys are errors (a typo must not silently drop a header). The file's digest travels
// with every shard's matrix, so `merge` can tell shards of different files apart.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse, TomlError } from 'smol-toml';
import { collectHeader, parseBaseUrl } from '../cli/option-parsers.ts';
import { clean } from '../report/plain-text.ts';

export interface FleetTarget {
  name: string;
  /** 0-based position in the targets file: shards and the matrix order by it. */
  position: number;
  baseUrl: string;
  apiKeyEnv?: string;
  model?: string;
  headers: Record<string, string>;
  /** Its report folder, relative to the fleet's output folder: the name made safe as a folder name. */
  dir: string;
}

export interface TargetsFile {
  targets: FleetTarget[];
  /** First 16 hex digits of the file's SHA-256. */
  digest: string;
}

/** The targets file is the user's input: exit 2 with a message naming the relay and key. */
/** Its message quotes names and values from the file: one visible, bounded line whatever they hold. */
export class TargetsFileError extends Error {
  override name = 'TargetsFileError';
  constructor(message: string) {
    super(clean(message, 1000));
  }
}

export const MAX_TARGETS = 1000;
const MAX_FILE_BYTES = 1024 * 1024;
const RELAY_KEYS = new Set(['name', 'base_url', 'api_key_env', 'model', 'headers']);
const DEFAULT_KEYS = new Set(['api_key_env', 'model', 'headers']);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A folder name from a relay name: letters, digits, dot, dash and underscore, never starting with a dot. */
export function relayDirName(name: string): string {
  const slug = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._-]+/, '').slice(0, 80);
  return slug === '' ? 'relay' : slug;
}

/** The shape relayDirName produces: safe to join under an output folder. */
export const SAFE_DIR = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

export async function readTargetsFile(file: string): Promise<TargetsFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new TargetsFileError(`cannot read targets file ${file}: ${(error as Error).message}`);
  }
  return parseTargets(text, file);
}

export function parseTargets(text: string, file = 'relays.toml'): TargetsFile {
  if (Buffer.byteLength(text) > MAX_FILE_BYTES) throw new TargetsFileError(`${file}: over ${MAX_FILE_BYTES} bytes, too large for a targets file`);
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (error) {
    const where = error instanceof TomlError ? ` (line ${error.line}, column ${error.column})` : '';
    throw new TargetsFileError(`${file}: not valid TOML${where}: ${(error as Error).message.split('\n')[0]}`);
  }
  const unknownTop = Object.keys(doc).filter((key) => key !== 'relays' && key !== 'defaults');
  if (unknownTop.length > 0) throw new TargetsFileError(`${file}: unknown key ${someOf(unknownTop)} (expected [defaults] and [[relays]])`);
  const defaults = table(doc.defaults ?? {}, `${file}: [defaults]`);
  checkKeys(defaults, DEFAULT_KEYS, `${file}: [defaults]`);
  const relays = doc.relays;
  if (!Array.isArray(relays) || relays.length === 0) throw new TargetsFileError(`${file}: no [[relays]] entries`);
  if (relays.length > MAX_TARGETS) throw new TargetsFileError(`${file}: ${relays.length} relays, at most ${MAX_TARGETS}`);

  const names = new Set<string>();
  const dirs = new Map<string, string>();
  const targets = relays.map((entry, position): FleetTarget => {
    const where = `${file}: relay ${position + 1}`;
    const relay = table(entry, where);
    checkKeys(relay, RELAY_KEYS, where);
    const name = requiredText(relay.name, `${where}: name`);
    if (name.length > 100) throw new TargetsFileError(`${where}: name is over 100 characters`);
    if (names.has(name)) throw new TargetsFileError(`${where}: the name "${name}" is used twice`);
    names.add(name);
    const dir = relayDirName(name);
    const clash = dirs.get(dir.toLowerCase());
    // Case-insensitive: the folders must not collide on macOS or Windows either.
    if (clash !== undefined) throw new TargetsFileError(`${where}: "${name}" and "${clash}" would share the report folder ${dir}; rename one`);
    dirs.set(dir.toLowerCase(), name);
    const at = `${file}: relay "${name}"`;
    const baseUrl = baseUrlOf(relay.base_url, at);
    const apiKeyEnv = optionalText(relay.api_key_env ?? defaults.api_key_env, `${at}: api_key_env`);
    if (apiKeyEnv !== undefined && !ENV_NAME.test(apiKeyEnv)) throw new TargetsFileError(`${at}: api_key_env "${apiKeyEnv}" is not an environment variable name`);
    const model = optionalText(relay.model ?? defaults.model, `${at}: model`);
    const headers = { ...headersOf(defaults.headers, `${file}: [defaults] headers`), ...headersOf(relay.headers, `${at}: headers`) };
    return { name, position, baseUrl, headers, dir, ...(apiKeyEnv !== undefined && { apiKeyEnv }), ...(model !== undefined && { model }) };
  });
  return { targets, digest: createHash('sha256').update(text).digest('hex').slice(0, 16) };
}

function table(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TargetsFileError(`${where}: expected a table`);
  return value as Record<string, unknown>;
}

/** The first few keys, each quoted as plain text: a file can hold any number of any names. */
function someOf(keys: string[]): string {
  const shown = keys.slice(0, 5).map((key) => `"${clean(key, 60)}"`).join(', ');
  return keys.length > 5 ? `${shown} and ${keys.length - 5} more` : shown;
}

function checkKeys(value: Record<string, unknown>, allowed: Set<string>, where: string): void {
  const unknown = Object.keys(value).filter((key) => !allowed.has(key));
  if (unknown.length > 0) throw new TargetsFileError(`${where}: unknown key ${someOf(unknown)} (known: ${[...allowed].join(', ')})`);
}

function requiredText(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new TargetsFileError(`${where} must be a non-empty string`);
  return value;
}

function optionalText(value: unknown, where: string): string | undefined {
  return value === undefined ? undefined : requiredText(value, where);
}

function baseUrlOf(value: unknown, where: string): string {
  try {
    return parseBaseUrl(requiredText(value, `${where}: base_url`));
  } catch (error) {
    if (error instanceof TargetsFileError) throw error;
    throw new TargetsFileError(`${where}: base_url: ${(error as Error).message}`);
  }
}

function headersOf(value: unknown, where: string): Record<string, string> {
  if (value === undefined) return {};
  let headers: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(table(value, where))) {
    if (typeof headerValue !== 'string') throw new TargetsFileError(`${where}: the value of ${name} must be a string`);
    try {
      headers = collectHeader(`${name}: ${headerValue}`, headers);
    } catch (error) {
      throw new TargetsFileError(`${where}: ${(error as Error).message}`);
    }
  }
  return headers;
}
