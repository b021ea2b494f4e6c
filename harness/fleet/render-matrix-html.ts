// matrix.html: the relay × case table as a page, each cell linking to the case in that relay's
// report.html. Relay names and URLs come from the user's targets file and the relays' reports:
// escaped like everything else; folder names are checked to be plain before they go in a link.
import { caseAnchor, statusChip, verdictChip } from '../report/html-chips.ts';
import { htmlDocument } from '../report/html-document.ts';
import { escapeHtml, htmlText } from '../report/html-escape.ts';
import type { MatrixCell, MatrixRelay, MatrixReport } from './matrix.ts';
import { SAFE_DIR } from './targets-file.ts';
import { verdictCounts } from './verdict-counts.ts';

export function renderMatrixHtml(matrix: MatrixReport): string {
  const heads = matrix.cases.map((c) => `<th class="case" title="${htmlText(c.title, 200)}"><span>${htmlText(c.id, 60)}</span></th>`).join('');
  const rows = matrix.relays.map((r) => row(matrix, r));
  const shard = matrix.shard
    ? `<p><strong>Shard ${matrix.shard.index}/${matrix.shard.count}</strong>: run <code>relaycheck merge</code> on every shard's folder for the whole matrix.</p>`
    : '';
  const body = [
    '<main>',
    '<header class="verdict">',
    '<p class="eyebrow">relaycheck matrix</p>',
    `<h1>${matrix.relays.length} relay${matrix.relays.length === 1 ? '' : 's'} × ${matrix.cases.length} case${matrix.cases.length === 1 ? '' : 's'}</h1>`,
    `<p>${escapeHtml(verdictCounts(matrix))}.</p>`,
    `<p class="muted">Targets file ${htmlText(matrix.targets.digest, 20)} (${matrix.targets.total} relays), relaycheck ${htmlText(matrix.tool.version, 40)}.</p>`,
    shard,
    '</header>',
    '<h2>Matrix</h2>',
    '<p class="muted">Each cell links to the case in that relay’s report; each relay to its whole report. A * marks a flaky case (it broke in some runs of <code>--repeat</code>, not in others).</p>',
    '<div class="scroll"><table class="grid"><thead><tr><th>Relay</th><th>Codex</th>',
    heads,
    '</tr></thead><tbody>',
    ...rows,
    '</tbody></table></div>',
    '<footer>matrix.json holds the same table as data; each relay’s folder holds its report.json, report.html, junit.xml and badges.</footer>',
    '</main>',
  ];
  return htmlDocument(`relaycheck matrix: ${matrix.relays.length} relays`, body.join('\n'));
}

function row(matrix: MatrixReport, r: MatrixRelay): string {
  const dir = SAFE_DIR.test(r.dir) ? r.dir : undefined;
  const name = dir ? `<a href="${escapeHtml(dir)}/report.html">${htmlText(r.name, 100)}</a>` : htmlText(r.name, 100);
  const cells = matrix.cases.map((c) => cell(r.results[c.id], dir)).join('');
  return `<tr><th class="relay">${name}<br><code class="muted">${htmlText(r.baseUrl, 120)}</code></th><td>${verdictChip(r.verdict.codex)}${r.badge.message !== r.verdict.codex ? `<br><span class="muted">${htmlText(r.badge.message, 60)}</span>` : ''}</td>${cells}</tr>`;
}

function cell(result: MatrixCell | undefined, dir: string | undefined): string {
  if (!result) return '<td class="cell"><span class="s-missing">—</span></td>';
  const chip = statusChip(result.status, result.flaky ? `${result.status}*` : result.status);
  const link = dir && Number.isInteger(result.index) && result.index >= 0 ? `<a href="${escapeHtml(dir)}/report.html#${caseAnchor(result.index)}">${chip}</a>` : chip;
  return `<td class="cell">${link}</td>`;
}
