// `relaycheck merge DIR… [--out DIR]`: the shard folders of a `run --targets … --shard K/N` back
// into one matrix, the same as one unsharded run. Exit 0 when every relay is compatible, else 1.
import { Command } from 'commander';
import { allCompatible } from '../fleet/matrix.ts';
import { mergeShards } from '../fleet/merge-shards.ts';
import { verdictCounts } from '../fleet/verdict-counts.ts';
import type { CliCommand, CliIo } from './cli-io.ts';
import { EXIT } from './usage-error.ts';

export const DEFAULT_FLEET_OUT = 'reports/fleet';

export function mergeCommand(io: CliIo): CliCommand {
  return {
    definition: new Command('merge')
      .argument('<dirs...>', 'the output folder of each shard')
      .option('--out <dir>', `folder for the merged matrix and the relays' reports (default: ${DEFAULT_FLEET_OUT})`, DEFAULT_FLEET_OUT),
    async execute(dirs: string[], flags: { out: string }) {
      const { matrix, files } = await mergeShards(dirs, flags.out);
      io.stdout.write(`Merged ${dirs.length} shard${dirs.length === 1 ? '' : 's'}: ${matrix.relays.length} relays, ${verdictCounts(matrix)}\nMatrix: ${files.join(', ')}\n`);
      return allCompatible(matrix) ? EXIT.compatible : EXIT.notCompatible;
    },
  };
}
