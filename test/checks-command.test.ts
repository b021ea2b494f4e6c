// `relaycheck checks`: the listing comes from the registry and the suites, in-process.
import { describe, expect, it } from 'vitest';
import { checksById } from '../harness/checks/registry.ts';
import { CheckId } from '../harness/checks/ids.ts';
import { runMain } from './helpers/run-main.ts';

describe('relaycheck checks', () => {
  it('--json lists every registered check once, with its severity, rule and cases', async () => {
    const result = await runMain(['checks', '--json']);
    expect(result.code).toBe(0);
    const { checks } = JSON.parse(result.stdout) as { checks: { id: string; severity: string; requirement: string; cases: string[] }[] };
    expect(checks.map((c) => c.id).sort()).toEqual([...checksById.keys()].sort());
    const modelServed = checks.find((c) => c.id === CheckId.modelServed)!;
    expect(modelServed.severity).toBe('required');
    expect(modelServed.requirement).toBe(checksById.get(CheckId.modelServed)!.requirement);
    expect(modelServed.cases).toContain('turns/turns.plain');
    // The OpenAI envelope is asked of the Responses errors and of the chat suite's malformed request.
    expect(checks.find((c) => c.id === CheckId.errorEnvelope)!.cases.every((id) => id.startsWith('errors/') || id === 'chat/chat.malformed-request')).toBe(true);
    // Suites run only when named (chat) list their cases too.
    expect(checks.find((c) => c.id === CheckId.chatToolCallDeltas)!.cases).toContain('chat/chat.tool-call');
  });

  it('prints the checks grouped by severity, with counts that add up', async () => {
    const result = await runMain(['checks']);
    expect(result.code).toBe(0);
    const counts = [...result.stdout.matchAll(/^(required|recommended) \((\d+)\)$/gm)].map((m) => [m[1], Number(m[2])]);
    expect(counts.map(([s]) => s)).toEqual(['required', 'recommended']);
    expect(counts.reduce((n, [, c]) => n + (c as number), 0)).toBe(checksById.size);
    for (const id of checksById.keys()) expect(result.stdout).toContain(`  ${id} `);
  });
});
