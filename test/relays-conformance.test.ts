// Every fault relay in a full conformance run fails exactly the checks it declares, with its declared
// Codex verdict. Split from relays.test.ts (which shows each fault in the stream) so this long run,
// mostly waiting on stalls and keep-alives, goes side by side with the rest.
import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { RELAYS, fullRunOf, startRelay } from '../harness/relays/catalogue.ts';
import { CODEX_DEFAULT_RETRIES } from '../harness/retry/codex-retry-rules.ts';
import { runConformance } from '../harness/run/runner.ts';
import { ALL_SUITES } from '../suites/index.ts';

describe('fault relays: each one breaks exactly its own rule', () => {
  it('every relay fails exactly the checks it declares, with its declared Codex verdict, in a full conformance run', async () => {
    // Relays declared to stall or hold the stream open get short bounds and the idle timeout they declare, so they cost
    // seconds a case, not five minutes. Every other relay gets bounds far above what a loaded machine adds to
    // a gap between events: a real stall there still fails idle-gap, only later.
    const holdsOpen = (entry: (typeof RELAYS)[number]) => entry.idleTimeoutMs !== undefined || entry.holdsOpenAfter !== undefined;
    const short = (entry: (typeof RELAYS)[number]) => ({ deadlineMs: 10_000, idleTimeoutMs: entry.idleTimeoutMs ?? 10_000, failedCloseGraceMs: 300 });
    const GENEROUS = { deadlineMs: 30_000, idleTimeoutMs: 10_000, failedCloseGraceMs: 3_000 };
    expect(RELAYS.filter(holdsOpen).map((r) => r.name).sort()).toEqual(['buffered-compression-slow-upstream', 'comment-keepalives', 'failed-context-length-open', 'failed-socket-open', 'idle-stall']);
    // Most of the run is waiting on stalls and keep-alives, not CPU: every case of a relay at once.
    const caseCount = ALL_SUITES.reduce((n, suite) => n + suite.cases.length, 0);
    const limit = pLimit(8);
    const mismatches = await Promise.all(
      RELAYS.map((entry) =>
        limit(async () => {
          const { baseUrl, close } = await startRelay(entry.name, { now: () => 1_800_000_000, apiKey: 'sk-catalogue-0123456789abcdef' });
          const report = await runConformance({
            target: { baseUrl, apiKey: 'sk-catalogue-0123456789abcdef' },
            ...fullRunOf(entry, baseUrl, GENEROUS.deadlineMs),
            concurrency: caseCount,
            limits: holdsOpen(entry) ? short(entry) : GENEROUS,
            // Relays whose verdict Codex's retries decide are run with them (delays reported, not waited).
            ...(entry.showsWithRetries && { retries: { settings: { ...CODEX_DEFAULT_RETRIES }, wait: async () => undefined } }),
          }).finally(close);
          const failed = [...new Set(report.cases.flatMap((c) => c.checks.filter((check) => check.status === 'fail').map((check) => check.id)))].sort();
          const asDeclared = JSON.stringify(failed) === JSON.stringify([...entry.violates].sort()) && report.verdict.codex === entry.expectedCodexVerdict;
          return asDeclared ? [] : [`${entry.name}: fails [${failed.join(', ')}], verdict ${report.verdict.codex}; declares [${entry.violates.join(', ')}], ${entry.expectedCodexVerdict}`];
        }),
      ),
    );
    expect(mismatches.flat()).toEqual([]);
  }, 300_000);
});
