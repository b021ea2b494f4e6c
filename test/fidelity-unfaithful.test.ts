// `relaycheck fidelity` in-process against each simulated relay that is unfaithful in one way: it
// exits 1 and names that relay's finding, and no other required one (fidelity-cli.test.ts has the rest).
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FidelityId, fidelityRule } from '../harness/fidelity/finding-ids.ts';
import { UNFAITHFUL_RELAYS } from '../harness/fidelity/unfaithful-relays.ts';
import { FIDELITY_KEY as KEY, fidelityRuns, findingIds } from './helpers/fidelity-runs.ts';
import { nonEmpty } from './helpers/non-empty.ts';

const { runAgainst } = fidelityRuns();

describe('relaycheck fidelity against simulated relays', () => {
  it('has unfaithful relays to run', () => expect(UNFAITHFUL_RELAYS.length).toBeGreaterThan(0));

  for (const relay of nonEmpty(UNFAITHFUL_RELAYS, 'unfaithful relays')) {
    it(`exits 1 on a relay that ${relay.description}, naming ${relay.finding} and no other required finding`, async () => {
      const { code, report, stdout, out } = await runAgainst(relay.behaviour, relay.name, ['--sides', relay.side ?? 'responses']);
      expect(code).toBe(1);
      const ids = findingIds(report);
      expect(ids).toContain(relay.finding);
      expect(ids.filter((id) => id !== relay.finding && fidelityRule(id as never).severity === 'required')).toEqual([]);
      const required = report.fidelity!.findings.filter((f) => f.severity === 'required').length;
      expect(report.fidelity!).toMatchObject({ verdict: 'not-faithful', requiredFindings: required, sides: [relay.side ?? 'responses'] });
      expect(stdout).toContain(`not faithful: ${required} required finding(s)`);
      const md = await readFile(path.join(out, 'report.md'), 'utf8');
      expect(md.split('\n')[0]).toMatch(new RegExp(`^# ❌ Fidelity: not faithful: ${required} required finding\\(s\\)`));
      expect(md).toContain('## Fidelity: not faithful');
      expect(md).toContain(relay.finding);
      expect(await readFile(path.join(out, 'junit.xml'), 'utf8')).toContain(relay.finding);
      const html = await readFile(path.join(out, 'report.html'), 'utf8');
      expect(html).toContain('<h2 id="fidelity">Fidelity: not faithful</h2>');
      expect(html).toContain(`<h1>Fidelity: <span class="word">not faithful: ${required} required finding(s)`);
      expect(html).toContain(`<code>${relay.finding}</code>`);
      // The client's key is in no file and no line, whatever the relay did with it.
      const files = await readdir(out);
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) expect(await readFile(path.join(out, file), 'utf8')).not.toContain(KEY);
      expect(stdout).not.toContain(KEY);
    });
  }

  it("judges a chat tool turn on the calls its set-up request got back: a relay that empties that stream (as Caddy 2.6.2 rarely does) is named on chat-tool-turn", async () => {
    // Empties the answer to every request whose last message is the user's (the set-up; not the
    // follow-up, which carries the tool's result), as a proxy that loses the body after the head does.
    let emptying = false;
    const behaviour = {
      body(body: Record<string, unknown>) {
        const messages = Array.isArray(body.messages) ? (body.messages as Array<{ role?: unknown }>) : [];
        emptying = messages.at(-1)?.role === 'user';
      },
      event: (data: Record<string, unknown>) => (emptying && Array.isArray(data.choices) ? undefined : data),
    };
    const { report } = await runAgainst(behaviour, 'empties-tool-turn-setup', ['--sides', 'chat']);
    const turn = report.fidelity!.findings.filter((f) => f.caseId === 'chat-tool-turn');
    expect(turn.map((f) => [f.id, f.message])).toEqual([[FidelityId.toolCallsReturned, expect.stringMatching(/^the upstream's bash \(call_\w+\) did not reach the client as tool_calls/)]]);
  });
});
