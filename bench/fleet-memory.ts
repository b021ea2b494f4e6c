// Peak RSS of `relaycheck run --targets` (the compiled bin, a fresh process) over fleets of simulated
// relays of growing size: the fleet keeps one matrix row per relay, so its memory should not grow
// with the number of relays. The relays are served by another process (serve-relays.ts).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { childUsage } from './child-usage.ts';
import { MB, table } from './figures.ts';

const BIN = fileURLToPath(new URL('../bin/relaycheck.mjs', import.meta.url));
const SERVE = fileURLToPath(new URL('./serve-relays.ts', import.meta.url));
const SERVE_TIMEOUT_MS = 120_000;

async function serveRelays(count: number): Promise<{ urls: string[]; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE, String(count)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const stop = () => child.stdin!.end();
  const lines = createInterface({ input: child.stdout! });
  const timer = setTimeout(() => child.kill('SIGKILL'), SERVE_TIMEOUT_MS);
  try {
    for await (const line of lines) return { urls: JSON.parse(line) as string[], stop };
    throw new Error(`serve-relays.ts ${count} exited before serving`);
  } finally {
    clearTimeout(timer);
  }
}

export async function benchFleetMemory(sizes: number[]): Promise<string> {
  if (!existsSync(fileURLToPath(new URL('../dist/harness/cli.js', import.meta.url)))) return 'No dist/: run `npm run build` (npm ci does) to measure the compiled command.';
  const rows: Array<Record<string, string | number>> = [];
  for (const size of sizes) {
    const relays = await serveRelays(size);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'relaycheck-bench-fleet-memory-'));
    try {
      const targets = path.join(dir, 'relays.toml');
      await writeFile(targets, relays.urls.map((url, i) => `[[relays]]\nname = "relay-${i}"\nbase_url = "${url}/v1"\n`).join('\n'));
      const usage = await childUsage([BIN, 'run', '--targets', targets, '--suite', 'turns', '--relay-concurrency', '16', '--out', path.join(dir, 'out')]);
      rows.push({ relays: size, 'wall s': usage.wallMs / 1000, 'CPU s': usage.cpuMs / 1000, 'peak RSS MiB': Math.round(usage.maxRssBytes / MB) });
    } finally {
      relays.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }
  return [`\`relaycheck run --targets\` (compiled bin, fresh process) of the turns suite on each relay, 16 relays at once, every report format; the relays served by a separate process.`, '', table(rows)].join('\n');
}
