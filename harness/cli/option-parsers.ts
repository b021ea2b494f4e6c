// Parsers for CLI values. Each throws a UsageError that says what was wrong and what is expected.
import { InvalidArgumentError } from 'commander';

export const OUTPUT_FORMATS = ['console', 'json', 'md', 'junit', 'html', 'badge'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function parseIntegerOption(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`${name} takes a whole number from ${min} to ${max}`);
    return n;
  };
}

export function parseBaseUrl(value: string): string {
  const url = parseHttpUrl(value, 'base URL', 'http://127.0.0.1:8080/v1');
  if (url.username || url.password) throw new InvalidArgumentError('put credentials in --api-key-env, not in the base URL');
  return value.replace(/\/+$/, '');
}

/** `--model-catalog-url`: kept as given, since Codex appends only its client_version. */
export function parseModelCatalogUrl(value: string): string {
  parseHttpUrl(value, 'model catalog URL', 'http://127.0.0.1:8080/v1/model-catalog');
  return value;
}

function parseHttpUrl(value: string, what: string, example: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(`"${value}" is not a URL (expected e.g. ${example})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError(`${what} must be http:// or https://, got ${url.protocol}`);
  return url;
}

/** `--header 'K: V'`, repeatable: accumulates into a record. */
export function collectHeader(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const colon = value.indexOf(':');
  const name = colon > 0 ? value.slice(0, colon).trim() : '';
  if (!name || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new InvalidArgumentError(`header must look like 'Name: value', got "${value}"`);
  return { ...previous, [name.toLowerCase()]: value.slice(colon + 1).trim() };
}

export function parseList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

export function parseFormats(value: string): OutputFormat[] {
  const formats = parseList(value);
  const unknown = formats.filter((f) => !(OUTPUT_FORMATS as readonly string[]).includes(f));
  if (unknown.length > 0 || formats.length === 0) throw new InvalidArgumentError(`unknown format ${unknown.join(', ') || '(none)'} (choose from ${OUTPUT_FORMATS.join(', ')})`);
  return formats as OutputFormat[];
}

/** Default report folder: reports/<host>[-<port>]/, safe as a folder name. */
export function defaultOutDir(baseUrl: string): string {
  const url = new URL(baseUrl);
  const host = `${url.hostname}${url.port ? `-${url.port}` : ''}`.replace(/[^A-Za-z0-9.-]/g, '_');
  return `reports/${host}`;
}
