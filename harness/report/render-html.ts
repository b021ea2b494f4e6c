// report.html: one self-contained page for a person judging a relay. The verdict and summary on top,
// then the capability matrix (each suite shows its worst case), then every case, those that did not
// pass first. Every string from the report is escaped (html-escape.ts); the page runs no script.
import type { CaseResult, CaseStatus, RunReport } from './model.ts';
import { statusRank, worstStatus } from '../run/case-status-order.ts';
import { repeatClasses } from '../repeat/merge-runs.ts';
import { renderCase } from './html-case.ts';
import { caseAnchor, statusChip, verdictChip } from './html-chips.ts';
import { htmlDocument } from './html-document.ts';
import { escapeHtml, htmlText } from './html-escape.ts';
import { fidelityHtml } from './html-fidelity.ts';
import { HEADERS_HEADING, headerObservationLine } from './header-wording.ts';
import { fidelityHeadline } from '../fidelity/fidelity-verdict.ts';
import { CODEX_VERDICT_MEANING, SPEC_VERDICT_MEANING, caseHeadline, diagnosisLines, summaryText, tokensText } from './outcome-wording.ts';
import { formatDuration } from './plain-text.ts';
import { liveCodexDisagreementLines, liveCodexSummary, liveCodexTurnLine } from './live-codex-wording.ts';

export interface HtmlOptions {
  /** Environment variable the curl reproducer reads the key from (default RELAY_API_KEY). */
  apiKeyEnv?: string;
}

const COUNTED: [CaseStatus, keyof RunReport['summary']][] = [
  ['pass', 'passed'],
  ['fail', 'failed'],
  ['warn', 'warned'],
  ['skip', 'skipped'],
  ['unsupported', 'unsupported'],
  ['error', 'errored'],
];

export function renderHtml(report: RunReport, options: HtmlOptions = {}): string {
  const indexed = report.cases.map((c, index) => ({ c, index }));
  const notPassed = indexed.filter(({ c }) => c.status !== 'pass');
  const passed = indexed.filter(({ c }) => c.status === 'pass');
  const renderOne = ({ c, index }: { c: CaseResult; index: number }) => renderCase(c, { report, index, apiKeyEnv: options.apiKeyEnv });
  const body = [
    '<main>',
    disagreement(report),
    header(report),
    fidelityHtml(report.fidelity),
    reasons(report),
    liveCodex(report),
    diagnosis(report),
    repeatSection(report),
    capabilities(report),
    '<h2 id="cases">Cases</h2>',
    report.cases.length === 0 ? '<p>No case was run.</p>' : '<p class="muted">Open a case for its failed checks, SSE timeline, headers and a curl command that sends its request again.</p>',
    notPassed.length > 0 ? `<h3>Did not pass (${notPassed.length})</h3>\n${notPassed.map(renderOne).join('\n')}` : '',
    passed.length > 0 ? `<h3>Passed (${passed.length})</h3>\n${passed.map(renderOne).join('\n')}` : '',
    footer(report),
    '</main>',
  ];
  const headline = report.fidelity ? `fidelity ${fidelityHeadline(report.fidelity)}` : `Codex ${report.verdict.codex}`;
  return htmlDocument(`relaycheck: ${headline} — ${report.target.baseUrl}`, body.filter(Boolean).join('\n'));
}

function header(report: RunReport): string {
  const { codex, spec } = report.verdict;
  const ms = Date.parse(report.finishedAt) - Date.parse(report.startedAt);
  const run = `${htmlText(report.startedAt, 40)}${Number.isFinite(ms) && ms >= 0 ? `, ${escapeHtml(formatDuration(ms))}` : ''}, relaycheck ${htmlText(report.tool.version, 40)}`;
  const counts = COUNTED.filter(([, key]) => report.summary[key] > 0).map(([status, key]) => `<li>${statusChip(status, `${report.summary[key]} ${status}`)}</li>`);
  // A fidelity run leads with its own verdict (the exit code follows it); the Codex one grades cases only.
  const { fidelity } = report;
  const look = fidelity ? (fidelity.verdict === 'faithful' ? 'compatible' : 'incompatible') : codex;
  return [
    `<header class="verdict v-${look}">`,
    '<p class="eyebrow">relaycheck report</p>',
    fidelity ? `<h1>Fidelity: <span class="word">${htmlText(fidelityHeadline(fidelity), 200)}</span></h1>` : `<h1>Codex: <span class="word">${escapeHtml(codex)}</span></h1>`,
    ...(report.warnings ?? []).map((w) => `<p class="run-warning" role="alert"><strong>Warning:</strong> ${htmlText(w.message, 400)}</p>`),
    fidelity ? `<p>Sides tested: ${escapeHtml(fidelity.sides.join(', '))}.</p>` : `<p>${escapeHtml(CODEX_VERDICT_MEANING[codex])}.</p>`,
    '<dl class="facts">',
    `<dt>Relay</dt><dd><code>${htmlText(report.target.baseUrl, 300)}</code></dd>`,
    `<dt>Model</dt><dd><code>${htmlText(report.target.model, 100)}</code></dd>`,
    fidelity ? '' : `<dt>Spec verdict</dt><dd><strong>${escapeHtml(spec)}</strong>: ${escapeHtml(SPEC_VERDICT_MEANING[spec])}</dd>`,
    `<dt>Result</dt><dd>${escapeHtml(summaryText(report.summary))}${report.repeat ? `, each case run ${report.repeat.runs} times` : ''}</dd>`,
    report.tokens ? `<dt>Tokens</dt><dd>${escapeHtml(tokensText(report.tokens))}</dd>` : '',
    report.headers ? `<dt>${HEADERS_HEADING}</dt><dd><ul>${report.headers.map((o) => `<li>${htmlText(headerObservationLine(o), 400)}</li>`).join('')}</ul></dd>` : '',
    `<dt>Run</dt><dd>${run}</dd>`,
    '</dl>',
    counts.length > 0 ? `<ul class="counts">${counts.join('')}</ul>` : '',
    '</header>',
  ].join('\n');
}

