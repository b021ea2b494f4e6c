// Secrets never leave relaycheck: every string that reaches a report, a log or the console passes
// through a Redactor built from the run's known secrets (the key, bearer tokens, account ids) plus
// patterns for secrets we were not told about (a relay echoing someone else's key).

export const REDACTED = '[REDACTED]';

/** Header names whose values are credentials or identify an account or installation. */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'openai-organization',
  'openai-project',
  'chatgpt-account-id',
  'x-goog-api-key',
]);

const SECRET_PATTERNS: RegExp[] = [
  /\bsk-[A-Za-z0-9_-]{16,}/g, // OpenAI-style keys, including sk-proj-… and relay keys that copy the form
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g, // JWTs (ChatGPT access/id tokens)
  /("(?:access|refresh|id)_token"\s*:\s*")[^"]{8,}/gi,
];

/** `scheme://user:password@host`: whatever stands before the @ is a credential, in any URL. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>\\]+@/gi;

/** Shorter "secrets" would redact ordinary words; such keys are not secrets worth the damage. */
const MIN_SECRET_LENGTH = 6;

export class Redactor {
  private readonly secrets: string[];

  constructor(secrets: Iterable<string | undefined> = []) {
    const unique = new Set<string>();
    for (const secret of secrets) {
      if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
      unique.add(secret);
      // A key can come back percent-encoded (in a URL) or JSON-escaped (in an echoed body).
      unique.add(encodeURIComponent(secret));
      unique.add(JSON.stringify(secret).slice(1, -1));
    }
    // Longest first, so a secret that contains another is removed whole.
    this.secrets = [...unique].sort((a, b) => b.length - a.length);
  }

  /** Adds a secret learned during the run (e.g. a token read from auth.json). */
  with(...more: Array<string | undefined>): Redactor {
    return new Redactor([...this.secrets, ...more]);
  }

  text(value: string): string {
    let out = value;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    out = redactCutSecrets(out, this.secrets);
    out = out.replace(URL_USERINFO, `$1${REDACTED}@`);
    for (const pattern of SECRET_PATTERNS) {
      pattern.lastIndex = 0;
      out = out.replace(pattern, (match, prefix: unknown) =>
        typeof prefix === 'string' && prefix.startsWith('"') ? `${prefix}${REDACTED}` : keepScheme(match),
      );
    }
    return out;
  }

  headers(headers: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? redactHeaderValue(value) : this.text(value);
    }
    return out;
  }

  /** Deep copy of a JSON-like value with every string redacted (object keys included). */
  deep<T>(value: T): T {
    return this.walk(value, 0) as T;
  }

  private walk(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.text(value);
    if (value === null || typeof value !== 'object' || depth > 64) return value;
    if (Array.isArray(value)) return value.map((item) => this.walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[this.text(key)] = this.walk(item, depth + 1);
    return out;
  }
}

const ELLIPSIS = '…';

/**
 * Text is shortened before it is redacted (excerpts in failures, the transcript's copies), so a
 * secret can be cut off after its first characters, right before the "…" that marks the cut or at
 * the very end. Those first characters go too.
 */
function redactCutSecrets(text: string, secrets: string[]): string {
  const candidates = secrets.filter((secret) => text.includes(secret.slice(0, MIN_SECRET_LENGTH)));
  if (candidates.length === 0) return text;
  let out = '';
  let from = 0;
  for (;;) {
    const at = text.indexOf(ELLIPSIS, from);
    const cut = at === -1 ? text.length : at;
    const start = cutSecretStart(text, from, cut, candidates);
    out += start < cut ? `${text.slice(from, start)}${REDACTED}` : text.slice(from, cut);
    if (at === -1) return out;
    out += ELLIPSIS;
    from = at + ELLIPSIS.length;
  }
}

/** Where the longest start of a secret (MIN_SECRET_LENGTH characters or more) ending at `cut` begins; `cut` if none does. */
function cutSecretStart(text: string, from: number, cut: number, secrets: string[]): number {
  let start = cut;
  for (const secret of secrets) {
    for (let n = Math.min(secret.length - 1, cut - from); n >= MIN_SECRET_LENGTH; n--) {
      if (text.startsWith(secret.slice(0, n), cut - n)) {
        start = Math.min(start, cut - n);
        break;
      }
    }
  }
  return start;
}

function keepScheme(match: string): string {
  const scheme = /^(Bearer|Basic)\s+/i.exec(match);
  return scheme ? `${scheme[0]}${REDACTED}` : REDACTED;
}

function redactHeaderValue(value: string): string {
  const scheme = /^(Bearer|Basic)\s+/i.exec(value);
  return scheme ? `${scheme[0]}${REDACTED}` : REDACTED;
}
