// What a careless relay echoes back: the credentials it was sent. Everything in the request that is
// not one of Codex's own headers counts (the bearer token, and any header a user added for auth).

const CODEX_OWN_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'content-type',
  'accept',
  'accept-encoding',
  'originator',
  'user-agent',
  'session-id',
  'thread-id',
  'x-client-request-id',
  'x-codex-beta-features',
  'x-codex-turn-metadata',
  'x-codex-window-id',
]);

/** The secret values in these request headers: the bearer token without its scheme, and every added header. */
export function echoedCredentials(headers: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'authorization') out.push(value.replace(/^Bearer\s+/i, ''));
    else if (!CODEX_OWN_HEADERS.has(name)) out.push(value);
  }
  return out.filter((v) => v.length > 0);
}

/** The credentials as one phrase, as a relay's error message would quote them. */
export function echoPhrase(headers: Record<string, string>): string {
  return echoedCredentials(headers).join(' and ') || '(no credentials)';
}
