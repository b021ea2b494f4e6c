// Finds a secret in output in every form it could take there: as is, JSON-escaped (once, or twice
// when JSON text sits inside a JSON report), percent-encoded, XML-escaped (JUnit), and cut short
// (its first characters before a truncation).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const PREFIX_CHARS = 12;

export function secretForms(secret: string): Record<string, string> {
  const json = JSON.stringify(secret).slice(1, -1);
  return {
    raw: secret,
    'json-escaped': json,
    'json-escaped twice': JSON.stringify(json).slice(1, -1),
    'percent-encoded': encodeURIComponent(secret),
    'xml-escaped': secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;'),
    [`first ${PREFIX_CHARS} characters`]: secret.slice(0, PREFIX_CHARS),
  };
}

/** "<where>: <form> of secret #i" for every occurrence found; empty when the text is clean. */
export function findSecretLeaks(text: string, secrets: string[], where: string): string[] {
  const leaks: string[] = [];
  secrets.forEach((secret, i) => {
    for (const [form, value] of Object.entries(secretForms(secret))) {
      if (text.includes(value)) leaks.push(`${where}: ${form} of secret #${i}`);
    }
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
