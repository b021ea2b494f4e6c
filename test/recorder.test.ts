// Recording fixtures from the real Codex CLI: re-recording is byte for byte stable, nothing secret or
// machine-specific gets in, the drift check says in words what changed, and `relaycheck record`
// captures what `npm run fixtures:record` does.
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { freeLoopbackPort } from '../harness/relays/loopback-servers.ts';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCodex } from '../harness/codex/install-codex.ts';
import { runCodexExec } from '../harness/codex/run-codex-exec.ts';
import { FIXTURES_DIR, parseFixture, type Fixture } from '../harness/replay/fixture.ts';
import { machinePathsIn, normalizeRecordedRequest } from '../harness/replay/normalize-request.ts';
import { describeDrift } from '../harness/recorder/describe-drift.ts';
import { fixtureText } from '../harness/recorder/fixture-writer.ts';
import { syncFixtures } from '../harness/recorder/record-fixtures.ts';
import { RECORDED_FIXTURE_IDS } from '../harness/recorder/scenarios.ts';
import { startRelay, type RunningRelay } from '../harness/relays/catalogue.ts';

const dirs: string[] = [];
let binary: string;
beforeAll(async () => {
  binary = (await ensureCodex()).binary;
}, 300_000);
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** A copy of the committed fixtures/ to record into. */
async function copyOfFixtures(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'relaycheck-rec-'));
  dirs.push(dir);
  await cp(FIXTURES_DIR, dir, { recursive: true });
  return dir;
}

const readFixture = async (dir: string, id: string) => parseFixture(await readFile(path.join(dir, `${id}.json`), 'utf8'), id);
const jsonFiles = async (dir: string) => (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();

describe('npm run fixtures:record', () => {
  it('re-records every fixture byte for byte as committed, and records nothing else', async () => {
    const dir = await copyOfFixtures();
    const lines: string[] = [];
    const { drift } = await syncFixtures({ check: false, fixturesDir: dir, log: (line) => lines.push(line) });
    expect(drift, lines.join('\n')).toBe(0);
    expect(await jsonFiles(dir)).toEqual(await jsonFiles(FIXTURES_DIR));
    expect((await jsonFiles(FIXTURES_DIR)).map((name) => name.slice(0, -'.json'.length)).sort()).toEqual([...RECORDED_FIXTURE_IDS].sort());
    for (const name of await jsonFiles(dir)) {
      expect(await readFile(path.join(dir, name), 'utf8'), name).toBe(await readFile(path.join(FIXTURES_DIR, name), 'utf8'));
    }
  }, 300_000);

  it('--check explains in words how Codex\'s requests differ from the fixtures, and writes nothing', async () => {
    const dir = await copyOfFixtures();
    // Make the committed side look like an older Codex: one fewer tool, another header and body key, older reasoning.
    const plain = await readFixture(dir, 'plain-turn-gpt-5.5');
    plain.request.body.tools = (plain.request.body.tools as Array<{ type: string }>).filter((tool) => tool.type !== 'web_search');
    delete plain.request.headers['x-codex-beta-features'];
    plain.request.headers['openai-beta'] = 'responses=experimental';
    plain.request.body.service_tier = 'fast';
    (plain.request.body.reasoning as Record<string, unknown>).effort = 'high';
    const followUp = await readFixture(dir, 'after-tool-call-gpt-5.5');
    followUp.request.body.input = followUp.request.body.input.slice(0, -1);
    for (const fixture of [plain, followUp]) await writeFile(path.join(dir, `${fixture.id}.json`), fixtureText(fixture));
    const tampered = await Promise.all((await jsonFiles(dir)).map((name) => readFile(path.join(dir, name), 'utf8')));

    const lines: string[] = [];
    const { drift } = await syncFixtures({ check: true, fixturesDir: dir, log: (line) => lines.push(line) });
    const said = lines.join('\n');
    expect(drift).toBe(6);
    for (const sentence of [
      'tool added: web_search',
      'header added: x-codex-beta-features: "remote_compaction_v2"',
      'header removed: openai-beta',
      'body key removed: service_tier',
      'body key reasoning changed: {"effort":"high"} → {"effort":"medium"}',
      'input items changed: [message/developer, message/developer, message/user, message/user, function_call] → [message/developer, message/developer, message/user, message/user, function_call, function_call_output]',
    ]) {
      expect(said).toContain(sentence);
    }
    expect(said).toContain('apply-patch-gpt-5.5: unchanged');
    expect(await Promise.all((await jsonFiles(dir)).map((name) => readFile(path.join(dir, name), 'utf8')))).toEqual(tampered);
  }, 300_000);

  it('writes no key, account id or machine path into any fixture', async () => {
    const machine = [process.cwd(), os.hostname(), 'relaycheck-codex'].filter((p) => p.length >= 4);
    const fixtures = await jsonFiles(FIXTURES_DIR);
    expect(fixtures.length).toBeGreaterThan(0);
    for (const name of fixtures) {
      const text = await readFile(path.join(FIXTURES_DIR, name), 'utf8');
      expect(text, name).not.toMatch(/sk-test|sk-[A-Za-z0-9]{16}|"authorization"|bearer |"cookie"|chatgpt-account-id|openai-organization/i);
      for (const item of machine) expect(text.includes(item), `${name} contains ${item}`).toBe(false);
      // Only normalized paths: under /home/user (the project, ~/.codex) and /tmp itself.
      for (const [found] of text.matchAll(/(?<![\w<])\/(home|root|Users|tmp|var|private)\/[^"\s`\\<)]*/g)) expect(found, name).toMatch(/^\/home\/user(\/project|\/\.codex)?(\/[\w./-]*)?$/);
    }
  });
});

describe('normalizing a request Codex sent', () => {
  const sent = (cwd: string, home: string) => ({
    headers: { authorization: 'Bearer sk-test-secret-123456', 'user-agent': 'codex_exec/0.169.0 (Ubuntu 24.04; aarch64) xterm-256color (codex_exec; 0.169.0)', 'session-id': '0198f1f6-1111-7222-8333-944455556666' },
    body: {
      model: 'gpt-5.5',
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: `<environment_context>\n  <cwd>${cwd}</cwd>\n  <current_date>2031-02-03</current_date>\n  <timezone>Asia/Tokyo</timezone>\n  <workspace_roots><root>${cwd}</root></workspace_roots>\n</environment_context> see ${home}/.codex/skills and ${home}fs` }] }],
      client_metadata: { 'x-codex-turn-metadata': JSON.stringify({ agent_name: home, turn_started_at_unix_ms: 1_234_567_890_123 }), b: '1', a: '2' },
    },
  });

  it('finds the machine paths in the request and replaces them only where they stand as paths', () => {
    const request = sent('/Users/alice/src/app', '/Users/alice');
    expect(machinePathsIn(request)).toEqual({ cwd: '/Users/alice/src/app', home: '/Users/alice' });
    const text = JSON.stringify(normalizeRecordedRequest(request));
    // `${home}fs` is another name that merely starts like home: it stays.
    expect(text.replace('/Users/alicefs', '')).not.toContain('alice');
    expect(text).toContain('<cwd>/home/user/project</cwd>');
    expect(text).toContain('/home/user/.codex/skills');
    expect(text).toContain('<current_date>{{date}}</current_date>');
    expect(text).toContain('<timezone>Etc/UTC</timezone>');
    expect(text).toContain('1700000000000');
    expect(text).not.toContain('sk-test');
  });

  it('leaves "/root" alone inside a </root> tag or a longer name', () => {
    const text = JSON.stringify(normalizeRecordedRequest(sent('/root/work', '/root')));
    expect(text).toContain('<root>/home/user/project</root>');
    expect(text).toContain(' /rootfs');
  });

  it('drops credentials, fixes the user agent OS and sorts client_metadata', () => {
    const { headers, body } = normalizeRecordedRequest(sent('/srv/x', '/srv'));
    expect(headers).toEqual({ 'session-id': '{{uuid:1}}', 'user-agent': 'codex_exec/0.169.0 (Linux; x86_64) xterm-256color (codex_exec; 0.169.0)' });
    expect(Object.keys((body as { client_metadata: object }).client_metadata)).toEqual(['a', 'b', 'x-codex-turn-metadata']);
  });
});

