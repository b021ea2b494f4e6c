// One cache entry per pinned install (an npm package, a Debian package): installed into a private
// staging folder, checked, then renamed into place. The rename is atomic, so a concurrent caller sees
// either no cache entry or a complete one, never a half-written install.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export interface CachedInstall<T> {
  /** What is installed, for messages (`nginx 1.22.1`, `@portkey-ai/gateway@1.15.2`). */
  spec: string;
  cacheDir: string;
  /** The entry's folder name under cacheDir. */
  entry: string;
  /** Installs into the empty staging folder. */
  install(staging: string): Promise<void>;
  /** What the caller needs from an installed folder (a binary, a script), or undefined when it is not there. */
  find(folder: string): Promise<T | undefined>;
  /** Why the freshly installed folder is wrong (thrown), before it takes the cache entry. */
  verify?(found: T, staging: string): Promise<void>;
  /** Said when the install ran but find() found nothing in it. */
  missing: string;
}

export async function ensureCached<T>(cached: CachedInstall<T>): Promise<T> {
  const cacheDir = path.resolve(cached.cacheDir);
  const finalDir = path.join(cacheDir, cached.entry);
  const existing = await cached.find(finalDir);
  if (existing !== undefined) return existing;

  await mkdir(cacheDir, { recursive: true });
  const staging = path.join(cacheDir, `.staging-${cached.entry}-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(staging);
    await cached.install(staging);
    const staged = await cached.find(staging);
    if (staged === undefined) throw new Error(`installed ${cached.spec} but ${cached.missing}`);
    await cached.verify?.(staged, staging);
    try {
      await rename(staging, finalDir);
    } catch (error) {
      // Another caller won the race: its complete install is as good as ours.
      if (!isErrno(error, 'ENOTEMPTY', 'EEXIST', 'EPERM') || (await cached.find(finalDir)) === undefined) throw error;
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const found = await cached.find(finalDir);
  if (found === undefined) throw new Error(`${cached.spec} install at ${finalDir} is incomplete after install`);
  return found;
}

function isErrno(error: unknown, ...codes: string[]): boolean {
  return typeof error === 'object' && error !== null && codes.includes(String((error as { code?: unknown }).code));
}
