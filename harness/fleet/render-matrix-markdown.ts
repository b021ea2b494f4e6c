// matrix.md: the fleet at a glance for a CI summary or a directory page. One row per relay, one
// column per case (numbered, with a legend: case ids are too long for column heads).
import { isBroken } from '../run/case-status-order.ts';
import { mdText } from '../report/markdown-escape.ts';
import type { MatrixCell, MatrixReport } from './matrix.ts';
import { SAFE_DIR } from './targets-file.ts';
import { verdictCounts } from './verdict-counts.ts';

export function renderMatrixMarkdown(matrix: MatrixReport): string {
  const head = ['| # | Relay | Codex | Badge |', ...matrix.cases.map((_, i) => ` ${i + 1} |`)].join('');
  const align = ['| --: | --- | --- | --- |', ...matrix.cases.map(() => ' :-: |')].join('');
  const rows = matrix.relays.map((r) => {
    const cells = matrix.cases.map((c) => ` ${cellText(r.results[c.id])} |`).join('');
    const name = SAFE_DIR.test(r.dir) ? `[${mdText(r.name, 100)}](${r.dir}/report.md)` : mdText(r.name, 100);
    return `| ${r.position + 1} | ${name} | ${r.verdict.codex} | ${mdText(r.badge.message, 60)} |${cells}`;
  });
  const legend = matrix.cases.map((c, i) => `${i + 1}. ${mdText(c.id, 100)}: ${mdText(c.title, 160)}`);
  const shard = matrix.shard ? ` This is shard ${matrix.shard.index}/${matrix.shard.count}: run \`relaycheck merge\` on every shard's folder for the whole matrix.` : '';
  return [
    `# relaycheck matrix: ${matrix.relays.length} relay${matrix.relays.length === 1 ? '' : 's'} × ${matrix.cases.length} case${matrix.cases.length === 1 ? '' : 's'}`,
    `${verdictCounts(matrix)}. Targets file ${mdText(matrix.targets.digest, 20)} (${matrix.targets.total} relays), relaycheck ${mdText(matrix.tool.version, 40)}.${shard}`,
    matrix.relays.length > 0 ? [head, align, ...rows].join('\n') : 'No relay in this matrix.',
    '## Cases',
    legend.join('\n'),
    'Each relay links to its report; `report.json` in its folder holds every value.',
  ].join('\n\n').concat('\n');
}

function cellText(cell: MatrixCell | undefined): string {
  if (!cell) return '—';
  // Bold where Codex breaks, so the eye finds the failures in a wide table.
  const word = isBroken(cell.status) ? `**${cell.status}**` : cell.status;
  return cell.flaky ? `${word} (flaky)` : word;
}