function reasons(report: RunReport): string {
  if (report.verdict.reasons.length === 0) return '<h2>Why</h2>\n<p>Nothing that Codex depends on broke.</p>';
  return `<h2>Why</h2>\n<ul class="reasons">${report.verdict.reasons.map((r) => `<li>${htmlText(r, 500)}</li>`).join('')}</ul>`;
}

/** run --with-codex: a disagreement with the real Codex is relaycheck's bug, so it comes before anything else. */
function disagreement(report: RunReport): string {
  const [headline, ...lines] = liveCodexDisagreementLines(report);
  if (headline === undefined) return '';
  return `<section class="run-warning" role="alert" id="live-codex-disagreement"><p><strong>${htmlText(headline, 300)}</strong></p><ul>${lines.map((line) => `<li>${htmlText(line, 500)}</li>`).join('')}</ul></section>`;
}

function liveCodex(report: RunReport): string {
  const live = report.liveCodex;
  if (!live) return '';
  const turns = live.turns.map((t) => `<li>${statusChip(t.succeeded ? 'pass' : 'fail', t.succeeded ? 'succeeded' : 'failed')} ${htmlText(liveCodexTurnLine(t), 600)}</li>`);
  return `<h2 id="live-codex">The real Codex on this relay</h2>\n<p>${htmlText(liveCodexSummary(live), 300)}</p>\n<ul class="reasons">${turns.join('')}</ul>`;
}

/** With --repeat: flaky cases (broke in some runs) apart from broken ones (broke in every run). */
/** What relaycheck asked the relay to explain the refusal (report.json's `diagnosis`). */
function diagnosis(report: RunReport): string {
  if (!report.diagnosis) return '';
  return `<h2 id="diagnosis">Diagnosis</h2>\n<ul class="reasons">${diagnosisLines(report.diagnosis).map((line) => `<li>${htmlText(line, 500)}</li>`).join('')}</ul>`;
}

function repeatSection(report: RunReport): string {
  if (!report.repeat) return '';
  const { flaky, broken } = repeatClasses(report);
  const item = (i: number) => {
    const c = report.cases[i]!;
    return `<li><a href="#${caseAnchor(i)}">${htmlText(c.id, 100)}</a> ${(c.runs?.statuses ?? []).map((s) => statusChip(s)).join(' ')}</li>`;
  };
  return [
    `<h2 id="repeat">Flaky and broken over ${report.repeat.runs} runs</h2>`,
    flaky.length > 0 ? `<h3>Flaky (${flaky.length}): broke in some runs, not in others</h3><ul>${flaky.map(item).join('')}</ul>` : '<p>No flaky case: no case broke in some runs and not in others.</p>',
    broken.length > 0 ? `<h3>Broken (${broken.length}): broke in every run</h3><ul>${broken.map(item).join('')}</ul>` : '<p>No case broke in every run.</p>',
  ].join('\n');
}

/** One row per suite (a capability Codex uses): its worst case first, then every case as a chip. */
function capabilities(report: RunReport): string {
  if (report.cases.length === 0) return '';
  const suites = new Map<string, { c: CaseResult; index: number }[]>();
  report.cases.forEach((c, index) => suites.set(c.suite, [...(suites.get(c.suite) ?? []), { c, index }]));
  // The report names its suites' titles; one from before it did shows their ids.
  const titles = new Map((report.suites ?? []).map((suite) => [suite.id, suite.title]));
  const rows = [...suites].map(([suite, cases]) => {
    const worst = worstStatus(cases.map(({ c }) => c.status))!;
    const worstCase = cases.find(({ c }) => c.status === worst)!;
    const title = titles.get(suite);
    const chips = [...cases]
      .sort((a, b) => statusRank(a.c.status) - statusRank(b.c.status))
      .map(({ c, index }) => `<a class="chip s-${c.status}" href="#${caseAnchor(index)}" title="${htmlText(caseHeadline(c) || c.status, 200)}">${htmlText(c.id, 80)}</a>`);
    const cause = worst === 'pass' ? '' : `<br><span class="muted">${htmlText(worstCase.c.id, 80)}: ${htmlText(caseHeadline(worstCase.c), 160)}</span>`;
    return `<tr><td><strong>${htmlText(title ?? suite, 80)}</strong><br><code class="muted">${htmlText(suite, 60)}</code></td><td>${statusChip(worst)}${cause}</td><td>${chips.join('')}</td></tr>`;
  });
  return [
    '<h2 id="capabilities">Capabilities</h2>',
    `<p class="muted">Each capability shows its worst case. Codex verdict: ${verdictChip(report.verdict.codex)}</p>`,
    '<div class="scroll"><table class="matrix capabilities"><thead><tr><th>Capability</th><th>Worst case</th><th>Cases</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table></div>',
  ].join('\n');
}

function footer(report: RunReport): string {
  return `<footer>relaycheck report format ${escapeHtml(String(report.schemaVersion))} (docs/report-format.md). report.json holds every value exactly; this page shortens long values and shows control characters as <code>\\uXXXX</code> escapes.</footer>`;
}
