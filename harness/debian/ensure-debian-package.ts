// Installs a Debian package's files into a cache folder without installing it into the system:
// `apt-get download` (into the staging folder, which needs no root) and `dpkg-deb -x`, through
// harness/install/ensure-cached.ts. A machine whose apt lists do not know the package yet (a fresh
// one) gets one `apt-get update` first, which needs root. Every step has a deadline, and every way it
// cannot install ends in a one-line reason (DebianInstallError).
import { access, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { ensureCached } from '../install/ensure-cached.ts';
import { BoundedRunError, runBounded } from '../install/run-bounded.ts';

export interface DebianPackage {
  name: string;
  /** The upstream version the measurements were made on: any Debian revision of it is accepted (security updates replace the archive's older ones). */
  version: string;
  /** The program wanted, inside the package (`usr/sbin/nginx`). */
  binary: string;
}

/** Why the package could not be installed, in one line. */
export class DebianInstallError extends Error {
  override name = 'DebianInstallError';
}

export interface DebianInstallOptions {
  downloadTimeoutMs?: number;
  updateTimeoutMs?: number;
  extractTimeoutMs?: number;
}

/** apt's words when its lists do not hold the package (yet). */
const NOT_IN_LISTS = /Unable to locate package|has no installation candidate|Can't select candidate|No packages found/i;

/** The absolute path of the package's binary in the cache, downloading and unpacking it first when the cache lacks it. */
export function ensureDebianPackage(pkg: DebianPackage, cacheDir: string, options: DebianInstallOptions = {}): Promise<string> {
  const spec = `Debian's ${pkg.name} ${pkg.version}`;
  return ensureCached({
    spec,
    cacheDir,
    entry: `${pkg.name}-${pkg.version}`,
    missing: `${pkg.binary} is not in it`,
    find: async (folder) => {
      const binary = path.join(folder, pkg.binary);
      return access(binary).then(() => binary, () => undefined);
    },
    install: (staging) => downloadAndExtract(pkg, staging, options).catch((error: unknown) => {
      throw error instanceof DebianInstallError ? error : new DebianInstallError(`${spec}: ${oneLine(error)}`);
    }),
  });
}

async function downloadAndExtract(pkg: DebianPackage, staging: string, options: DebianInstallOptions): Promise<void> {
  const spec = `Debian's ${pkg.name} ${pkg.version}`;
  const download = () => runBounded({ command: 'apt-get', args: ['download', pkg.name], cwd: staging, timeoutMs: options.downloadTimeoutMs ?? 120_000 });
  try {
    await download();
  } catch (error) {
    if (!(error instanceof BoundedRunError) || !NOT_IN_LISTS.test(error.tail)) throw error;
    if (process.getuid?.() !== 0) throw new DebianInstallError(`${spec}: apt's lists do not hold ${pkg.name}, and apt-get update needs root (run it once, then again)`);
    await runBounded({ command: 'apt-get', args: ['update'], timeoutMs: options.updateTimeoutMs ?? 300_000 });
    await download();
  }
  const debs = (await readdir(staging)).filter((file) => file.endsWith('.deb'));
  if (debs.length !== 1) throw new DebianInstallError(`${spec}: apt-get download left ${debs.length} .deb files`);
  const deb = path.join(staging, debs[0]!);
  const extractTimeoutMs = options.extractTimeoutMs ?? 60_000;
  const version = (await runBounded({ command: 'dpkg-deb', args: ['--field', deb, 'Version'], timeoutMs: extractTimeoutMs })).trim();
  // Debian revisions (`-9+deb12u9`) change with security updates; the upstream version is what was measured.
  if (!version.startsWith(`${pkg.version}-`)) throw new DebianInstallError(`${spec}: Debian now ships ${pkg.name} ${version}, not ${pkg.version}: measure it again and update the pin`);
  await runBounded({ command: 'dpkg-deb', args: ['-x', deb, staging], timeoutMs: extractTimeoutMs });
  await rm(deb);
}

/** The last meaningful line of what went wrong (apt's "E: …" line when there is one). */
function oneLine(error: unknown): string {
  if (error instanceof BoundedRunError) {
    const lines = error.tail.split('\n').map((line) => line.trim()).filter(Boolean);
    const aptError = lines.find((line) => line.startsWith('E: '));
    return aptError ?? lines.at(-1) ?? error.message.split('\n')[0]!;
  }
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}
