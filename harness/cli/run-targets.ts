// `relaycheck run --targets relays.toml [--shard K/N]`: the fleet flavour of `run`. One line per
// relay as it finishes (relays run in parallel, so per-case lines would interleave), then the
// matrix files. Exit 0 only when every relay run is compatible.
import type { Suite } from '../run/suite.ts';
import type { RunFilter } from '../report/model.ts';
import type { NetworkSettings } from '../http/network-settings.ts';
import { allCompatible } from '../fleet/matrix.ts';
import { runFleet } from '../fleet/run-fleet.ts';
import { inShard, type Shard } from '../fleet/shard.ts';
import { readTargetsFile } from '../fleet/targets-file.ts';
import { verdictCounts } from '../fleet/verdict-counts.ts';
import type { ExchangeLimits } from '../exchange/exchange.ts';
import { badgeFor } from '../report/badge.ts';
import type { CodexProfile } from '../codex/codex-profile.ts';
import { summaryText } from '../report/outcome-wording.ts';
import { clean } from '../report/plain-text.ts';
import type { ReportFormat } from '../report/write-reports.ts';
import type { CliIo } from './cli-io.ts';
import { EXIT } from './usage-error.ts';
import type { RetryOptions } from '../retry/retry-like-codex.ts';

export interface TargetsRunRequest {
  targetsFile: string;
  shard?: Shard;
  outDir: string;
  suites: Suite[];
  /** What --case / --check kept of the suites (already narrowed). */
  filter?: RunFilter;
  network: NetworkSettings;
  formats: readonly ReportFormat[];
  console: boolean;
  relayConcurrency: number;
  caseConcurrency: number;
  limits: Partial<ExchangeLimits>;
  codex: CodexProfile;
  repeat: number;
  model?: string;
  headers?: Record<string, string>;
  /** Codex's retries; absent: first answers only (--no-retries). */
  retries?: RetryOptions;
}

export async function executeTargetsRun(io: CliIo, request: TargetsRunRequest): Promise<number> {
  const targets = await readTargetsFile(request.targetsFile);
  const print = (line: string) => {
    if (request.console) io.stdout.write(`${line}\n`);
  };
  const count = targets.targets.filter((t) => inShard(t.position, request.shard)).length;
  print(`relaycheck → ${count} relay${count === 1 ? '' : 's'} from ${clean(request.targetsFile, 200)}${request.shard ? ` (shard ${request.shard.index}/${request.shard.count})` : ''}`);
  const { matrix, files } = await runFleet({
    targets,
    shard: request.shard,
    outDir: request.outDir,
    suites: request.suites,
    formats: request.formats,
    relayConcurrency: request.relayConcurrency,
    run: { concurrency: request.caseConcurrency, limits: request.limits, codex: request.codex, ...(request.retries && { retries: request.retries }), ...(request.filter && { filter: request.filter }), network: request.network },
    repeat: request.repeat,
    defaults: { model: request.model, headers: request.headers },
    env: io.env,
    onRelayEnd(target, report) {
      // The badge's words tell causes apart (e.g. HTTP 404 from 405) where the verdict word does not.
      const { message } = badgeFor(report);
      const cause = message !== report.verdict.codex ? `${message}; ` : '';
      print(`  ${report.verdict.codex.padEnd(13)} ${clean(target.name, 40).padEnd(24)} ${cause}${summaryText(report.summary)}`);
    },
  });
  print(`${verdictCounts(matrix)}`);
  print(`Matrix: ${files.join(', ')}`);
  return allCompatible(matrix) ? EXIT.compatible : EXIT.notCompatible;
}
