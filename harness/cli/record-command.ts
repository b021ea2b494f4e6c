// `relaycheck record`: a capture relay to point Codex at. Every request it receives is saved as a
// normalized fixture (`<scenario>-<n>.json`), answered like the reference relay or by --upstream.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { startCaptureRelay } from '../recorder/capture-relay.ts';
import { fixtureText, toFixture } from '../recorder/fixture-writer.ts';
import type { CliCommand, CliIo } from './cli-io.ts';
import { EXIT, UsageError } from './usage-error.ts';
import { parseBaseUrl, parseIntegerOption } from './option-parsers.ts';

export function recordCommand(io: CliIo): CliCommand {
  return {
    definition: new Command('record')
      .requiredOption('--port <n>', 'port to listen on', parseIntegerOption('--port', 1, 65535))
      .option('--upstream <url>', 'forward to this relay base URL instead of answering like the reference relay', parseBaseUrl)
      .option('--out <dir>', 'folder for the fixtures', 'fixtures/recorded')
      .option('--scenario <name>', 'scenario name, used in fixture ids and provenance', 'recorded'),
    async execute(flags: { port: number; upstream?: string; out: string; scenario: string }) {
      if (!/^[a-z0-9][a-z0-9.-]*$/.test(flags.scenario)) throw new UsageError('--scenario takes lowercase letters, digits, dots and dashes');
      await mkdir(flags.out, { recursive: true });
      let count = 0;
      const saves: Promise<void>[] = [];
      let relay;
      try {
        relay = await startCaptureRelay({
          port: flags.port,
          ...(flags.upstream ? { upstream: flags.upstream } : {}),
          onRequest: (request) => {
            const id = `${flags.scenario}-${++count}`;
            const fixture = toFixture(id, request, { scenario: flags.scenario, command: 'relaycheck record', recordedAt: new Date().toISOString().slice(0, 10) });
            const file = path.join(flags.out, `${id}.json`);
            saves.push(writeFile(file, fixtureText(fixture)).then(() => void io.stdout.write(`saved ${file}\n`)));
          },
        });
      } catch (error) {
        throw new UsageError(`cannot listen on 127.0.0.1:${flags.port}: ${(error as Error).message}`);
      }
      io.stdout.write(`capture relay at base_url ${relay.url}/v1 → ${flags.out}/ (Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await relay.close();
      await Promise.all(saves);
      return EXIT.compatible;
    },
  };
}
