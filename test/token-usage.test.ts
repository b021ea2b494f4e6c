// What a run cost (issue 13 friction): the tokens the relay reported, per case and summed over the
// run, in report.json, the console, Markdown and HTML. A loopback relay reports known counts.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildResponseEvents, serializeSse } from '../harness/relays/stream-builder.ts';
import { validateReport } from '../harness/report/validate-report.ts';
import { runMain } from './helpers/run-main.ts';
import { type RunningRelay, startHttpRelay } from '../harness/relays/loopback-servers.ts';

const TEXT = 'Twelve chars, then some more';
const OUTPUT = Math.ceil(TEXT.length / 4);

/** Answers every POST …/responses with one message turn whose usage is `usage` (the builder's counts when undefined). */
async function usageRelay(usage?: unknown): Promise<RunningRelay> {
  return startHttpRelay((_req, res) => {
    const events = buildResponseEvents({ model: 'gpt-5.5', output: [{ type: 'message', text: TEXT }], seed: 'tokens', createdAt: 1_795_332_661, inputTokens: 1000, cachedTokens: 400 });
    const completed = events.at(-1)! as unknown as { response: Record<string, unknown> };
    if (usage !== undefined) completed.response.usage = usage;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(serializeSse(events));
  });
}

let outRoot: string;
beforeAll(async () => {
  outRoot = await mkdtemp(path.join(tmpdir(), 'relaycheck-tokens-'));
});
afterAll(() => rm(outRoot, { recursive: true, force: true }));

describe('the tokens a relay reported', () => {
  it('are summed over the run in report.json, the console, Markdown and HTML', async () => {
    const relay = await usageRelay();
    try {
      const out = path.join(outRoot, 'counted');
      const result = await runMain(['run', '--base-url', relay.baseUrl, '--case', 'turns.plain,turns.multi-turn', '--format', 'console,json,md,html', '--out', out]);
      expect(result.code).toBe(0);
      const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
      expect(validateReport(report).errors).toEqual([]);
      expect(report.cases.map((c: { tokens: unknown }) => c.tokens)).toEqual([{ input: 1000, cached: 400, output: OUTPUT }, { input: 1000, cached: 400, output: OUTPUT }]);
      expect(report.tokens).toEqual({ input: 2000, cached: 800, output: 2 * OUTPUT, cases: 2 });
      const line = `2,000 input (800 cached), ${2 * OUTPUT} output, reported by 2 cases`;
      expect(result.stdout).toContain(`Tokens the relay reported: ${line}\n`);
      expect(await readFile(path.join(out, 'report.md'), 'utf8')).toContain(`- **Tokens the relay reported:** ${line}\n`);
      expect(await readFile(path.join(out, 'report.html'), 'utf8')).toContain(`<dt>Tokens</dt><dd>${line}</dd>`);
    } finally {
      await relay.close();
    }
  });

  it('count every repeat of a repeated run', async () => {
    const relay = await usageRelay();
    try {
      const result = await runMain(['run', '--base-url', relay.baseUrl, '--case', 'turns.plain', '--repeat', '3', '--format', 'json', '--out', '-']);
      const report = JSON.parse(result.stdout);
      expect(report.tokens).toEqual({ input: 3000, cached: 1200, output: 3 * OUTPUT, cases: 1 });
      expect(report.cases[0].tokens).toEqual({ input: 3000, cached: 1200, output: 3 * OUTPUT });
    } finally {
      await relay.close();
    }
  });

  it.each([
    ['null usage', null],
    ['float counts', { input_tokens: 10.5, output_tokens: 2, total_tokens: 12.5 }],
    ['negative counts', { input_tokens: -5, output_tokens: 2, total_tokens: -3 }],
  ])('are absent when the relay reported none Codex could read (%s)', async (_name, usage) => {
    const relay = await usageRelay(usage);
    try {
      const result = await runMain(['run', '--base-url', relay.baseUrl, '--case', 'turns.plain', '--no-retries', '--format', 'console,json', '--out', '-']);
      const report = JSON.parse(result.stdout);
      expect(report.tokens).toBeUndefined();
      expect(report.cases[0].tokens).toBeUndefined();
      expect(result.stderr).not.toContain('Tokens');
    } finally {
      await relay.close();
    }
  });
});
