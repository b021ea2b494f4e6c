// The compaction suite against the reference relay and the relays that break compaction: each fault
// fails its named check, and the checks are required exactly on the path the user's Codex takes.
import { afterEach, describe, expect, it } from 'vitest';
import { runConformance } from '../harness/run/runner.ts';
import { startRelay, type RunningRelay } from '../harness/relays/catalogue.ts';
import { referenceHandlers, type ResponsesFault } from '../harness/relays/reference-relay.ts';
import type { ResponseStreamEvent } from '../harness/relays/stream-builder.ts';
import { isRecord } from '../harness/checks/check.ts';
import { serveHandlers } from '../harness/relays/serve-handlers.ts';
import { CheckId } from '../harness/checks/ids.ts';
import { compactionPathFor, type CompactionPath } from '../harness/codex/compaction-path.ts';
import type { RunReport } from '../harness/report/model.ts';
import { ALL_SUITES, selectSuites } from '../suites/index.ts';
import { compactionSuite } from '../suites/compaction.ts';

const KEY = 'sk-test-compaction-0123456789';
const LIMITS = { deadlineMs: 20_000, idleTimeoutMs: 10_000 };
const running: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

async function relay(name: string): Promise<RunningRelay> {
  const started = await startRelay(name);
  running.push(started);
  return started;
}

async function run(baseUrl: string, compactionPath?: CompactionPath): Promise<RunReport> {
  return runConformance({ target: { baseUrl, apiKey: KEY }, suites: [compactionSuite], limits: LIMITS, ...(compactionPath && { compactionPath }) });
}

const failedChecks = (report: RunReport) => report.cases.flatMap((c) => c.checks.filter((k) => k.status === 'fail').map((k) => `${c.id}:${k.id}:${k.severity}`));
const checkOf = (report: RunReport, caseId: string) => report.cases.find((c) => c.id === caseId)!.checks[0]!;

