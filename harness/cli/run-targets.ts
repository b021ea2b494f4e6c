// `relaycheck run --targets relays.toml [--shard K/N]`: the fleet flavour of `run`. One line per
// relay as it finishes (relays run in parallel, so per-case lines would interleave), then the
// matrix files. Exit 0 only when every relay run is compatible.
import type { Suite } from '../suite.ts';
import { allCompatible } from '../fleet/matrix.ts';
import { runFleet } from '../fleet/run-fleet.ts';
import { inShard, type Shard } from '../fleet/shard.ts';
import { readTargetsFile } from '../fleet/targets-file.ts';
import { verdictCounts } from '../fleet/verdict-counts.ts';
import type { ExchangeLimits } from '../exchange.ts';
import type { CodexProfile } from '../codex/codex-profile.ts';
import { summaryText } from '../report/outcome-wording.ts';
import { clean } from '../report/plain-text.ts';
import type { ReportFormat } from '../report/write-reports.ts';
import { EXIT } from './usage-error.ts';

export interface TargetsRunRequest {
  targetsFile: string;
  shard?: Shard;
  outDir: string;
  suites: Suite[];
  formats: readonly ReportFormat[];
  console: boolean;
  relayConcurrency: number;
  caseConcurrency: number;
  limits: Partial<ExchangeLimits>;
  codex: CodexProfile;
  repeat: number;
  model?: string;
  headers?: Record<string, string>;
}

export async function executeTargetsRun(request: TargetsRunRequest): Promise<number> {
  const targets = await readTargetsFile(request.targetsFile);
  const print = (line: string) => {
    if (request.console) process.stdout.write(`${line}\n`);
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
    run: { concurrency: request.caseConcurrency, limits: request.limits, codex: request.codex },
    repeat: request.repeat,
    defaults: { model: request.model, headers: request.headers },
    onRelayEnd(target, report) {
      print(`  ${report.verdict.codex.padEnd(12)} ${clean(target.name, 40).padEnd(24)} ${summaryText(report.summary)}`);
    },
  });
  print(`${verdictCounts(matrix)}`);
  print(`Matrix: ${files.join(', ')}`);
  return allCompatible(matrix) ? EXIT.compatible : EXIT.notCompatible;
}
