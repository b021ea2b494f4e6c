// Installs pinned npm packages from the registry into a cache folder, once: `npm install` into a
// private staging folder, checked, then renamed into place. The rename is atomic, so a concurrent
// caller sees either no cache entry or a complete one, never a half-written install. The real
// Codex CLI (harness/codex/install-codex.ts) and the real gateways the tests run (harness/gateways/)
// come this way.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export interface NpmPackageInstall<T> {
  /** `name@version` of each package, exactly as npm is asked for them (the first is the one wanted; others serve it). */
  packages: string[];
  cacheDir: string;
  /** The entry's folder name under cacheDir. */
  entry: string;
  /** What the caller needs from an install prefix (a binary, a script), or undefined when it is not there. */
  find(prefix: string): Promise<T | undefined>;
  /** Why the freshly installed package is wrong (thrown), before it takes the cache entry. */
  verify?(found: T, prefix: string): Promise<void>;
  /** Said when npm installed the package but find() found nothing in it. */
  missing: string;
  /** Bound for `npm install`; default 5 minutes. */
  installTimeoutMs?: number;
}

const OUTPUT_LIMIT = 16 * 1024;

export async function ensureNpmPackage<T>(install: NpmPackageInstall<T>): Promise<T> {
  const spec = install.packages.join(' ');
  const cacheDir = path.resolve(install.cacheDir);
  const finalDir = path.join(cacheDir, install.entry);
  const existing = await install.find(finalDir);
  if (existing !== undefined) return existing;

  await mkdir(cacheDir, { recursive: true });
  const staging = path.join(cacheDir, `.staging-${install.entry}-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await npmInstall(staging, install.packages, install.installTimeoutMs ?? 300_000);
    const staged = await install.find(staging);
    if (staged === undefined) throw new Error(`npm installed ${spec} but ${install.missing}`);
    await install.verify?.(staged, staging);
    try {
      await rename(staging, finalDir);
    } catch (error) {
      // Another caller won the race: its complete install is as good as ours.
      if (!isErrno(error, 'ENOTEMPTY', 'EEXIST', 'EPERM') || (await install.find(finalDir)) === undefined) throw error;
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const found = await install.find(finalDir);
  if (found === undefined) throw new Error(`${spec} install at ${finalDir} is incomplete after install`);
  return found;
}

function npmInstall(prefix: string, packages: string[], timeoutMs: number): Promise<void> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', ...packages];
  const spec = packages.join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(npm, args, { stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    let output = '';
    const collect = (chunk: Buffer) => {
      if (output.length < OUTPUT_LIMIT) output += chunk.toString('utf8').slice(0, OUTPUT_LIMIT - output.length);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not run npm to install ${spec}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else {
        const why = signal ? `was killed (${signal}${signal === 'SIGKILL' ? `, timeout ${timeoutMs} ms` : ''})` : `exited ${code}`;
        reject(new Error(`npm install ${spec} ${why}:\n${output.trim().slice(-4000)}`));
      }
    });
  });
}

function isErrno(error: unknown, ...codes: string[]): boolean {
  return typeof error === 'object' && error !== null && codes.includes(String((error as { code?: unknown }).code));
}
