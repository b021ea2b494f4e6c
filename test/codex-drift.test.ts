// `npm run codex:drift`: against the real binaries. The pinned release shows no drift; 0.169.0,
// held to what 0.171.0 does, shows the request and the rows that differ, in words.
import { describe, expect, it } from 'vitest';
import { MATRIX, behaviourName } from '../harness/codex/agreement-matrix.ts';
import { DriftUsageError, runDrift, versionArgument } from '../harness/codex/codex-drift.ts';
import { CODEX_VERSION } from '../harness/codex/codex-version.ts';

const rows = MATRIX.filter((row) => ['reference', 'gzip-encoded-valid-stream'].includes(behaviourName(row)));

describe('codex:drift', () => {
  it('takes --version latest or a release, latest by default, and nothing else', () => {
    expect(versionArgument([])).toBe('latest');
    expect(versionArgument(['--version', '0.169.0'])).toBe('0.169.0');
    expect(() => versionArgument(['--version'])).toThrow(DriftUsageError);
    expect(() => versionArgument(['--versoin', '1.2.3'])).toThrow(/unknown option --versoin/);
  });

  it('finds no drift on the pinned release', async () => {
    expect(rows).toHaveLength(2);
    const lines: string[] = [];
    const result = await runDrift({ version: CODEX_VERSION, rows, log: (line) => lines.push(line) });
    expect(result.requestChanges, lines.join('\n')).toEqual([]);
    expect(result.changedRows.map((r) => r.problems), lines.join('\n')).toEqual([]);
    expect(result.drifted).toBe(false);
    expect(lines.at(-1)).toBe(`No drift: pinning ${CODEX_VERSION} changes nothing relaycheck models.`);
  }, 300_000);

  it('says how another release differs: its requests, and the rows whose outcome changed', async () => {
    const lines: string[] = [];
    const result = await runDrift({ version: '0.169.0', rows, log: (line) => lines.push(line) });
    const said = lines.join('\n');
    expect(result.drifted).toBe(true);
    expect(said).toContain('header removed: accept-encoding');
    expect(said).toMatch(/header user-agent changed: "codex_exec\/0\.171\.0 .*" → "codex_exec\/0\.169\.0 /);
    expect(result.changedRows.map((r) => behaviourName(r.row))).toEqual(['gzip-encoded-valid-stream']);
    expect(said).toMatch(/gzip-encoded-valid-stream: Codex 0\.169\.0 fails: stream disconnected before completion: UTF8 error.*matrix row is stale: declares that Codex completes/);
    expect(lines.at(-1)).toMatch(/^Drift\. To pin 0\.169\.0: /);
  }, 300_000);
});
