// The npm scripts end as the CLI does: main returns the code, a usage error is one line and 2,
// anything else one line and 3 (no stack trace, nothing shaped like a key).
import { describe, expect, it } from 'vitest';
import { scriptMain } from '../harness/cli/script-main.ts';
import { driftMain } from '../harness/codex/codex-drift.ts';
import { recordMain } from '../harness/recorder/record-fixtures.ts';

const capture = () => {
  const lines: string[] = [];
  return { lines, stderr: { write: (text: string) => lines.push(text) } };
};

describe('scriptMain', () => {
  it('returns what the script returns, and writes nothing', async () => {
    const { lines, stderr } = capture();
    expect(await scriptMain('x', async () => 1, stderr)).toBe(1);
    expect(lines).toEqual([]);
  });

  it('a usage error of either script is one line on stderr and exit 2', async () => {
    const record = capture();
    expect(await scriptMain('fixtures:record', () => recordMain(['--codex-version', '9.9.9']), record.stderr)).toBe(2);
    expect(record.lines).toEqual([expect.stringMatching(/^fixtures:record: --codex-version takes one of 0\.\d+\.\d+/)]);
    const drift = capture();
    expect(await scriptMain('codex:drift', () => driftMain(['--versoin', '1.2.3']), drift.stderr)).toBe(2);
    expect(drift.lines).toEqual(['codex:drift: unknown option --versoin (usage: npm run codex:drift -- [--version latest|X.Y.Z])\n']);
  });

  it('anything else is exit 3, its first line only, with secrets redacted', async () => {
    const { lines, stderr } = capture();
    const code = await scriptMain('codex:drift', async () => {
      throw new Error('npm failed with Bearer sk-abcdefghijklmnopqrstuvwxyz0123\n    at stack');
    }, stderr);
    expect(code).toBe(3);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^codex:drift: npm failed with /);
    expect(lines[0]).not.toContain('sk-abcdefghijklmnopqrstuvwxyz0123');
    expect(lines[0]).not.toContain('at stack');
  });
});
