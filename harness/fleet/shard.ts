// `--shard K/N`: a deterministic slice of the targets file, so N machines (a CI matrix) each run
// one and `merge` puts the matrix back together. Relays are dealt round-robin by their position in
// the file: shard K gets positions K-1, K-1+N, …, which keeps shards the same size within one.
import { InvalidArgumentError } from 'commander';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export const MAX_SHARDS = 256;

export function parseShard(value: string): Shard {
  const match = /^(\d{1,3})\/(\d{1,3})$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    throw new InvalidArgumentError(`--shard takes K/N with 1 ≤ K ≤ N ≤ ${MAX_SHARDS} (e.g. 2/4), got "${value}"`);
  }
  return { index, count };
}

export function inShard(position: number, shard: Shard | undefined): boolean {
  return shard === undefined || position % shard.count === shard.index - 1;
}
