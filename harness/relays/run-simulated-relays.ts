// `npm start`: runs every conformance suite against each built-in simulated relay over loopback and
// writes a full report for each, so a newcomer sees real output (and what each fault looks like)
// without a relay of their own. Exits 1 if a relay's verdict differs from what it is built to show.
import path from 'node:path';
import pLimit from 'p-limit';
import pc from 'picocolors';
import { RELAYS, fullRunOf, startRelay } from './catalogue.ts';
import { runConformance } from '../run/runner.ts';
import { ALL_SUITES } from '../../suites/index.ts';
import { REPORT_FILE_NAMES, type ReportFormat, writeReports } from '../report/write-reports.ts';
import { caseCause, runSucceeded } from '../run/verdict.ts';
import { CODEX_DEFAULT_RETRIES } from '../retry/codex-retry-rules.ts';
import { type CheckIdValue } from '../checks/ids.ts';
import type { RunReport } from '../report/model.ts';

const OUT_ROOT = path.join('reports', 'simulated');
const KEY = 'sk-simulated-relay-key-0000';
// Loopback relays answer in milliseconds: a short grace keeps the socket-held-open relay quick.
// A relay built to stall declares the idle timeout it is judged with (SimulatedRelayBase.idleTimeoutMs).
const LIMITS = { deadlineMs: 20_000, idleTimeoutMs: 10_000, failedCloseGraceMs: 500 };
// Codex's default retries, as `relaycheck run` models them; the delays are reported, not waited.
const RETRIES = { settings: { ...CODEX_DEFAULT_RETRIES }, wait: async () => undefined };

const VERDICT_COLOR = { compatible: pc.green, partial: pc.yellow, incompatible: pc.red, 'not-evaluated': pc.dim } as const;

async function main(): Promise<number> {
  const formats = Object.keys(REPORT_FILE_NAMES) as ReportFormat[];
  const chatRelays = RELAYS.filter((r) => r.suites !== undefined).length;
  console.log(`relaycheck: ${ALL_SUITES.length} Codex suites against ${RELAYS.length - chatRelays} simulated relays, the chat suite against ${chatRelays} chat relays, on 127.0.0.1\n`);
  const limit = pLimit(4);
  const rows = await Promise.all(
    RELAYS.map((relay) =>
      limit(async () => {
        const running = await startRelay(relay.name, { apiKey: KEY });
        try {
          const report = await runConformance({ target: { baseUrl: running.baseUrl, apiKey: KEY }, ...fullRunOf(relay, running.baseUrl), limits: { ...LIMITS, ...(relay.idleTimeoutMs !== undefined && { idleTimeoutMs: relay.idleTimeoutMs }) }, concurrency: 4, retries: RETRIES });
          const outDir = path.join(OUT_ROOT, relay.name);
          await writeReports(report, { outDir, formats });
          return { relay, report, outDir };
        } finally {
          await running.close();
        }
      }),
    ),
  );

  let mismatches = 0;
  for (const { relay, report, outDir } of rows) {
    const verdict = report.verdict.codex;
    // A run without a Codex verdict (the chat relays) is as built when it passes exactly if the relay is healthy.
    const asBuilt = verdict === relay.expectedCodexVerdict && (verdict !== 'not-evaluated' || runSucceeded(report.verdict, report.summary) === (relay.violates.length === 0));
    if (!asBuilt) mismatches++;
    const s = report.summary;
    console.log(
      `${VERDICT_COLOR[verdict](verdict.padEnd(12))} ${relay.name.padEnd(26)} ${String(s.passed).padStart(2)} pass ${String(s.warned).padStart(2)} warn ${String(s.failed + s.unsupported + s.errored).padStart(2)} broken  ${pc.dim(path.join(outDir, 'report.md'))}${asBuilt ? '' : pc.red(`  (built to ${verdict === 'not-evaluated' ? (relay.violates.length === 0 ? 'pass' : 'fail') : `be ${relay.expectedCodexVerdict}`})`)}`,
    );
    const firstBroken = report.cases.find((c) => c.status === 'fail' || c.status === 'unsupported' || c.status === 'error');
    // A relay Codex works through despite its fault (a recommended check): name that finding instead.
    const finding = firstBroken ? caseCause(firstBroken) : recommendedFinding(report, relay.violates[0]);
    if (finding) console.log(pc.dim(`             ${''.padEnd(26)} ${finding.slice(0, 150)}`));
  }
  console.log(`\nReports for each relay are in ${OUT_ROOT}/<relay>/ (${formats.flatMap((f) => REPORT_FILE_NAMES[f]).join(', ')}).`);
  if (mismatches > 0) console.log(pc.red(`${mismatches} relay(s) did not get the verdict they are built to show.`));
  return mismatches === 0 ? 0 : 1;
}

/** The relay's own check, failed as recommended, with its message. */
function recommendedFinding(report: RunReport, id: CheckIdValue | undefined): string | undefined {
  const check = report.cases.flatMap((c) => c.checks).find((k) => k.id === id && k.status === 'fail');
  return check && `${check.id} (recommended): ${check.message}`;
}

process.exitCode = await main();