describe('compaction suite', () => {
  it('passes on the reference relay, on either path', async () => {
    const { baseUrl } = await relay('reference');
    for (const path of [undefined, 'remote', 'local'] as const) {
      const report = await run(baseUrl, path);
      expect(failedChecks(report), String(path)).toEqual([]);
      expect(report.cases.map((c) => c.status)).toEqual(['pass', 'pass', 'pass']);
      expect(report.verdict.codex).toBe(path ? 'compatible' : 'not-evaluated');
    }
  });

  it.each([
    ['compaction-answered-with-text', 'compaction.remote', CheckId.compactionRemoteItem, /got 0 compaction items from 1 output item\(s\) \(message\)/],
    ['compaction-trigger-404', 'compaction.remote', CheckId.compactionRemoteItem, /refused it \(HTTP 404/],
    ['compaction-item-refused', 'compaction.after-remote', CheckId.compactionItemAccepted, /refused it \(HTTP 400: .*Invalid value: 'compaction'/],
  ])('%s fails %s with %s, required when the provider compacts remotely', async (name, caseId, checkId, message) => {
    const { baseUrl } = await relay(name);
    const remote = await run(baseUrl, 'remote');
    expect(failedChecks(remote)).toEqual([`${caseId}:${checkId}:required`]);
    expect(checkOf(remote, caseId).message).toMatch(message);
    expect(remote.verdict.codex).not.toBe('compatible');
    // A provider that compacts locally never sends these requests: recommended, and the verdict stands.
    const local = await run(baseUrl, 'local');
    expect(failedChecks(local)).toEqual([`${caseId}:${checkId}:recommended`]);
    expect(local.verdict.codex).toBe('compatible');
  });

  it('compaction-summary-refused fails compaction.local-summary, required when the provider compacts locally, and nothing else', async () => {
    const { baseUrl } = await relay('compaction-summary-refused');
    const local = await run(baseUrl, 'local');
    expect(failedChecks(local)).toEqual([`compaction.local:${CheckId.compactionLocalSummary}:required`]);
    expect(checkOf(local, 'compaction.local').message).toMatch(/refused it \(HTTP 400: .*Invalid 'tools': empty array/);
    expect(local.verdict.codex).not.toBe('compatible');
    expect(failedChecks(await run(baseUrl, 'remote'))).toEqual([`compaction.local:${CheckId.compactionLocalSummary}:recommended`]);
  });

  it('a remote-compaction failure skips the follow-up check: there is no item of the relay to send back', async () => {
    const { baseUrl } = await relay('compaction-answered-with-text');
    expect(checkOf(await run(baseUrl, 'remote'), 'compaction.after-remote')).toMatchObject({ status: 'skip', message: expect.stringMatching(/no compaction item/) });
  });

  it('a summary request answered without text fails compaction.local-summary, required on the local path', async () => {
    const served = await serveHandlers(referenceHandlers({}, { reply: (reply) => (reply.type === 'message' ? { type: 'message', text: '' } : reply) }));
    running.push(served);
    const report = await run(`${served.url}/v1`, 'local');
    expect(failedChecks(report)).toEqual([`compaction.local:${CheckId.compactionLocalSummary}:required`]);
    expect(checkOf(report, 'compaction.local').message).toMatch(/no assistant text/);
  });

  it('a compaction item without a string encrypted_content is no compaction item to Codex', async () => {
    const served = await serveHandlers(referenceHandlers({}, { reply: (reply) => (reply.type === 'compaction' ? { type: 'compaction', encrypted_content: 42 as unknown as string } : reply) }));
    running.push(served);
    expect(checkOf(await run(`${served.url}/v1`, 'remote'), 'compaction.remote')).toMatchObject({ status: 'fail', message: expect.stringMatching(/no string encrypted_content/) });
  });
});

describe('which compaction path a provider takes (measured on 0.169.0 and 0.171.0)', () => {
  it.each([
    ['OpenAI', 'remote'],
    ['Azure', 'remote'],
    ['azure', 'remote'],
    ['openai', 'local'],
    ['relaycheck', 'local'],
    [undefined, 'local'],
  ] as const)('a provider named %s compacts %s', (name, path) => {
    expect(compactionPathFor(name)).toBe(path);
  });

  it('the suite is opt-in: a run without --suite adds it only when the provider is known', () => {
    expect(selectSuites().map((s) => s.id)).toEqual(ALL_SUITES.map((s) => s.id));
    expect(selectSuites(undefined, ['compaction']).map((s) => s.id)).toEqual([...ALL_SUITES.map((s) => s.id), 'compaction']);
    expect(selectSuites(['compaction']).map((s) => s.id)).toEqual(['compaction']);
  });
});

describe('compaction.remote-item reads items the way Codex does', () => {
  const served = async (fault: ResponsesFault) => {
    const s = await serveHandlers(referenceHandlers({}, fault));
    running.push(s);
    return `${s.url}/v1`;
  };
  const isCompaction = (event: ResponseStreamEvent) => isRecord(event.item) && event.item.type === 'compaction';
  const retyped = (type: string): ResponsesFault => ({
    stream: (plan) => ({ ...plan, events: plan.events.map((e) => (isCompaction(e) ? { ...e, item: { ...(e.item as object), type } } : e)) }),
  });

  it('takes the compaction_summary alias, not context_compaction (measured)', async () => {
    expect(checkOf(await run(await served(retyped('compaction_summary')), 'remote'), 'compaction.remote').status).toBe('pass');
    expect(checkOf(await run(await served(retyped('context_compaction')), 'remote'), 'compaction.remote')).toMatchObject({ status: 'fail', message: expect.stringMatching(/got 0 compaction items from 1 output item\(s\) \(context_compaction\)/) });
  });

  it('does not count an item that only response.completed carries: Codex reads output_item.done', async () => {
    const onlyInCompleted: ResponsesFault = { stream: (plan) => ({ ...plan, events: plan.events.filter((e) => !isCompaction(e)) }) };
    expect(checkOf(await run(await served(onlyInCompleted), 'remote'), 'compaction.remote')).toMatchObject({ status: 'fail', message: expect.stringMatching(/got 0 compaction items from 0 output item/) });
  });
});