describe('describeDrift', () => {
  it('says nothing about two equal recordings, and cuts a long change around where it differs', async () => {
    const before = await readFixture(FIXTURES_DIR, 'plain-turn-gpt-5.5');
    expect(describeDrift(before, before)).toEqual([]);
    const after: Fixture = structuredClone(before);
    const first = after.request.body.input[0] as { content: Array<{ text: string }> };
    first.content[0]!.text = first.content[0]!.text.replace('You are Codex', 'You are Codex CLI');
    expect(describeDrift(before, after)).toEqual([expect.stringMatching(/^input item 0 \(message\/developer\) changed: .*You are Codex, .* → .*You are Codex CLI, /)]);
  });
});

describe('relaycheck record', () => {
  let upstream: RunningRelay;
  beforeAll(async () => {
    upstream = await startRelay('reference', { now: () => 1_800_000_000 });
  });
  afterAll(async () => upstream.close());

  it('forwards a real Codex turn to --upstream unchanged and saves the request as fixtures:record would', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'relaycheck-record-cli-'));
    dirs.push(out);
    const port = await freeLoopbackPort();
    const recorder = spawn(process.execPath, ['bin/relaycheck-dev.mjs', 'record', '--port', String(port), '--upstream', upstream.baseUrl, '--out', out, '--scenario', 'cli-plain'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => recorder.on('exit', resolve));
    let stdout = '';
    recorder.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    try {
      // Bounds for a hang only: a loaded machine may take many seconds to start node + tsx.
      await until(() => stdout.includes('capture relay at'), 60_000);
      const outcome = await runCodexExec({ binary, baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: 'sk-test-record-cli-0000', model: 'gpt-5.5', prompt: 'say hello', timeoutMs: 60_000 });
      expect(outcome.agentMessages).toEqual(['hello']);
      await until(() => stdout.includes('saved'), 20_000);
    } finally {
      recorder.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const saved = await readFixture(out, 'cli-plain-1');
    expect(saved.provenance).toMatchObject({ source: 'recorded', command: 'relaycheck record' });
    // Another Codex run, another process, another capture path: the same normalized request.
    expect(saved.request).toEqual((await readFixture(FIXTURES_DIR, 'plain-turn-gpt-5.5')).request);
    expect(await readFile(path.join(out, 'cli-plain-1.json'), 'utf8')).not.toContain('sk-test-record-cli');
  }, 300_000);
});

async function until(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
