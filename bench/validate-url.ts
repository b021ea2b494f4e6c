// Child process of the peak-RSS benchmark: validates the plain turn against one URL with bounds
// raised to let a gigabyte through, and prints one JSON line: its own peak RSS and what it read.
// Run alone in its process, so the peak is relaycheck's and not the relay's.
import { runConformance } from '../harness/run/runner.ts';
import { turnsSuite } from '../suites/turns.ts';

const [baseUrl, maxBytes] = process.argv.slice(2);
if (!baseUrl || !maxBytes) throw new Error('usage: validate-url.ts <base-url> <max-bytes>');

const started = performance.now();
const report = await runConformance({
  target: { baseUrl },
  suites: [{ ...turnsSuite, cases: [turnsSuite.cases[0]!] }],
  limits: { maxBytes: Number(maxBytes), deadlineMs: 600_000, idleTimeoutMs: 60_000 },
});
const only = report.cases[0]!;
process.stdout.write(
  `${JSON.stringify({
    status: only.status,
    failed: only.checks.filter((c) => c.status === 'fail').map((c) => c.id),
    error: only.error?.message,
    bytes: only.transcript?.bytesReceived ?? 0,
    events: only.transcript?.eventsTotal ?? 0,
    ms: performance.now() - started,
    // resourceUsage().maxRSS is in kilobytes.
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  })}\n`,
);
