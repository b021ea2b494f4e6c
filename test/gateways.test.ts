// Real gateways nobody here wrote, as relays in front of relaycheck's reference upstream: installed
// from the npm registry into .cache/gateways/ (pinned), started on loopback only, and run through
// `fidelity --relay-cmd` and `run`. What each does is recorded in docs/fidelity.md; these tests
// hold the record to the gateway. `npm run test:gateways` (vitest.gateways.config.ts), not npm test.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../harness/package/package-root.ts';
import { type Gateway, LLMOPS_GATEWAY, PORTKEY_GATEWAY, ensureGateway, gatewayRelayCommand } from '../harness/gateways/gateways.ts';
import { startReferenceUpstream } from '../harness/fidelity/reference-upstream.ts';
import { startRelayProcess } from '../harness/fidelity/relay-process.ts';
import { freeLoopbackPort } from '../harness/relays/loopback-servers.ts';
import type { RunReport } from '../harness/report/model.ts';
import { runMain } from './helpers/run-main.ts';

const KEY = 'sk-gateway-test-key-0a1b2c3d4e5f';
const env = { GATEWAY_TEST_KEY: KEY };
let outRoot: string;
let portkey: string;
let llmops: string;

beforeAll(async () => {
  outRoot = await mkdtemp(path.join(tmpdir(), 'relaycheck-gateways-'));
  portkey = await ensureGateway(PORTKEY_GATEWAY);
  llmops = await ensureGateway(LLMOPS_GATEWAY);
}, 600_000);
afterAll(() => rm(outRoot, { recursive: true, force: true }));

const headerFlags = (headers: Record<string, string>) => Object.entries(headers).flatMap(([name, value]) => ['--header', `${name}: ${value}`]);

it('keeps a gateway on loopback: a connection to any other host is refused before it is looked up', async () => {
  const guard = path.join(PACKAGE_ROOT, 'harness', 'gateways', 'loopback-only.mjs');
  const script = "require('node:net').connect(443, 'example.com').on('error', (e) => { console.log(e.message); process.exit(3); })";
  const run = promisify(execFile)(process.execPath, ['--import', guard, '-e', script]).catch((error: { code: number; stdout: string; stderr: string }) => error);
  const { code, stdout, stderr } = (await run) as { code: number; stdout: string; stderr: string };
  expect(code).toBe(3);
  expect(stdout.trim()).toBe('loopback-only: example.com is not loopback');
  expect(stderr).toContain('loopback-only: refused example.com:443');
});

/** `fidelity --relay-cmd` through the gateway, both sides, the client's key given. */
async function fidelityThrough(gateway: Gateway, prefix: string, name: string) {
  const upstreamPort = await freeLoopbackPort();
  const out = path.join(outRoot, name);
  const headers = gateway.clientHeaders(`http://127.0.0.1:${upstreamPort}/v1`);
  const args = ['fidelity', '--relay-cmd', gatewayRelayCommand(gateway, prefix), '--upstream-port', String(upstreamPort), ...headerFlags(headers), '--api-key-env', 'GATEWAY_TEST_KEY', '--sides', 'responses,chat', '--out', out, '--relay-wait-ms', '60000'];
  const { code, stdout } = await runMain(args, { env });
  const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as RunReport;
  const findings = report.fidelity!.findings;
  const byId = (id: string) => [...new Set(findings.filter((f) => f.id === id).map((f) => f.caseId))].sort();
  const responsesCases = report.cases.filter((c) => !c.id.startsWith('chat-')).map((c) => c.id).sort();
  return { code, stdout, out, report, findings, byId, responsesCases };
}

/** `run --suite chat` through the gateway in front of the reference relay's handlers. */
async function runChatSuiteThrough(gateway: Gateway, prefix: string, name: string) {
  const upstream = await startReferenceUpstream();
  const relay = await startRelayProcess(gatewayRelayCommand(gateway, prefix), upstream.url, { waitMs: 60_000 });
  try {
    const out = path.join(outRoot, name);
    const args = ['run', '--base-url', `http://127.0.0.1:${relay.port}/v1`, '--suite', 'chat', ...headerFlags(gateway.clientHeaders(upstream.url)), '--api-key-env', 'GATEWAY_TEST_KEY', '--out', out, '--format', 'json'];
    const { code } = await runMain(args, { env });
    return { code, report: JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as RunReport };
  } finally {
    await relay.stop();
    await upstream.close();
  }
}

/** Faithful where it counts: tools, input, messages, instructions, model, one call, reasoning. */
const FAITHFUL_IN = ['fidelity.tools-preserved', 'fidelity.no-injected-input', 'fidelity.instructions-preserved', 'fidelity.model-preserved', 'fidelity.single-upstream-call', 'fidelity.reasoning-round-trip'];

