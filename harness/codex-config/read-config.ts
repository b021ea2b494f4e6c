// Reads config.toml with a maintained TOML parser (smol-toml). A missing file and a syntax error are
// different problems: the first is the user pointing at the wrong place, the second a config Codex
// itself would refuse to load. `invalid` is a config that parses but that Codex would not run with.
import { readFile } from 'node:fs/promises';
import { parse, TomlError } from 'smol-toml';

export type ConfigTable = Record<string, unknown>;

export class CodexConfigError extends Error {
  override name = 'CodexConfigError';
  constructor(
    message: string,
    readonly kind: 'missing' | 'unreadable' | 'syntax' | 'invalid',
  ) {
    super(message);
  }
}

export async function readCodexConfig(configPath: string): Promise<ConfigTable> {
  let text: string;
  try {
    text = await readFile(configPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CodexConfigError(`no Codex config at ${configPath}`, 'missing');
    throw new CodexConfigError(`cannot read ${configPath}: ${(error as Error).message}`, 'unreadable');
  }
  return parseCodexConfig(text, configPath);
}

export function parseCodexConfig(text: string, source: string): ConfigTable {
  try {
    return parse(text) as ConfigTable;
  } catch (error) {
    // The parser's message quotes the offending line, which may hold a token: keep only the position.
    const where = error instanceof TomlError ? ` at line ${error.line}, column ${error.column}` : '';
    const what = (error as Error).message.split('\n')[0] ?? 'invalid TOML';
    throw new CodexConfigError(`${source} is not valid TOML${where}: ${what}`, 'syntax');
  }
}

export function isTable(value: unknown): value is ConfigTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
