// Where relaycheck's own files (package.json, fixtures/, harness/schemas/) are, whether it runs from
// a clone through tsx (harness/…) or compiled (dist/harness/…), and wherever npm installed it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Deepest module is dist/harness/<dir>/x.js: the root is at most this many folders up. */
const MAX_LEVELS_UP = 4;

function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level <= MAX_LEVELS_UP; level++) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`relaycheck bug: no package.json within ${MAX_LEVELS_UP} folders above ${fileURLToPath(import.meta.url)}`);
}

export const PACKAGE_ROOT: string = findPackageRoot();

/** A clone (git checkout) rather than an npm install: repo-local caches belong in it. */
export const IS_CLONE: boolean = existsSync(path.join(PACKAGE_ROOT, '.git'));