describe(`${LLMOPS_GATEWAY.name} ${LLMOPS_GATEWAY.version}`, () => {
  it('fidelity: no required finding on either side; it forwards the client key, drops client_metadata and the session headers, adds "provider" to a JSON body', async () => {
    const { code, stdout, report, findings, byId, responsesCases } = await fidelityThrough(LLMOPS_GATEWAY, llmops, 'llmops-fidelity');
    expect(code).toBe(1);
    expect(report.cases.map((c) => c.http?.status)).toEqual(report.cases.map(() => 200));
    expect(findings.filter((f) => f.severity === 'required')).toEqual([]);
    for (const id of FAITHFUL_IN) expect(byId(id), id).toEqual([]);
    expect(byId('fidelity.client-key-not-forwarded')).toEqual(report.cases.map((c) => c.id).sort());
    expect(byId('fidelity.session-headers-forwarded')).toEqual(responsesCases);
    expect(byId('fidelity.request-fields-preserved')).toEqual(responsesCases);
    expect(findings.find((f) => f.id === 'fidelity.request-fields-preserved')!.message).toBe('request fields rewritten: client_metadata dropped');
    expect(byId('fidelity.events-preserved')).toEqual(['plain-turn-json']);
    expect(stdout).toMatch(/^not faithful: 0 required finding\(s\), \d+ recommended/m);
  });

  it('run --suite chat: streams the plain answer, the tool call and the follow-up correctly, but answers a malformed body HTTP 500', async () => {
    const { code, report } = await runChatSuiteThrough(LLMOPS_GATEWAY, llmops, 'llmops-run');
    const failing = (c: RunReport['cases'][number]) => c.checks.filter((check) => check.status !== 'pass' && check.status !== 'skip').map((check) => `${check.id}: ${check.message}`);
    expect(report.cases.map((c) => [c.id, c.status, failing(c)])).toEqual([
      ['chat.plain', 'pass', []],
      ['chat.tool-call', 'pass', []],
      ['chat.after-tool-call', 'pass', []],
      ['chat.malformed-request', 'fail', ['chat.error-envelope: a malformed chat request got HTTP 500', 'errors.envelope: a malformed request got HTTP 500']],
    ]);
    expect(code).toBe(1);
  });
});

describe(`${PORTKEY_GATEWAY.name} ${PORTKEY_GATEWAY.version}`, () => {
  it('fidelity: forwards both sides unchanged but answers every streamed request HTTP 500, forwards the client key, drops client_metadata and the session headers', async () => {
    const { code, stdout, out, report, findings, byId, responsesCases } = await fidelityThrough(PORTKEY_GATEWAY, portkey, 'portkey-fidelity');
    expect(code).toBe(1);
    // Measured: every streamed case (both sides) gets HTTP 500 ("immutable" headers in its stream
    // path under Node 20), the one stream:false case HTTP 200.
    const streamed = report.cases.filter((c) => c.id !== 'plain-turn-json');
    expect(streamed.map((c) => c.http?.status)).toEqual(streamed.map(() => 500));
    expect(report.cases.find((c) => c.id === 'plain-turn-json')!.http?.status).toBe(200);
    // The required findings are those of the 500s alone: the paced streams never arrive, nor do the tool calls.
    expect([...new Set(findings.filter((f) => f.severity === 'required').map((f) => f.id))].sort()).toEqual(['fidelity.stream-not-buffered', 'fidelity.tool-calls-returned']);
    expect(byId('fidelity.stream-not-buffered')).toEqual(['chat-plain', 'plain-turn']);
    expect(byId('fidelity.tool-calls-returned')).toEqual(['apply-patch', 'chat-tool-call', 'function-call']);
    // What it forwards, it forwards faithfully.
    for (const id of FAITHFUL_IN) expect(byId(id), id).toEqual([]);
    expect(byId('fidelity.client-key-not-forwarded')).toEqual(report.cases.map((c) => c.id).sort());
    expect(byId('fidelity.session-headers-forwarded')).toEqual(responsesCases);
    expect(byId('fidelity.request-fields-preserved')).toEqual(responsesCases);
    expect(findings.find((f) => f.id === 'fidelity.request-fields-preserved')!.message).toBe('request fields rewritten: client_metadata dropped');
    expect(stdout).toMatch(/^not faithful: 5 required finding\(s\)/m);
    expect(await readFile(path.join(out, 'report.md'), 'utf8')).not.toContain(KEY);
  });

  it('run --suite chat: the streamed chat cases fail on its HTTP 500', async () => {
    const { code, report } = await runChatSuiteThrough(PORTKEY_GATEWAY, portkey, 'portkey-run');
    expect(code).toBe(1);
    const streamedCases = report.cases.filter((c) => c.id !== 'chat.malformed-request');
    expect(streamedCases.map((c) => [c.id, c.status, c.http?.status])).toEqual(streamedCases.map((c) => [c.id, 'fail', 500]));
  });
});
