// Installs pinned npm packages from the registry into a cache folder, once (harness/install/
// ensure-cached.ts: staged, checked, renamed into place). The real Codex CLI
// (harness/codex/install-codex.ts) and the real gateways the tests run (harness/gateways/) come this way.
import { ensureCached } from '../install/ensure-cached.ts';
import { runBounded } from '../install/run-bounded.ts';

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

export function ensureNpmPackage<T>(install: NpmPackageInstall<T>): Promise<T> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  return ensureCached({
    ...install,
    spec: install.packages.join(' '),
    install: (staging) =>
      runBounded({ command: npm, args: ['install', '--prefix', staging, '--no-save', '--no-audit', '--no-fund', ...install.packages], timeoutMs: install.installTimeoutMs ?? 300_000 }).then(() => undefined),
  });
}
