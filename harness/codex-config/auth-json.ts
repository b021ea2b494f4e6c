// Reads auth.json the way Codex does (codex-rs/login/src/auth/storage.rs AuthDotJson, manager.rs):
// `auth_mode` is "apikey", "chatgpt" or "chatgptAuthTokens"; without it, an `OPENAI_API_KEY` means
// API-key mode and anything else ChatGPT mode. The bearer token is the API key, or the ChatGPT
// `tokens.access_token` (only usable once `last_refresh` is set), sent with `ChatGPT-Account-ID`.
// Every credential found is returned in `secrets` so callers can redact it; none is ever printed.
import { readFile } from 'node:fs/promises';
import { isTable } from './read-config.ts';

export type CodexAuthMode = 'apikey' | 'chatgpt' | 'chatgptAuthTokens';

export interface CodexAuthFile {
  path: string;
  mode: CodexAuthMode;
  /** The bearer token Codex would send, when the file yields one. */
  token?: string;
  /** ChatGPT workspace id, sent as ChatGPT-Account-ID next to a ChatGPT token. */
  accountId?: string;
  /** Why the file yields no token (a ChatGPT login never refreshed, API-key mode without a key). */
  unusable?: string;
  secrets: string[];
}

export type AuthFileReading = { status: 'absent' } | { status: 'invalid'; path: string; message: string } | ({ status: 'ok' } & CodexAuthFile);

export async function readAuthFile(authPath: string): Promise<AuthFileReading> {
  let text: string;
  try {
    text = await readFile(authPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'absent' };
    return { status: 'invalid', path: authPath, message: `cannot read it: ${(error as Error).message}` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // The parse error would quote the file (tokens included): say only that it is not JSON.
    return { status: 'invalid', path: authPath, message: 'not valid JSON' };
  }
  if (!isTable(data)) return { status: 'invalid', path: authPath, message: 'not a JSON object' };
  return { status: 'ok', ...interpretAuth(authPath, data) };
}

function interpretAuth(authPath: string, data: Record<string, unknown>): CodexAuthFile {
  const apiKey = stringOrUndefined(data.OPENAI_API_KEY);
  const tokens = isTable(data.tokens) ? data.tokens : {};
  const accessToken = stringOrUndefined(tokens.access_token);
  const accountId = stringOrUndefined(tokens.account_id);
  const secrets = [apiKey, accessToken, accountId, stringOrUndefined(tokens.refresh_token), stringOrUndefined(tokens.id_token)].filter(
    (s): s is string => s !== undefined,
  );
  const declared = data.auth_mode;
  const mode: CodexAuthMode = declared === 'apikey' || declared === 'chatgpt' || declared === 'chatgptAuthTokens' ? declared : apiKey ? 'apikey' : 'chatgpt';

  if (mode === 'apikey') {
    return apiKey ? { path: authPath, mode, token: apiKey, secrets } : { path: authPath, mode, unusable: 'API key auth is missing a key', secrets };
  }
  if (!accessToken || data.last_refresh === undefined || data.last_refresh === null) {
    return { path: authPath, mode, unusable: 'the ChatGPT login holds no usable access token', secrets };
  }
  return { path: authPath, mode, token: accessToken, ...(accountId ? { accountId } : {}), secrets };
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}
