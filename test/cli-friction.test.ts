// What a newcomer hit on first use of `relaycheck run` (issue 13): each item a test, in-process.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type RunningRelay } from '../harness/relays/catalogue.ts';
import { validateReport } from '../harness/report/validate-report.ts';
import { runMain } from './helpers/run-main.ts';

let reference: RunningRelay;
let outRoot: string;

beforeAll(async () => {
  reference = await startRelay('reference', {});
  outRoot = await mkdtemp(path.join(tmpdir(), 'relaycheck-friction-'));
});
afterAll(async () => {
  await Promise.all([reference.close(), rm(outRoot, { recursive: true, force: true })]);
});

describe('run without the console format', () => {
  it('still prints the verdict line and where the reports went, and no case lines', async () => {
    const out = path.join(outRoot, 'md-junit');
    const result = await runMain(['run', '--base-url', reference.baseUrl, '--suite', 'turns', '--format', 'md,junit', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Codex: COMPATIBLE/m);
    expect(result.stdout).toContain(`Reports: ${path.join(out, 'report.md')}, ${path.join(out, 'junit.xml')}`);
    expect(result.stdout).not.toMatch(/✓ pass/);
    expect((await readdir(out)).sort()).toEqual(['junit.xml', 'report.md']);
  });
});

describe('a run of only non-core suites', () => {
  it('has no Codex verdict (not-evaluated), a grey badge, and exits 0 when its cases pass', async () => {
    const out = path.join(outRoot, 'errors-only');
    const result = await runMain(['run', '--base-url', reference.baseUrl, '--suite', 'errors', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Codex: NOT-EVALUATED/m);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
    expect(report.verdict.codex).toBe('not-evaluated');
    // Its error envelopes were judged against the spec and passed: not "nothing evaluated".
    expect(report.verdict.spec).toBe('conformant');
    expect(validateReport(report).errors).toEqual([]);
    expect(JSON.parse(await readFile(path.join(out, 'badge.json'), 'utf8'))).toMatchObject({ message: 'not evaluated', color: 'lightgrey' });
    expect(await readFile(path.join(out, 'report.md'), 'utf8')).toMatch(/^# ➖ Codex: not-evaluated/);
  });

  it('exits 1 when one of its cases does not pass', async () => {
    const chatOnly = await startRelay('chat-only', {});
    try {
      const result = await runMain(['run', '--base-url', chatOnly.baseUrl, '--suite', 'errors', '--format', 'console', '--no-retries']);
      expect(result.stdout).toMatch(/^Codex: NOT-EVALUATED/m);
      // A 404 for every request judged nothing of the spec, however tidy its envelope.
      expect(result.stdout).toMatch(/spec: not-evaluated: nothing evaluated/);
      expect(result.code).toBe(1);
    } finally {
      await chatOnly.close();
    }
  });
});

describe('a relay that refused every connection', () => {
  it('has its spec verdict not-evaluated, and says nothing was evaluated', async () => {
    const result = await runMain(['run', '--base-url', 'http://127.0.0.1:1/v1', '--no-fail-fast', '--format', 'console']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Codex: INCOMPATIBLE {2}\(spec: not-evaluated: nothing evaluated/m);
  });
});

describe('the Why list', () => {
  it('names one cause once with its case count, in console, Markdown and HTML', async () => {
    const chatOnly = await startRelay('chat-only', {});
    try {
      const out = path.join(outRoot, 'grouped');
      const result = await runMain(['run', '--base-url', chatOnly.baseUrl, '--suite', 'turns,tools', '--format', 'console,json,md,html', '--out', out, '--no-retries']);
      expect(result.code).toBe(1);
      const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
      const cases = report.cases.length;
      const grouped = `endpoint unsupported (HTTP 404) (${cases} cases: turns.plain, turns.plain-namespace-tools, turns.after-tool-call, +${cases - 3} more)`;
      expect(report.verdict.reasons.filter((r: string) => r.includes('endpoint unsupported'))).toEqual([grouped]);
      expect(result.stdout).toContain(`  - ${grouped}\n`);
      expect(result.stdout.match(/endpoint unsupported/g)).toHaveLength(1 + cases); // the reason, and each case's own line
      expect(await readFile(path.join(out, 'report.md'), 'utf8')).toContain(`- ${grouped}\n`);
      expect(await readFile(path.join(out, 'report.html'), 'utf8')).toContain(`<li>${grouped}</li>`);
    } finally {
      await chatOnly.close();
    }
  });
});

describe('a fleet of a 404 relay and a 405 relay', () => {
  it('tells HTTP 404 from 405 on the console and in the matrix', async () => {
    const [notFound, notAllowed] = await Promise.all([startRelay('chat-only', {}), startRelay('method-not-allowed', {})]);
    try {
      const dir = path.join(outRoot, 'fleet-404-405');
      const targets = path.join(outRoot, 'fleet-404-405.toml');
      await writeFile(targets, `[[relays]]\nname = "four-oh-four"\nbase_url = "${notFound.baseUrl}"\n\n[[relays]]\nname = "four-oh-five"\nbase_url = "${notAllowed.baseUrl}"\n`);
      const result = await runMain(['run', '--targets', targets, '--suite', 'turns', '--out', dir, '--format', 'console,json,md', '--no-retries']);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/four-oh-four +\/responses unsupported \(HTTP 404\); /);
      expect(result.stdout).toMatch(/four-oh-five +\/responses unsupported \(HTTP 405\); /);
      const matrix = await readFile(path.join(dir, 'matrix.md'), 'utf8');
      expect(matrix).toContain('/responses unsupported (HTTP 404)');
      expect(matrix).toContain('/responses unsupported (HTTP 405)');
    } finally {
      await Promise.all([notFound.close(), notAllowed.close()]);
    }
  });
});

describe('comparing reports of two different relays', () => {
  let baseline: string;
  let other: RunningRelay;

  beforeAll(async () => {
    other = await startRelay('reference', {});
    const out = path.join(outRoot, 'baseline-of-reference');
    expect((await runMain(['run', '--base-url', reference.baseUrl, '--suite', 'turns', '--format', 'json', '--out', out])).code).toBe(0);
    baseline = path.join(out, 'report.json');
  });
  afterAll(() => other.close());

  it('run --baseline warns, and with --strict exits 2 before any request', async () => {
    const warned = await runMain(['run', '--base-url', other.baseUrl, '--suite', 'turns', '--format', 'console', '--baseline', baseline]);
    expect(warned.code).toBe(0);
    expect(warned.stdout).toContain(`warning: the two reports are of different relays (base URL ${reference.baseUrl} → ${other.baseUrl})`);

    const strict = await runMain(['run', '--base-url', 'http://127.0.0.1:1/v1', '--model', 'other-model', '--suite', 'turns', '--baseline', baseline, '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toBe(`relaycheck: --strict: the two reports are of different relays (base URL ${reference.baseUrl} → http://127.0.0.1:1/v1; model gpt-5.5 → other-model): their differences may be the relays', not changes\n`);
    expect(strict.stdout).toBe('');

    const same = await runMain(['run', '--base-url', reference.baseUrl, '--suite', 'turns', '--format', 'console', '--baseline', baseline, '--strict']);
    expect(same.code).toBe(0);
    expect(same.stdout).not.toContain('warning');
  });

  it('compare warns in the Markdown and on stderr, and with --strict exits 2', async () => {
    const out = path.join(outRoot, 'other-relay');
    await runMain(['run', '--base-url', other.baseUrl, '--suite', 'turns', '--format', 'json', '--out', out]);
    const after = path.join(out, 'report.json');
    const warned = await runMain(['compare', baseline, after]);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toMatch(/^relaycheck: warning: the two reports are of different relays \(base URL /);
    expect(warned.stdout).toContain('> **Warning:** the two reports are of different relays');
    const strict = await runMain(['compare', baseline, after, '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stdout).toBe('');
    expect((await runMain(['compare', baseline, baseline, '--strict'])).code).toBe(0);
  });
});

describe('doctor', () => {
  const doctorJson = async (args: string[]) => {
    const result = await runMain(['doctor', '--json', ...args], { env: { NO_COLOR: '1', CODEX_HOME: outRoot } });
    return { code: result.code, report: JSON.parse(result.stdout) as { findings: { id: string; title: string; fix: string }[]; verified: string[]; block?: { text?: string } } };
  };

  it("states Codex's idle timeout and its own probe limit apart", async () => {
    const { code, report } = await doctorJson(['--base-url', reference.baseUrl, '--model', 'gpt-5.5', '--timeout-ms', '20000']);
    expect(code).toBe(0);
    expect(report.verified).toContain("the stream never fell silent for 20000 ms, the doctor's own probe limit (--timeout-ms); Codex's idle timeout is 300000 ms (Codex's default stream_idle_timeout_ms)");
  });

  it('strips a pasted endpoint path from base_url first, and says why', async () => {
    for (const endpoint of ['/chat/completions', '/responses']) {
      const { code, report } = await doctorJson(['--base-url', `${reference.baseUrl}${endpoint}`, '--model', 'gpt-5.5']);
      expect(code).toBe(1);
      expect(report.findings.map((f) => [f.id, f.fix])).toEqual([['config.base-url-endpoint-path', `set base_url = "${reference.baseUrl}" (base_url without ${endpoint})`]]);
      expect(report.findings[0]!.title).toBe(`base_url ends with the endpoint path ${endpoint}: Codex appends /responses to base_url itself, so it calls ${reference.baseUrl}${endpoint}/responses`);
      expect(JSON.stringify(report.block)).toContain(`base_url = \\"${reference.baseUrl}\\"`);
    }
  });
});

describe('--help', () => {
  it.each(['run', 'simulate', 'record', 'merge', 'doctor', 'badge', 'compare', 'checks', 'fidelity'])('%s shows each default once, in words, not JSON', async (command) => {
    const { code, stdout } = await runMain([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/\(default:\s+[["]/);
    expect(stdout).not.toMatch(/\(default[^)]*\)\s*\(default/);
  });

  it('renders run --format and simulate --port for people', async () => {
    expect((await runMain(['run', '--help'])).stdout).toMatch(/outputs among console,json,md,junit,html,badge\s+\(default: all\)/);
    expect((await runMain(['simulate', '--help'])).stdout).toMatch(/port to listen on \(default: a free one\)\n/);
  });
});

describe('a report folder that cannot be made', () => {
  // Under /proc the kernel answers ENOENT for mkdir, and Node's recursive mkdir retried that forever.
  it.each([
    ['under /proc', '/proc/relaycheck-nowhere/reports', /cannot write reports to \/proc\/relaycheck-nowhere\/reports: cannot create \/proc\/relaycheck-nowhere \(ENOENT\)/],
    ['below a file', 'FILE/sub', /cannot write reports to .*: .*report\.json is not a folder/],
  ])('%s: exits 2 with the reason before any request', async (_name, out, reason) => {
    const file = path.join(outRoot, 'blocker', 'report.json');
    await runMain(['run', '--base-url', reference.baseUrl, '--suite', 'turns', '--format', 'json', '--out', path.dirname(file)]);
    const result = await runMain(['run', '--base-url', reference.baseUrl, '--suite', 'turns', '--out', out.replace('FILE', file)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(reason);
    // Refused before the run: no verdict line, no case line.
    expect(result.stdout).toBe('');
  });

  it('creates missing levels of a writable path one at a time', async () => {
    const out = path.join(outRoot, 'a', 'b', 'c');
    const result = await runMain(['run', '--base-url', reference.baseUrl, '--suite', 'turns', '--format', 'json', '--out', out]);
    expect(result.code).toBe(0);
    expect(await readdir(out)).toContain('report.json');
  });
});

describe('--format json --out -', () => {
  it('prints report.json alone on stdout (it parses and validates) and the verdict line on stderr', async () => {
    const result = await runMain(['run', '--base-url', reference.baseUrl, '--suite', 'turns', '--format', 'console,json', '--out', '-']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(validateReport(report)).toEqual({ valid: true, errors: [] });
    expect(report.verdict.codex).toBe('compatible');
    expect(result.stderr).toMatch(/Codex: COMPATIBLE/i);
  });

  it('refuses formats that need a folder, before any request', async () => {
    const result = await runMain(['run', '--base-url', reference.baseUrl, '--format', 'json,md', '--out', '-']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--out - prints report\.json on stdout: give --format json/);
    expect(result.stdout).toBe('');
  });
});
