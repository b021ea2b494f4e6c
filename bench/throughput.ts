// (a) Validation throughput on the same bytes: relaycheck's whole path (exchange, SSE parser,
// JSON.parse, ajv and every stream check, exactly as run-case.ts runs them) against the openai SDK's
// stream parsing alone and against a bare floor (eventsource-parser + JSON.parse).
import { createParser } from 'eventsource-parser';
import { Stream } from 'openai/streaming';
import { DEFAULT_LIMITS } from '../harness/exchange/exchange.ts';
import { loadFixture } from '../harness/replay/fixture.ts';
import { generateLargeSse } from '../harness/relays/large-stream.ts';
import { runCase } from '../harness/run/run-case.ts';
import { turnsSuite } from '../suites/turns.ts';
import { MB, median, medianSpread, roundRobin, table, wallMs } from './figures.ts';
import { MemoryClient } from './memory-client.ts';

export interface ThroughputOptions {
  megabytes: number;
  runs: number;
}

export async function benchThroughput(options: ThroughputOptions): Promise<string> {
  const chunks = [...generateLargeSse({ targetBytes: options.megabytes * MB })];
  const bytes = chunks.reduce((n, c) => n + c.byteLength, 0);
  const plainTurn = turnsSuite.cases[0]!;
  const fixture = await loadFixture(plainTurn.fixture);
  const client = new MemoryClient(chunks);
  const limits = { ...DEFAULT_LIMITS, maxBytes: 4 * bytes, deadlineMs: 600_000, idleTimeoutMs: 600_000 };

  let events = 0;
  let verdict = '';
  const relaycheck = async () => {
    const result = await runCase(plainTurn, 'turns', fixture, { client, target: { baseUrl: 'http://bench.invalid/v1' }, limits, decodes: [] });
    events = result.transcript?.eventsTotal ?? 0;
    const failed = result.checks.filter((c) => c.status === 'fail').map((c) => c.id);
    verdict = `${result.status}${failed.length ? ` (failed: ${failed.join(', ')})` : ''}`;
  };
  const sdk = async () => {
    const response = new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(chunk);
          controller.close();
        },
      }),
    );
    let n = 0;
    for await (const event of Stream.fromSSEResponse(response, new AbortController())) if (event) n++;
    if (n !== events) throw new Error(`the SDK parsed ${n} events, relaycheck ${events}`);
  };
  const floor = async () => {
    let n = 0;
    const parser = createParser({
      onEvent(event) {
        JSON.parse(event.data);
        n++;
      },
    });
    const decoder = new TextDecoder();
    for (const chunk of chunks) parser.feed(decoder.decode(chunk, { stream: true }));
    if (n !== events) throw new Error(`the floor parsed ${n} events, relaycheck ${events}`);
  };

  let timings: Record<string, number[]>;
  try {
    timings = await roundRobin(
      {
        'relaycheck (full validation)': wallMs(relaycheck),
        'openai SDK (parse only)': wallMs(sdk),
        'floor (eventsource-parser + JSON.parse)': wallMs(floor),
      },
      options.runs,
    );
  } finally {
    await client.close();
  }
  const sdkMs = median(timings['openai SDK (parse only)']!);
  const floorMs = median(timings['floor (eventsource-parser + JSON.parse)']!);
  const rows = Object.entries(timings).map(([path, runs]) => {
    const ms = median(runs);
    return {
      path,
      'ms, median (min–max)': medianSpread(runs),
      'MB/s': bytes / MB / (ms / 1000),
      'events/s': Math.round(events / (ms / 1000)),
      'speed vs SDK': sdkMs / ms,
      'speed vs floor': floorMs / ms,
    };
  });
  return [
    `Stream: ${(bytes / MB).toFixed(1)} MiB, ${events.toLocaleString('en-US')} events (generateLargeSse), ${options.runs} runs of each path, alternating round-robin after a warm-up round.`,
    `relaycheck's verdict on it: ${verdict}`,
    '',
    table(rows),
  ].join('\n');
}
