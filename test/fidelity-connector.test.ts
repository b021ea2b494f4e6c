// `relaycheck fidelity --sides chat` against a connector that serves Chat Completions to agents and
// translates to a Responses upstream (relaycheck's own), end to end over loopback: the upstream
// calls the agent's bash tool in Responses, the connector must bring it back as tool_calls.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fidelityRule } from '../harness/fidelity/finding-ids.ts';
import { freeLoopbackPort } from '../harness/relays/loopback-servers.ts';
import { type ConnectorBehaviour, startTranslatingConnector } from '../harness/fidelity/translating-connector.ts';
import { UNFAITHFUL_CONNECTORS } from '../harness/fidelity/unfaithful-connectors.ts';
import type { RunReport } from '../harness/report/model.ts';
import { runMain } from './helpers/run-main.ts';
import { nonEmpty } from './helpers/non-empty.ts';

let outRoot: string;
beforeAll(async () => {
  outRoot = await mkdtemp(path.join(tmpdir(), 'relaycheck-connector-'));
});
afterAll(() => rm(outRoot, { recursive: true, force: true }));

const readReport = async (out: string) => JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as RunReport;
const requiredIds = (report: RunReport) => [...new Set(report.fidelity!.findings.filter((f) => f.severity === 'required').map((f) => f.id))];

async function runAgainst(behaviour: ConnectorBehaviour, name: string) {
  const upstreamPort = await freeLoopbackPort();
  const connector = await startTranslatingConnector(`http://127.0.0.1:${upstreamPort}/v1`, behaviour);
  const out = path.join(outRoot, name);
  try {
    const result = await runMain(['fidelity', '--sides', 'chat', '--base-url', `${connector.url}/v1`, '--upstream-port', String(upstreamPort), '--out', out, '--format', 'console,json'], { env: {} });
    return { ...result, report: await readReport(out) };
  } finally {
    await connector.close();
  }
}

describe('relaycheck fidelity --sides chat against a chat→Responses translating connector', () => {
  it('exits 0 on the faithful connector; the tool call went through the Responses upstream and came back as tool_calls', async () => {
    const { code, report, stdout } = await runAgainst({}, 'faithful');
    expect(report.fidelity!.findings).toEqual([]);
    expect(code).toBe(0);
    expect(stdout).toContain('faithful: 5 case(s) passed through');
    const check = (caseId: string, id: string) => report.cases.find((c) => c.id === caseId)!.checks.find((c) => c.id === id);
    // Compared by meaning, so the request went out translated; the call itself was compared and passed.
    expect(check('chat-tool-call', 'fidelity.events-preserved')).toMatchObject({ status: 'pass' });
    // A reply that is a reasoning item alone reaches the agent as reasoning_content.
    expect(check('chat-reasoning-only', 'fidelity.events-preserved')).toMatchObject({ status: 'pass', message: "the upstream's answer text (0 chars) and reasoning summary (49 chars) reached the agent as content and reasoning_content" });
    expect(check('chat-tool-call', 'fidelity.tool-calls-returned')).toMatchObject({ status: 'pass' });
    // The reasoning item the upstream gave before its call went back with the call's result.
    expect(check('chat-tool-turn', 'fidelity.reasoning-round-trip')).toMatchObject({ status: 'pass', message: '1 reasoning item(s) arrived with their encrypted_content' });
    // The agent's settings were compared with their Responses counterparts, not skipped.
    expect(check('chat-plain', 'fidelity.request-fields-preserved')).toMatchObject({
      status: 'pass',
      message: '4 request field(s) arrived as their Responses counterparts (tool_choice, parallel_tool_calls, reasoning_effort, max_completion_tokens), none added; stream_options without a Responses counterpart, not compared',
    });
  });

  it('names a reasoning-only reply that reaches the agent empty', async () => {
    const { report } = await runAgainst({ dropSummaries: true }, 'drops-summaries-detail');
    const finding = report.fidelity!.findings.find((f) => f.caseId === 'chat-reasoning-only')!;
    expect(finding).toMatchObject({
      id: 'fidelity.events-preserved',
      message: 'translated from the Responses API: the reasoning summary did not reach the agent as reasoning_content: the agent got an empty answer',
      expected: { content: '', reasoning: 'The user asked for something; answering directly.' },
      received: { content: '', reasoning: '' },
    });
  });

  it('names each setting a connector leaves behind, as a recommended finding', async () => {
    const { report } = await runAgainst({ dropSettings: true }, 'drops-settings-detail');
    const finding = report.fidelity!.findings.find((f) => f.caseId === 'chat-plain' && f.id === 'fidelity.request-fields-preserved')!;
    expect(finding).toMatchObject({
      severity: 'recommended',
      message: 'request fields rewritten in translation: max_completion_tokens → max_output_tokens dropped, tool_choice dropped, parallel_tool_calls dropped, reasoning_effort → reasoning.effort dropped',
      expected: { max_output_tokens: 32000, tool_choice: 'auto', parallel_tool_calls: false, 'reasoning.effort': 'medium' },
      received: {},
    });
  });

  for (const connector of nonEmpty(UNFAITHFUL_CONNECTORS, 'unfaithful connectors')) {
    it(`exits 1 on a connector that ${connector.description}, naming ${connector.finding} and no other required finding`, async () => {
      const { code, report, stdout } = await runAgainst(connector.behaviour, connector.name);
      expect(code).toBe(1);
      expect(requiredIds(report)).toEqual(fidelityRule(connector.finding).severity === 'required' ? [connector.finding] : []);
      expect(report.fidelity!.findings.map((f) => f.id)).toContain(connector.finding);
      expect(stdout).toContain(connector.finding);
    });
  }

  it('starts the connector program with --relay-cmd: faithful exits 0, an unfaithful one exits 1 naming its finding', async () => {
    const cmd = (extra: string) => `"${process.execPath}" --import tsx harness/fidelity/serve-translating-connector.ts --upstream {upstream} --port {port}${extra}`;
    const faithful = await runMain(['fidelity', '--sides', 'chat', '--relay-cmd', cmd(''), '--out', path.join(outRoot, 'cmd-faithful'), '--format', 'json'], { env: {} });
    expect(faithful.code).toBe(0);
    const [unfaithful] = UNFAITHFUL_CONNECTORS;
    const out = path.join(outRoot, 'cmd-unfaithful');
    const named = await runMain(['fidelity', '--sides', 'chat', '--relay-cmd', cmd(` --unfaithful ${unfaithful!.name}`), '--out', out, '--format', 'json'], { env: {} });
    expect(named.code).toBe(1);
    expect(requiredIds(await readReport(out))).toEqual([unfaithful!.finding]);
  }, 90_000);
});
