// Creates a folder and its missing parents one level at a time. Node's `mkdir(…, {recursive: true})`
// never returns where the kernel answers ENOENT for a parent that exists (e.g. under /proc: measured
// on Node 20.20), so a report folder there hung the run after its verdict.
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

export class DirectoryError extends Error {}

/** Makes `dir` (and missing parents) and checks it is a writable folder; a DirectoryError says why not. */
export async function makeDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  let existing = path.resolve(dir);
  // Bounded by the path's depth: each step goes one level up, and the root exists.
  while (!(await exists(existing))) {
    missing.unshift(existing);
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  if (!(await stat(existing)).isDirectory()) throw new DirectoryError(`${existing} is not a folder`);
  for (const level of missing) {
    try {
      await mkdir(level);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new DirectoryError(`cannot create ${level} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  try {
    await access(path.resolve(dir), constants.W_OK);
  } catch {
    throw new DirectoryError(`${path.resolve(dir)} is not writable`);
  }
}

async function exists(target: string): Promise<boolean> {
  try {
    await stat(target);
    return true;
  } catch {
    return false;
  }
}
