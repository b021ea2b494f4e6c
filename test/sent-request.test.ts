// report.json records what each case sent, so the reproducer needs nothing but the report: the
// fixture and model of a fixture's body, any other body whole, bounded and redacted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sentRequest } from '../harness/run/sent-request.ts';
import { RESULT_BOUNDS, boundReportCases } from '../harness/bounds/result-bounds.ts';
import { startRelay, type RunningRelay } from '../harness/relays/catalogue.ts';
import { runConformance } from '../harness/run/runner.ts';
import { selectSuites } from '../suites/index.ts';
import { curlReproducer, shellQuote } from '../harness/report/curl-reproducer.ts';
import { loadReport } from './data/reports/canned.ts';

const KEY = 'sk-sent-request-0123456789abcdef';
const LIMITS = { deadlineMs: 30_000, idleTimeoutMs: 10_000 };

describe('sentRequest', () => {
  it('a fixture case records its fixture and model, not the body a checkout already holds', () => {
    expect(sentRequest({ fixture: 'plain-turn-gpt-5.5' }, JSON.stringify({ model: 'gpt-5.5', input: [] }))).toEqual({ fixture: 'plain-turn-gpt-5.5', model: 'gpt-5.5' });
  });

  it('a raw body or a chat request is recorded whole', () => {
    expect(sentRequest({ fixture: 'plain-turn-gpt-5.5', rawBody: '{"model":' }, '{"model":')).toEqual({ body: '{"model":' });
    const chat = JSON.stringify({ model: 'm', messages: [] });
    expect(sentRequest({ chatRequest: 'plain' }, chat)).toEqual({ model: 'm', body: chat });
  });

  it('is bounded: a body over the bound is left out, never cut, and a model name is capped', () => {
    const long = JSON.stringify({ model: 'x'.repeat(1_000), pad: 'y'.repeat(RESULT_BOUNDS.sentBodyChars) });
    const sent = sentRequest({ rawBody: long }, long);
    expect(sent.body).toBeUndefined();
    expect(sent.model).toBe(`${'x'.repeat(RESULT_BOUNDS.modelChars)}…`);
  });

  it('a report over its transcript budget drops the recorded bodies, which count toward it', () => {
    const report = loadReport('mixed-failures-with-error');
    const cases = Array.from({ length: 200 }, (_, i) => {
      const c = structuredClone(report.cases[0]!);
      c.id = `c${i}`;
      c.transcript!.request.body = 'b'.repeat(RESULT_BOUNDS.sentBodyChars);
      return c;
    });
    boundReportCases(cases);
    expect(cases[0]!.transcript!.request.body).toHaveLength(RESULT_BOUNDS.sentBodyChars);
    expect(cases.at(-1)!.transcript!.request.body).toBeUndefined();
  });
});

describe('a run records what it sent', () => {
  let relay: RunningRelay;
  beforeAll(async () => {
    relay = await startRelay('reference', { apiKey: KEY });
  });
  afterAll(() => relay.close());

  it('with secrets redacted from the recorded body, and the reproducer built from the report alone', async () => {
    // A value the user marked secret that the chat request's body carries (its system prompt).
    const secret = "running in the user's terminal";
    const report = await runConformance({ target: { baseUrl: relay.baseUrl, apiKey: KEY }, suites: selectSuites(['turns', 'chat']), limits: LIMITS, secrets: [secret] });
    const plain = report.cases.find((c) => c.id === 'turns.plain')!;
    expect(plain.transcript!.request).toMatchObject({ fixture: 'plain-turn-gpt-5.5', model: 'gpt-5.5' });
    expect(plain.transcript!.request.body).toBeUndefined();
    const chat = report.cases.find((c) => c.id === 'chat.plain')!;
    const body = chat.transcript!.request.body!;
    expect(JSON.parse(body)).toMatchObject({ model: 'gpt-5.5', stream: true });
    expect(body).toContain('[REDACTED]');
    expect(JSON.stringify(report)).not.toContain(secret);
    expect(JSON.stringify(report)).not.toContain(KEY);
    expect(report.suites).toEqual([{ id: 'turns', title: 'Conversation turns' }, { id: 'chat', title: 'Chat Completions for other agents' }]);
    const curl = curlReproducer(report, chat)!.join('\n');
    expect(curl).toContain(`--data-binary ${shellQuote(body)}`);
    expect(curl).not.toContain(KEY);
  });
});
