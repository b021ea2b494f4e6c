// report.html's section for a `relaycheck fidelity` run: faithful or not, then each finding with
// what the client sent and what arrived on the other side of the relay, side by side.
import type { FidelityFinding, FidelityReport } from './model.ts';
import { htmlBlock, htmlText } from './html-escape.ts';
import { valueText } from './plain-text.ts';

const MAX_FINDINGS_SHOWN = 50;

export function fidelityHtml(fidelity: FidelityReport | undefined): string {
  if (!fidelity) return '';
  const upstream = `relaycheck's upstream <code>${htmlText(fidelity.upstreamUrl, 200)}</code>`;
  if (fidelity.findings.length === 0) return `<h2 id="fidelity">Fidelity: faithful</h2>\n<p>Every request reached ${upstream} as the client sent it, once, and every answer reached the client as the upstream sent it.</p>`;
  const required = fidelity.findings.filter((f) => f.severity === 'required').length;
  return [
    '<h2 id="fidelity">Fidelity: not faithful</h2>',
    `<p>${fidelity.findings.length} finding(s), ${required} required, between the client and ${upstream}.</p>`,
    ...fidelity.findings.slice(0, MAX_FINDINGS_SHOWN).map(findingHtml),
  ].join('\n');
}

function findingHtml(f: FidelityFinding): string {
  return [
    `<details class="case"><summary><code>${htmlText(f.id, 60)}</code> ${htmlText(f.severity, 20)} in <code>${htmlText(f.caseId, 60)}</code>: ${htmlText(f.message, 300)}</summary>`,
    '<div class="scroll"><table><thead><tr><th>Sent by the client (a faithful relay passes this on)</th><th>Arrived on the other side</th></tr></thead>',
    `<tbody><tr><td><pre>${htmlBlock(pretty(f.expected))}</pre></td><td><pre>${htmlBlock(pretty(f.received))}</pre></td></tr></tbody></table></div>`,
    '</details>',
  ].join('\n');
}

/** Stored values are bounded, so a big one is a cut JSON string: shown as it is, smaller ones indented. */
function pretty(value: unknown): string {
  if (value === undefined) return '(nothing)';
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2) ?? valueText(value);
}
