// `relaycheck fidelity` in-process against each simulated relay that is unfaithful in one way: it
// exits 1 and names that relay's finding, and no other required one (fidelity-cli.test.ts has the rest).
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fidelityRule } from '../harness/fidelity/finding-ids.ts';
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
});
