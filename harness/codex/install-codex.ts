// Installs the pinned Codex CLI from the npm registry into a repo-local cache and returns its native
// binary. The real binary is relaycheck's ground truth, so it is installed on demand (never a global
// `codex` whose version we don't control) and run directly (the `codex.js` wrapper only re-execs it).
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import os from 'node:os';
import { CODEX_VERSION } from './codex-version.ts';
import { IS_CLONE, PACKAGE_ROOT } from '../package/package-root.ts';
import { ensureNpmPackage } from '../npm/ensure-npm-package.ts';

export interface EnsureCodexOptions {
  /** Where versions are cached; default DEFAULT_CODEX_CACHE_DIR. */
  cacheDir?: string;
  /** Default CODEX_VERSION. Tests of the installer only; the ground truth is for the pinned one. */
  version?: string;
  /** Bound for `npm install`; default 5 minutes. */
  installTimeoutMs?: number;
}

export interface CodexInstall {
  binary: string;
  version: string;
}

/**
 * `<clone>/.cache/codex` (git-ignored) in a clone; for an npm install, the user's cache folder
 * ($XDG_CACHE_HOME/relaycheck/codex or ~/.cache/relaycheck/codex): a global install's own folder
 * may not be writable, and is wiped by every upgrade.
 */
export const DEFAULT_CODEX_CACHE_DIR = IS_CLONE
  ? path.join(PACKAGE_ROOT, '.cache', 'codex')
  : path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'relaycheck', 'codex');

// The platforms @openai/codex ships native packages for (its optionalDependencies).
const SUPPORTED = new Set(['linux/x64', 'linux/arm64', 'darwin/x64', 'darwin/arm64', 'win32/x64', 'win32/arm64']);

export async function ensureCodex(options: EnsureCodexOptions = {}): Promise<CodexInstall> {
  const version = options.version ?? CODEX_VERSION;
  const cacheDir = path.resolve(options.cacheDir ?? DEFAULT_CODEX_CACHE_DIR);
  const platform = `${process.platform}/${process.arch}`;
  if (!SUPPORTED.has(platform)) {
    throw new Error(`Codex ${version} ships no native binary for ${platform} (supported: ${[...SUPPORTED].join(', ')})`);
  }

  return {
    binary: await ensureNpmPackage({
      packages: [`@openai/codex@${version}`],
      cacheDir,
      entry: version,
      find: findBinary,
      verify: (binary) => assertVersion(binary, version),
      missing: `no native binary for ${platform} was found under node_modules/@openai (expected @openai/codex-<platform>/vendor/<target>/bin/codex)`,
      installTimeoutMs: options.installTimeoutMs,
    }),
    version,
  };
}

/**
 * The platform binary inside an install prefix. npm installs the native package under an alias
 * (`@openai/codex-linux-x64` is `@openai/codex@<v>-linux-x64`), each holding `vendor/<target>/bin/codex`;
 * scan for it rather than hard-coding the target triple.
 */
export async function findBinary(prefix: string): Promise<string | undefined> {
  const scope = path.join(prefix, 'node_modules', '@openai');
  const exe = process.platform === 'win32' ? 'codex.exe' : 'codex';
  for (const pkg of await listDir(scope)) {
    if (!pkg.startsWith('codex-')) continue;
    const vendor = path.join(scope, pkg, 'vendor');
    for (const target of await listDir(vendor)) {
      const candidate = path.join(vendor, target, 'bin', exe);
      if (await isFile(candidate)) return candidate;
    }
  }
  return undefined;
}

// The package name is only an alias: ask the binary itself, so a wrong cache entry can't pass as ground truth.
function assertVersion(binary: string, version: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['--version'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (out.length < 1024) out += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Codex binary ${binary} does not run: ${error.message}`));
    });
    child.on('close', () => {
      clearTimeout(timer);
      const reported = /(\d+\.\d+\.\d+\S*)/.exec(out)?.[1];
      if (reported === version) resolve();
      else reject(new Error(`Codex binary ${binary} reports version ${reported ?? JSON.stringify(out.trim())}, expected ${version}`));
    });
  });
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
