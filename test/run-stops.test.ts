// How a run ends early: a host that never answers the first request is not sent the others
// (fail-fast), and Ctrl-C stops the run with the reports of the cases that finished.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runConformance } from '../harness/run/runner.ts';
import { validateReport } from '../harness/report/validate-report.ts';
import { turnsSuite } from '../suites/turns.ts';
import { startHttpRelay, startTcpRelay, type RunningRelay } from '../harness/relays/loopback-servers.ts';

const servers: RunningRelay[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** Accepts every connection and never says a word. */
async function silentHost(): Promise<RunningRelay & { connections: () => number }> {
  let connections = 0;
  const running = await startTcpRelay(() => void connections++, { onConnect: true });
  servers.push(running);
  return { ...running, connections: () => connections };
}

const LIMITS = { deadlineMs: 400, idleTimeoutMs: 400 };

describe('fail-fast on a host that never answers', () => {
  it('marks every case after the first "not attempted" and sends none of them', async () => {
    const host = await silentHost();
    const report = await runConformance({ target: { baseUrl: host.baseUrl }, suites: [turnsSuite], limits: LIMITS, concurrency: 4 });
    const [first, ...rest] = report.cases;
    expect(first!.error?.kind).toBe('timeout');
    expect(rest.length).toBe(turnsSuite.cases.length - 1);
    for (const c of rest) {
      expect(c.status).toBe('error');
      expect(c.error).toEqual({ kind: 'not-attempted', message: expect.stringContaining(`the relay sent no response to the first request (${first!.id})`) });
    }
    expect(host.connections()).toBe(1);
    expect(report.verdict.codex).toBe('incompatible');
    expect(validateReport(report).valid).toBe(true);
  });

  it('with failFast: false, every case is sent', async () => {
    const host = await silentHost();
    const report = await runConformance({ target: { baseUrl: host.baseUrl }, suites: [turnsSuite], limits: LIMITS, concurrency: 8, failFast: false });
    expect(report.cases.every((c) => c.error?.kind === 'timeout')).toBe(true);
    expect(host.connections()).toBeGreaterThanOrEqual(turnsSuite.cases.length);
  });

  it('a first case that did get an answer lets the others run', async () => {
    const server = await startHttpRelay((_req, res) => res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"down","type":"server_error"}}'));
    servers.push(server);
    const report = await runConformance({ target: { baseUrl: server.baseUrl }, suites: [turnsSuite], limits: LIMITS, concurrency: 4 });
    expect(report.cases.some((c) => c.error?.kind === 'not-attempted')).toBe(false);
    expect(report.cases.every((c) => c.http?.status === 500)).toBe(true);
  });
});

describe('stopping a run', () => {
  it('an aborted run reports the cases that finished, says so, and still validates', async () => {
    // The first request is answered; every later one hangs until the run is stopped.
    let requests = 0;
    const server = await startHttpRelay((_req, res) => {
      if (++requests === 1) res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"down","type":"server_error"}}');
    });
    servers.push(server);
    const stop = new AbortController();
    const report = await runConformance({
      target: { baseUrl: server.baseUrl },
      suites: [turnsSuite],
      limits: { deadlineMs: 60_000, idleTimeoutMs: 60_000 },
      concurrency: 2,
      signal: stop.signal,
      listener: { onCaseStart: () => requests > 0 && setTimeout(() => stop.abort(), 50) },
    });
    expect(report.interrupted).toEqual({ planned: turnsSuite.cases.length });
    expect(report.cases.map((c) => c.id)).toEqual([turnsSuite.cases[0]!.id]);
    expect(report.verdict.reasons[0]).toBe(`the run was interrupted after 1 of ${turnsSuite.cases.length} cases: this verdict covers only those`);
    expect(validateReport(report).valid).toBe(true);
  });

  it('Ctrl-C on relaycheck run writes the reports, ends the progress line and exits 130', async () => {
    let requests = 0;
    // A 400 is final for Codex (no retry), so the first case ends at once.
    const server = await startHttpRelay((_req, res) => {
      if (++requests === 1) res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"bad","type":"invalid_request_error"}}');
    });
    servers.push(server);
    const out = await mkdtemp(path.join(os.tmpdir(), 'relaycheck-stop-'));
    dirs.push(out);
    const bin = fileURLToPath(new URL('../bin/relaycheck-dev.mjs', import.meta.url));
    const child = spawn(process.execPath, [bin, 'run', '--base-url', server.baseUrl, '--suite', 'turns', '--out', out], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let signalled = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      // Once the first case has a line, the others are hanging on the relay.
      if (!signalled && /turns\.\S+.*\n/.test(stdout.split('\n').slice(1).join('\n'))) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(signalled).toBe(true);
    expect(code).toBe(130);
    expect(stdout).toMatch(/Interrupted: 1 of \d+ cases finished; the reports cover those\./);
    expect(stdout).toContain('Reports: ');
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
    expect(report.interrupted.planned).toBe(turnsSuite.cases.length);
    expect(report.cases).toHaveLength(1);
    expect(await readFile(path.join(out, 'report.md'), 'utf8')).toContain('interrupted after 1 of');
  });
});
