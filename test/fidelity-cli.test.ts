// `relaycheck fidelity` end to end, in-process through main(): the reference upstream it serves,
// simulated relays forwarding to it on loopback. The relays unfaithful in one way each are in
// fidelity-unfaithful.test.ts, so the two files run side by side.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startForwardingRelay } from '../harness/fidelity/forwarding-relay.ts';
import { UNFAITHFUL_RELAYS } from '../harness/fidelity/unfaithful-relays.ts';
import { freeLoopbackPort } from '../harness/relays/loopback-servers.ts';
import type { RunReport } from '../harness/report/model.ts';
import { fidelityEnv, fidelityRuns, findingIds } from './helpers/fidelity-runs.ts';
import { runMain } from './helpers/run-main.ts';

const env = fidelityEnv;
const { runAgainst, outRoot } = fidelityRuns();

describe('relaycheck fidelity against simulated relays', () => {
  it('exits 0 on a faithful pass-through relay, both sides, every case passing and nothing found; the headline says so everywhere', async () => {
    const { code, stdout, report, out } = await runAgainst({}, 'faithful', ['--sides', 'responses,chat']);
    expect(code).toBe(0);
    expect(report.fidelity!.findings).toEqual([]);
    expect(report.fidelity!).toMatchObject({ verdict: 'faithful', requiredFindings: 0, unansweredCases: 0, sides: ['responses', 'chat'] });
    expect(report.fidelity!.upstreamUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(report.cases.map((c) => c.status).every((s) => s === 'pass')).toBe(true);
    expect(report.cases.map((c) => c.id)).toEqual(expect.arrayContaining(['plain-turn', 'chat-plain', 'chat-tool-call', 'chat-after-tool-call', 'chat-tool-turn']));
    // The chat tool call really was made upstream and came back: the comparison ran, it was not skipped.
    expect(report.cases.find((c) => c.id === 'chat-tool-call')!.checks.find((c) => c.id === 'fidelity.tool-calls-returned')!.status).toBe('pass');
    expect(report.cases.find((c) => c.id === 'chat-plain')!.checks.find((c) => c.id === 'fidelity.stream-not-buffered')!.status).toBe('pass');
    expect(stdout).toMatch(/^faithful: 14 case\(s\) .* \(sides tested: responses, chat\)$/m);
    const md = await readFile(path.join(out, 'report.md'), 'utf8');
    expect(md.split('\n')[0]).toBe('# ✅ Fidelity: faithful');
    expect(md).toContain('- **Sides tested:** responses, chat');
    expect(md).not.toContain('Codex verdict');
    expect(md).toContain('## Fidelity: faithful');
    const html = await readFile(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain('<h1>Fidelity: <span class="word">faithful</span></h1>');
    expect(html).toContain('<h2 id="fidelity">Fidelity: faithful</h2>');
    expect(await readFile(path.join(out, 'junit.xml'), 'utf8')).toContain('name="relaycheck.fidelity-verdict" value="faithful"');
  });

  it('finds a relay that gzips its answers, streamed or not, faithful: the client decodes as Codex does', async () => {
    const { code, report } = await runAgainst({ gzip: true }, 'gzip', ['--format', 'json']);
    expect(findingIds(report)).toEqual([]);
    expect(code).toBe(0);
  });

  it('names a relay that buffers on the chat side too (its paced chat stream)', async () => {
    const buffers = UNFAITHFUL_RELAYS.find((r) => r.name === 'buffers-stream')!;
    const { code, report } = await runAgainst(buffers.behaviour, 'chat-buffers', ['--sides', 'chat', '--format', 'json']);
    expect(code).toBe(1);
    expect(report.fidelity!.findings.filter((f) => f.severity === 'required').map((f) => [f.id, f.caseId])).toEqual([[buffers.finding, 'chat-plain']]);
  });

  it('prints report.json alone on stdout with --out -, the lines for people on stderr', async () => {
    const upstreamPort = await freeLoopbackPort();
    const relay = await startForwardingRelay(`http://127.0.0.1:${upstreamPort}/v1`);
    try {
      const { code, stdout, stderr } = await runMain(['fidelity', '--base-url', `${relay.url}/v1`, '--upstream-port', String(upstreamPort), '--out', '-', '--format', 'console,json'], { env });
      expect(code).toBe(0);
      expect((JSON.parse(stdout) as RunReport).fidelity!.findings).toEqual([]);
      expect(stderr).toMatch(/^faithful: 9 case\(s\)/m);
    } finally {
      await relay.close();
    }
  });

  it('holds the relay to its documented model mapping (--model-map)', async () => {
    const swaps = UNFAITHFUL_RELAYS.find((r) => r.name === 'swaps-model')!;
    const mapped = await runAgainst(swaps.behaviour, 'mapped', ['--model', 'gpt-5.5', '--model-map', 'gpt-5.5=gpt-4.1', '--format', 'json']);
    expect(mapped.code).toBe(0);
    expect(findingIds(mapped.report)).toEqual([]);
  });
});

describe('relaycheck fidelity --relay-cmd', () => {
  const relayCmd = (extra = '') => `"${process.execPath}" --import tsx harness/fidelity/serve-forwarding-relay.ts --upstream {upstream} --port {port}${extra}`;

  it('starts the relay with {upstream} and {port} filled in, and stops it at the end', async () => {
    const out = path.join(outRoot(), 'relay-cmd');
    const { code, stdout } = await runMain(['fidelity', '--relay-cmd', relayCmd(), '--out', out, '--format', 'console,json'], { env });
    expect(code).toBe(0);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as RunReport;
    const port = Number(new URL(report.target.baseUrl).port);
    expect(stdout).toContain(`faithful: 9 case(s) passed through http://127.0.0.1:${port}/v1`);
    // Stopped: nothing listens on the relay's port any more.
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer().once('error', () => resolve(false)).listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    expect(free).toBe(true);
  }, 60_000);

  it('exits 2 with one line when the relay command exits before listening', async () => {
    const { code, stderr } = await runMain(['fidelity', '--relay-cmd', `echo cannot bind {port} >&2; exit 3`, '--format', 'json', '--out', path.join(outRoot(), 'exits')], { env });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^relaycheck: the relay command exited \(code 3\) before listening on port \d+: cannot bind \d+\n$/);
  });
});

describe('relaycheck fidelity usage errors', () => {
  const one = (stderr: string) => expect(stderr.trim().split('\n')).toHaveLength(1);

  it('exits 2 when the upstream port is taken', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const { code, stderr } = await runMain(['fidelity', '--base-url', 'http://127.0.0.1:9/v1', '--upstream-port', String(port)], { env });
      expect(code).toBe(2);
      expect(stderr).toBe(`relaycheck: --upstream-port ${port}: cannot listen on 127.0.0.1:${port} (port in use)\n`);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });

  it('exits 2 when nothing listens at --base-url', async () => {
    const [relayPort, upstreamPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
    const { code, stderr } = await runMain(['fidelity', '--base-url', `http://127.0.0.1:${relayPort}/v1`, '--upstream-port', String(upstreamPort), '--relay-wait-ms', '300'], { env });
    expect(code).toBe(2);
    expect(stderr).toBe(`relaycheck: nothing listened on 127.0.0.1:${relayPort} within 300 ms\n`);
  });

  it('exits 2 with one line on a bad flag or a missing one', async () => {
    for (const args of [
      ['fidelity'],
      ['fidelity', '--base-url', 'http://127.0.0.1:9/v1'],
      ['fidelity', '--relay-cmd', 'node relay.js'],
      ['fidelity', '--relay-cmd', 'x {port}', '--model-map', 'gpt-5.5'],
      ['fidelity', '--relay-cmd', 'x {port}', '--api-key-env', 'FIDELITY_UNSET_KEY'],
      ['fidelity', '--relay-cmd', 'x {port}', '--sides', 'responses,completions'],
      ['fidelity', '--relay-cmd', 'x {port}', '--sides', ''],
    ]) {
      const { code, stderr } = await runMain(args, { env });
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(/^relaycheck: /);
      if (!stderr.includes('run relaycheck --help')) one(stderr);
    }
  });
});
