// The chat suite against the simulated chat relays over loopback: the conforming one passes, each
// broken one fails exactly the chat checks it declares; and a chat run never moves the Codex verdict.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELAYS, startRelay, type RunningRelay } from '../harness/relays/catalogue.ts';
import { runConformance } from '../harness/run/runner.ts';
import { runSucceeded } from '../harness/run/verdict.ts';
import { CheckId } from '../harness/checks/ids.ts';
import { CHAT_SUITE_ID } from '../harness/run/suite.ts';
import { selectSuites } from '../suites/index.ts';
import { chatRequestBody } from '../harness/chat/agent-requests.ts';
import { runMain } from './helpers/run-main.ts';
import { curlReproducer, shellQuote } from '../harness/report/curl-reproducer.ts';
import { nonEmpty } from './helpers/non-empty.ts';

const KEY = 'sk-chat-relays-0123456789abcdef';
const CHAT_RELAYS = RELAYS.filter((r) => r.suites?.includes(CHAT_SUITE_ID));
const LIMITS = { deadlineMs: 30_000, idleTimeoutMs: 10_000 };

const running: RunningRelay[] = [];
const relay = async (name: string) => {
  const started = await startRelay(name, { apiKey: KEY });
  running.push(started);
  return started;
};
let out: string;
beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'relaycheck-chat-'));
});
afterAll(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
  await rm(out, { recursive: true, force: true });
});

describe('simulated chat relays', () => {
  it('are a conforming one and one broken relay per required chat check', () => {
    const required = [CheckId.chatStatusOk, CheckId.chatContentStreamed, CheckId.chatToolCallDeltas, CheckId.chatToolCallArguments, CheckId.chatFinishReason, CheckId.chatUsage, CheckId.chatDoneMarker, CheckId.chatErrorEnvelope];
    expect(CHAT_RELAYS.filter((r) => r.violates.length === 0).map((r) => r.name)).toEqual(['chat-reference']);
    expect(new Set(CHAT_RELAYS.map((r) => r.violates[0]).filter(Boolean))).toEqual(new Set(required));
  });

  it.each(nonEmpty(CHAT_RELAYS.map((r) => [r.name, r] as const), 'chat relays'))('%s fails exactly the chat checks it declares, with no Codex verdict', async (_name, entry) => {
    const { baseUrl } = await relay(entry.name);
    const report = await runConformance({ target: { baseUrl, apiKey: KEY }, suites: selectSuites([...entry.suites!]), limits: LIMITS });
    const failed = [...new Set(report.cases.flatMap((c) => c.checks.filter((check) => check.status === 'fail').map((check) => check.id)))].sort();
    expect(failed).toEqual([...entry.violates].sort());
    expect(report.verdict.codex).toBe('not-evaluated');
    expect(runSucceeded(report.verdict, report.summary)).toBe(entry.violates.length === 0);
    // A broken chat relay's required failure is named among the reasons.
    const requiredFault = entry.violates.find((id) => id.startsWith('chat.') && id !== CheckId.chatChunkSchema);
    if (requiredFault) expect(report.verdict.reasons.join('\n')).toContain(requiredFault);
  });
});

describe('relaycheck run --suite chat', () => {
  it('exits 0 on the conforming chat relay and writes a report of the chat cases', async () => {
    const { baseUrl } = await relay('chat-reference');
    const result = await runMain(['run', '--base-url', baseUrl, '--api-key', KEY, '--suite', 'chat', '--format', 'json', '--out', out]);
    expect(result.code).toBe(0);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as { cases: { id: string; status: string }[]; verdict: { codex: string } };
    expect(report.cases.map((c) => [c.id, c.status])).toEqual([
      ['chat.plain', 'pass'],
      ['chat.tool-call', 'pass'],
      ['chat.after-tool-call', 'pass'],
      ['chat.malformed-request', 'pass'],
    ]);
    expect(report.verdict.codex).toBe('not-evaluated');
  });

  it('exits 1 on a relay without [DONE], naming chat.done-marker', async () => {
    const { baseUrl } = await relay('chat-no-done');
    const result = await runMain(['run', '--base-url', baseUrl, '--api-key', KEY, '--suite', 'chat', '--format', 'console', '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain(CheckId.chatDoneMarker);
  });

  it('with a Codex suite beside it, a broken chat side leaves the Codex verdict compatible', async () => {
    const { baseUrl } = await relay('chat-finish-reason-stop');
    const report = await runConformance({ target: { baseUrl, apiKey: KEY }, suites: selectSuites(['turns', 'chat']), limits: LIMITS });
    expect(report.cases.find((c) => c.id === 'chat.tool-call')!.status).toBe('fail');
    expect(report.verdict.codex).toBe('compatible');
    expect(report.verdict.reasons).toEqual([expect.stringMatching(/^chat\.tool-call: chat\.finish-reason: finish_reason is "stop" after tool calls/)]);
  });
});

describe('the curl reproducer of a chat case', () => {
  it('posts the agent’s chat request inline to /chat/completions, the key from the environment', async () => {
    const { baseUrl } = await relay('chat-no-done');
    const report = await runConformance({ target: { baseUrl, apiKey: KEY }, suites: selectSuites(['chat']), limits: LIMITS });
    const failed = report.cases.find((c) => c.id === 'chat.tool-call')!;
    const command = curlReproducer(report, failed)!.join('\n');
    expect(command).toContain(`'${baseUrl}/chat/completions'`);
    expect(command).toContain(`--data-binary ${shellQuote(JSON.stringify(chatRequestBody('tool-call', 'gpt-5.5')))}`);
    expect(command).toContain('Authorization: Bearer $RELAY_API_KEY');
    expect(command).not.toContain(KEY);
  });
});

describe('the reference chat endpoint refuses what the API refuses', () => {
  it('a Responses-style function tool in a chat request gets 400 missing_required_parameter tools[0].function', async () => {
    const { baseUrl } = await relay('chat-reference');
    const body = { ...chatRequestBody('plain', 'gpt-5.5'), tools: [{ type: 'function', name: 'bash', parameters: { type: 'object' } }] };
    const res = await fetch(`${baseUrl}/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { message: "Missing required parameter: 'tools[0].function'.", type: 'invalid_request_error', code: 'missing_required_parameter', param: 'tools[0].function' } });
  });
});
