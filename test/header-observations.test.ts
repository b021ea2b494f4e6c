// Response headers Codex reads, end to end over loopback: the run's report.headers (what the relay
// sent, on how many answers, what Codex does with it), the recommended check for a rerouted model,
// and the same observations in the console, Markdown and HTML reports, escaped.
import { afterEach, describe, expect, it } from 'vitest';
import { runConformance } from '../harness/run/runner.ts';
import { startRelay } from '../harness/relays/catalogue.ts';
import { referenceHandlers } from '../harness/relays/reference-relay.ts';
import { sendsHeaders } from '../harness/relays/header-faults.ts';
import { serveHandlers } from '../harness/relays/serve-handlers.ts';
import { CheckId } from '../harness/checks/ids.ts';
import { createConsoleReporter } from '../harness/report/console-reporter.ts';
import { renderMarkdown } from '../harness/report/render-markdown.ts';
import { renderHtml } from '../harness/report/render-html.ts';
import { validateReport } from '../harness/report/validate-report.ts';
import { turnsSuite } from '../suites/turns.ts';
import { websocketSuite } from '../suites/websocket.ts';
import { websocketUpgrade } from '../harness/relays/websocket-relay.ts';
import type { RunReport } from '../harness/report/model.ts';

const KEY = 'sk-test-headers-0123456789';
const running: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

const plainTurns = { ...turnsSuite, cases: turnsSuite.cases.filter((c) => c.id === 'turns.plain' || c.id === 'turns.after-tool-call') };

async function run(baseUrl: string, console?: { write(chunk: string): unknown }): Promise<RunReport> {
  return runConformance({ target: { baseUrl, apiKey: KEY, model: 'gpt-5.5' }, suites: [plainTurns], limits: { deadlineMs: 20_000, idleTimeoutMs: 10_000 }, ...(console && { listener: createConsoleReporter({ stream: console, color: false, env: {} }) }) });
}

async function relayNamed(name: string) {
  const relay = await startRelay(name);
  running.push(relay);
  return relay.baseUrl;
}

describe('response headers Codex reads', () => {
  it('the reference relay: openai-model names the requested model, so nothing is observed', async () => {
    const report = await run(await relayNamed('reference'));
    expect(report.headers).toBeUndefined();
    expect(report.cases.flatMap((c) => c.checks.filter((k) => k.id === CheckId.modelNotRerouted).map((k) => k.status))).toEqual(['pass', 'pass']);
  });

  it('a rerouted model: the recommended check fails on every answer, the verdict stays compatible, the header is reported with what Codex does', async () => {
    const report = await run(await relayNamed('model-rerouted'));
    expect(report.verdict.codex).toBe('compatible');
    expect(report.cases.flatMap((c) => c.checks.filter((k) => k.status === 'fail').map((k) => `${c.id}:${k.id}:${k.severity}`))).toEqual([
      'turns.plain:headers.model-not-rerouted:recommended',
      'turns.after-tool-call:headers.model-not-rerouted:recommended',
    ]);
    expect(report.headers).toEqual([{ name: 'openai-model', value: 'gpt-4o-mini', effect: 'warns-model-rerouted', answers: 2, cases: ['turns.plain', 'turns.after-tool-call'] }]);
    expect(validateReport(report)).toEqual({ valid: true, errors: [] });
  });

  it('each header family with its measured effect, and no check failed for them', async () => {
    const rate = await run(await relayNamed('rate-limit-reached-header'));
    expect(rate.headers?.map((o) => [o.name, o.value, o.effect])).toEqual([
      ['x-codex-primary-reset-after-seconds', '600', 'none-observed'],
      ['x-codex-primary-used-percent', '100', 'none-observed'],
      ['x-codex-primary-window-minutes', '300', 'none-observed'],
      ['x-codex-rate-limit-reached-type', 'rate_limit_reached', 'none-observed'],
    ]);
    const etag = await run(await relayNamed('models-etag-header'));
    expect(etag.headers?.map((o) => [o.name, o.effect])).toEqual([['x-models-etag', 'refetches-model-catalog']]);
    const turnState = await run(await relayNamed('turn-state-header'));
    expect(turnState.headers?.map((o) => [o.name, o.effect])).toEqual([['x-codex-turn-state', 'sent-back-in-turn']]);
    for (const report of [rate, etag, turnState]) expect(report.cases.flatMap((c) => c.checks.filter((k) => k.status === 'fail').map((k) => k.id))).toEqual([]);
  });

  it('shows the observations in the console, Markdown and HTML reports, the relay\'s value escaped', async () => {
    const served = await serveHandlers(referenceHandlers({}, sendsHeaders({ 'openai-model': '<b>*x*</b>', 'x-codex-turn-state': 'state-1' })));
    running.push(served);
    let consoleText = '';
    const report = await run(`${served.url}/v1`, { write: (chunk: string) => (consoleText += chunk) });
    expect(report.headers?.map((o) => o.name)).toEqual(['openai-model', 'x-codex-turn-state']);
    expect(consoleText).toContain('Response headers Codex reads:\n  - openai-model: "<b>*x*</b>" on 2 answers: Codex warns on every turn that the model was rerouted');
    expect(consoleText).toContain('  - x-codex-turn-state: "state-1" on 2 answers: Codex sends it back');
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('- **Response headers Codex reads:**\n  - openai-model: "\\<b\\>\\*x\\*\\</b\\>" on 2 answers');
    const html = renderHtml(report);
    expect(html).toContain('<dt>Response headers Codex reads</dt><dd><ul><li>openai-model: &quot;&lt;b&gt;*x*&lt;/b&gt;&quot; on 2 answers');
    expect(html).not.toContain('<b>*x*</b>');
  });

  it('a relay that echoes the key in a header Codex reads: the observation keeps it redacted', async () => {
    const served = await serveHandlers(referenceHandlers({}, sendsHeaders({ 'x-codex-turn-state': `state-for-${KEY}` })));
    running.push(served);
    const report = await run(`${served.url}/v1`);
    expect(report.headers?.map((o) => o.name)).toEqual(['x-codex-turn-state']);
    expect(report.headers![0]!.value).toMatch(/^state-for-/);
    expect(JSON.stringify(report)).not.toContain(KEY);
    expect(renderMarkdown(report) + renderHtml(report)).not.toContain(KEY);
  });

  it('x-codex-websocket-max-message-bytes on the upgrade\'s 101 is reported with what 0.171.0 does with it', async () => {
    const served = await serveHandlers(referenceHandlers({}), { upgrade: websocketUpgrade({}, { announcesMaxMessageBytes: 20_000 }) });
    running.push(served);
    const handshake = { ...websocketSuite, cases: websocketSuite.cases.filter((c) => c.id === 'websocket.handshake') };
    const report = await runConformance({ target: { baseUrl: `${served.url}/v1`, apiKey: KEY, model: 'gpt-5.5' }, suites: [handshake], limits: { deadlineMs: 20_000, idleTimeoutMs: 10_000 } });
    expect(report.cases.map((c) => `${c.id}:${c.http?.status}`)).toEqual(['websocket.handshake:101']);
    expect(report.headers).toEqual([{ name: 'x-codex-websocket-max-message-bytes', value: '20000', effect: 'moves-large-frames-to-https', answers: 1, cases: ['websocket.handshake'] }]);
    expect(validateReport(report)).toEqual({ valid: true, errors: [] });
  });
});
