// Secrets never leave relaycheck: every string that reaches a report, a log or the console passes
// through a Redactor built from the run's known secrets (the key, bearer tokens, account ids) plus
// patterns for secrets we were not told about (a relay echoing someone else's key). A relay may hand
// a known secret back in disguise: JSON-escaped or percent-encoded (whole or character by
// character), reversed, or base64-encoded inside a longer text (at any of the three byte
// alignments, e.g. as part of `base64("Bearer <key>")`). Every such form is found too.

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
/** A shorter run of base64 characters could occur by chance. */
const MIN_BASE64_CORE = 8;
const BASE64_RUN = /[A-Za-z0-9+/_-]+=*/g;

export class Redactor {
  /** The secrets as given. */
  private readonly given: string[];
  /** Every literal form of every secret, longest first, so a secret that contains another is removed whole. */
  private readonly secrets: string[];
  /** The parts of base64 encodings of each secret that do not depend on the bytes around it. */
  private readonly base64Cores: string[];

  constructor(secrets: Iterable<string | undefined> = []) {
    const given = new Set<string>();
    for (const secret of secrets) if (secret && secret.length >= MIN_SECRET_LENGTH) given.add(secret);
    this.given = [...given];
    const forms = new Set<string>();
    for (const secret of given) {
      forms.add(secret);
      // A key can come back percent-encoded (in a URL), JSON-escaped (in an echoed body) or reversed.
      forms.add(encodeURIComponent(secret));
      forms.add(JSON.stringify(secret).slice(1, -1));
      forms.add([...secret].reverse().join(''));
    }
    this.secrets = [...forms].sort((a, b) => b.length - a.length);
    this.base64Cores = [...new Set(this.given.flatMap(base64Cores))].filter((core) => core.length >= MIN_BASE64_CORE);
  }

  /** Adds a secret learned during the run (e.g. a token read from auth.json). */
  with(...more: Array<string | undefined>): Redactor {
    return new Redactor([...this.given, ...more]);
  }

  /**
   * Where known secrets sit in `text`, in any form, as sorted, disjoint [start, end) ranges: the
   * literal forms, base64 runs that encode one, and escaped stretches (\uXXXX, %XX, mixed with plain
   * characters) that decode to one.
   */
  secretRanges(text: string): Array<[number, number]> {
    const ranges: Array<[number, number]> = [];
    for (const secret of this.secrets) {
      for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + secret.length)) ranges.push([at, at + secret.length]);
    }
    if (this.base64Cores.some((core) => text.includes(core))) {
      for (const run of text.matchAll(BASE64_RUN)) {
        if (this.base64Cores.some((core) => run[0].includes(core))) ranges.push([run.index, run.index + run[0].length]);
      }
    }
    if (/\\u[0-9a-fA-F]{4}|%[0-9a-fA-F]{2}/.test(text)) ranges.push(...escapedRanges(text, this.given));
    return mergeRanges(ranges);
  }

  text(value: string): string {
    let out = replaceRanges(value, this.secretRanges(value));
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

/** `text` with each range replaced by REDACTED. */
export function replaceRanges(text: string, ranges: Array<[number, number]>): string {
  if (ranges.length === 0) return text;
  let out = '';
  let from = 0;
  for (const [start, end] of ranges) {
    out += `${text.slice(from, start)}${REDACTED}`;
    from = end;
  }
  return out + text.slice(from);
}

function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/**
 * For each byte alignment (the secret starting 0, 1 or 2 bytes into a 3-byte group) and both
 * alphabets (standard, URL-safe): the base64 characters whose 6 bits come from the secret's bytes
 * alone, which appear in the encoding of any text that contains the secret at that alignment.
 */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const cores: string[] = [];
  for (const align of [0, 1, 2]) {
    const padded = Buffer.concat([Buffer.alloc(align), bytes, Buffer.alloc(3)]);
    const encoded = padded.toString('base64');
    // Character i carries bits [6i, 6i + 6) of the padded bytes; keep those inside the secret's.
    const first = Math.ceil((8 * align) / 6);
    const end = Math.floor((8 * (align + bytes.length)) / 6);
    const core = encoded.slice(first, end);
    cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return cores;
}

/**
 * Stretches of `text` that decode to a secret once \uXXXX and %XX escapes are read (any mix of
 * escaped and plain characters, as a relay may escape every character of an echo).
 */
function escapedRanges(text: string, secrets: string[]): Array<[number, number]> {
  let decoded = '';
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < text.length; ) {
    let width = 1;
    let char = text[i]!;
    if (char === '\\' && text[i + 1] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
      char = String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
      width = 6;
    } else if (char === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      // Percent escapes are UTF-8 bytes: compare byte-wise through latin1, so "%C3%A9" stays two units.
      char = String.fromCharCode(Number.parseInt(text.slice(i + 1, i + 3), 16));
      width = 3;
    }
    starts.push(i);
    ends.push(i + width);
    decoded += char;
    i += width;
  }
  const ranges: Array<[number, number]> = [];
  for (const secret of secrets) {
    for (const form of new Set([secret, Buffer.from(secret, 'utf8').toString('latin1')])) {
      for (let at = decoded.indexOf(form); at !== -1; at = decoded.indexOf(form, at + form.length)) ranges.push([starts[at]!, ends[at + form.length - 1]!]);
    }
  }
  return ranges;
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
