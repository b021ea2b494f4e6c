// Finds a secret in output in every form it could take there: as is, JSON-escaped (once, or twice
// when JSON text sits inside a JSON report), percent-encoded, XML-escaped (JUnit), cut short (its
// first characters before a truncation), reversed, as \uXXXX escapes, base64-encoded at each byte
// alignment, and split over the deltas of consecutive events (their texts joined).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const PREFIX_CHARS = 12;

export function secretForms(secret: string): Record<string, string> {
  const json = JSON.stringify(secret).slice(1, -1);
  const unicodeEscaped = [...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
  return {
    raw: secret,
    'json-escaped': json,
    'json-escaped twice': JSON.stringify(json).slice(1, -1),
    'percent-encoded': encodeURIComponent(secret),
    'xml-escaped': secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;'),
    [`first ${PREFIX_CHARS} characters`]: secret.slice(0, PREFIX_CHARS),
    reversed: [...secret].reverse().join(''),
    'unicode-escaped': unicodeEscaped,
    'unicode-escaped in JSON': unicodeEscaped.replace(/\\/g, '\\\\'),
    ...Object.fromEntries([0, 1, 2].map((align) => [`base64 at alignment ${align}`, base64Middle(secret, align)])),
  };
}

/** The base64 characters that encode only bytes of `secret` when it starts `align` bytes into a 3-byte group. */
function base64Middle(secret: string, align: number): string {
  const bytes = Buffer.from(secret);
  const encoded = Buffer.concat([Buffer.alloc(align), bytes, Buffer.alloc(3)]).toString('base64');
  return encoded.slice(Math.ceil((8 * align) / 6), Math.floor((8 * (align + bytes.length)) / 6));
}

/**
 * The texts of every `"delta":"…"` in `text`, joined: whatever escaping the output format adds
 * around the JSON (backslashes in JSON-in-JSON, entities in XML and HTML) is undone first.
 */
function joinedDeltas(text: string): string {
  const plain = text.replace(/&quot;/g, '"').replace(/&#34;/g, '"').replace(/\\+"/g, '"');
  return [...plain.matchAll(/"delta"\s*:\s*"([^"]*)"/g)].map((m) => m[1]).join('');
}

/** "<where>: <form> of secret #i" for every occurrence found; empty when the text is clean. */
export function findSecretLeaks(text: string, secrets: string[], where: string): string[] {
  const leaks: string[] = [];
  const deltas = joinedDeltas(text);
  secrets.forEach((secret, i) => {
    for (const [form, value] of Object.entries(secretForms(secret))) {
      if (text.includes(value)) leaks.push(`${where}: ${form} of secret #${i}`);
    }
    if (deltas.includes(secret) || deltas.includes(JSON.stringify(secret).slice(1, -1))) leaks.push(`${where}: secret #${i} split over deltas`);
  });
  return leaks;
}

/** Every file under `dir`, recursively, scanned. */
export async function findSecretLeaksInDir(dir: string, secrets: string[]): Promise<{ files: string[]; leaks: string[] }> {
  const files: string[] = [];
  const leaks: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.push(file);
    leaks.push(...findSecretLeaks(await readFile(file, 'utf8'), secrets, path.relative(dir, file)));
  }
  return { files, leaks };
}
