// (b) Peak RSS while validating a stream of about 1 GB served over loopback. The stream is generated
// on the fly (large-stream.ts, pulled frame by frame by sse-body.ts as the socket drains), so it never
// exists in memory; relaycheck validates it in a child process whose own peak RSS is reported.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { http, HttpResponse } from 'msw';
import { generateLargeSse } from '../harness/relays/large-stream.ts';
import { serveHandlers } from '../harness/relays/serve-handlers.ts';
import { sseBody } from '../harness/relays/sse-body.ts';
import { MB, table } from './figures.ts';

interface ChildResult {
  status: string;
  failed: string[];
  error?: string;
  bytes: number;
  events: number;
  ms: number;
  maxRssBytes: number;
}

/** One validation per size, each in a fresh child: the smallest shows the fixed cost of the process. */
export async function benchPeakRss(sizesMiB: number[]): Promise<string> {
  const rows: Array<Record<string, string | number>> = [];
  const verdicts: string[] = [];
  for (const megabytes of sizesMiB) {
    const targetBytes = megabytes * MB;
    const relay = await serveHandlers([
      http.post('*/v1/responses', () => new HttpResponse(sseBody(generateLargeSse({ targetBytes })), { headers: { 'content-type': 'text/event-stream' } })),
    ]);
    try {
      const result = await validateInChild(`${relay.url}/v1`, 2 * targetBytes);
      verdicts.push(`${megabytes} MiB: ${result.status}${result.failed.length ? ` (failed: ${result.failed.join(', ')})` : ''}${result.error ? ` (${result.error})` : ''}`);
      rows.push({
        'stream MiB': megabytes,
        'bytes read MiB': result.bytes / MB,
        events: result.events,
        'wall s': result.ms / 1000,
        'MB/s over loopback': result.bytes / MB / (result.ms / 1000),
        'peak RSS MiB': result.maxRssBytes / MB,
      });
    } finally {
      await relay.close();
    }
  }
  return [
    'Codex-style streams served over loopback, validated by the full path in a child process (its own peak RSS).',
    `relaycheck's verdicts: ${verdicts.join('; ')}`,
    '',
    table(rows),
  ].join('\n');
}

function validateInChild(baseUrl: string, maxBytes: number): Promise<ChildResult> {
  const script = fileURLToPath(new URL('./validate-url.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, baseUrl, String(maxBytes)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10 * 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`the validating child exited with ${code}: ${out}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)!) as ChildResult);
    });
  });
}
