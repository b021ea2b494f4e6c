// report.md's section for a `relaycheck fidelity` run: faithful or not, then one row per finding
// (what the relay changed between the client and relaycheck's upstream, in which case).
import type { FidelityReport } from './model.ts';
import { mdCode, mdText } from './markdown-escape.ts';
import { valueText } from './plain-text.ts';

/** Findings listed; report.json has all of them. */
const MAX_FINDINGS_SHOWN = 50;

export function fidelitySection(fidelity: FidelityReport): string {
  const { findings } = fidelity;
  const upstream = `relaycheck's upstream ${mdCode(fidelity.upstreamUrl, 200)}`;
  if (findings.length === 0) return `## Fidelity: faithful\n\nEvery request reached ${upstream} as the client sent it, once, and every answer reached the client as the upstream sent it.`;
  const required = findings.filter((f) => f.severity === 'required').length;
  const rows = findings.slice(0, MAX_FINDINGS_SHOWN).map((f) => `| ${mdText(f.id, 60)} | ${f.severity} | ${mdText(f.caseId, 60)} | ${mdText(f.message, 300)} | ${mdText(valueText(f.expected ?? ''), 160)} | ${mdText(valueText(f.received ?? ''), 160)} |`);
  return [
    '## Fidelity: not faithful',
    '',
    `${findings.length} finding(s), ${required} required, between the client and ${upstream}.`,
    '',
    '| Finding | Severity | Case | What changed | Sent | Arrived |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    ...(findings.length > MAX_FINDINGS_SHOWN ? ['', `${findings.length - MAX_FINDINGS_SHOWN} more finding(s) in report.json.`] : []),
  ].join('\n');
}
