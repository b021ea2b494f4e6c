// One case of report.html, folded: the summary line says the status and the cause; opened, it shows
// the requirement, each failed check with expected vs received and its JSON pointer, the SSE
// timeline, both header sets, the body preview and a curl command that sends the request again.
import type { CaseResult, CheckResult, Failure, RunReport, Transcript } from './model.ts';
import { isBroken } from '../run/case-status-order.ts';
import { curlReproducer } from './curl-reproducer.ts';
import { caseAnchor, flakyChip, statusChip } from './html-chips.ts';
import { escapeHtml, htmlBlock, htmlText } from './html-escape.ts';
import { eventAnchor, renderTimeline } from './html-timeline.ts';
import { caseHeadline, failedChecks, labelMeaning, retryPhrase, transportMeaning } from './outcome-wording.ts';
import { formatBytes, formatDuration, valueText } from './plain-text.ts';

/** Failures listed per check; report.json has all of them. */
const MAX_FAILURES_SHOWN = 10;
const MAX_HEADERS_SHOWN = 40;

export interface CaseRenderContext {
  report: RunReport;
  index: number;
  apiKeyEnv?: string;
}

export function renderCase(c: CaseResult, ctx: CaseRenderContext): string {
  const anchor = caseAnchor(ctx.index);
  const headline = caseHeadline(c);
  const facts = [c.http ? `HTTP ${c.http.status}` : 'no HTTP answer', formatDuration(c.durationMs)];
  const summary = [
    statusChip(c.status),
    c.runs?.flaky ? flakyChip(c.runs.statuses) : '',
    `<span class="case-id">${htmlText(c.id, 100)}</span>`,
    `<span class="muted">${escapeHtml(facts.join(' · '))}</span>`,
    headline ? `<span class="headline">${htmlText(headline, 300)}</span>` : '',
  ].join('');
  const body = [
    `<p><strong>${htmlText(c.title, 300)}</strong> <span class="muted">(suite ${htmlText(c.suite, 60)})</span></p>`,
    `<blockquote><strong>Requirement:</strong> ${htmlText(c.requirement, 600)}</blockquote>`,
    runsLine(c),
    retriesLine(c),
    ...c.labels.map((l) => `<p><strong>Diagnosis:</strong> ${htmlText(labelMeaning(l) ?? l, 300)}</p>`),
    c.error ? `<p><strong>No answer:</strong> ${escapeHtml(c.error.kind)}, ${escapeHtml(transportMeaning(c.error.kind))}: ${htmlText(c.error.message, 400)}</p>` : '',
    checksSection(c, anchor),
    c.transcript ? transcriptSections(c.transcript, anchor) : '<p class="muted">No transcript was recorded.</p>',
    c.status !== 'pass' ? reproducer(c, ctx) : '',
  ];
  return `<details class="case" id="${anchor}"><summary>${summary}</summary><div class="case-body">\n${body.filter(Boolean).join('\n')}\n</div></details>`;
}

function runsLine(c: CaseResult): string {
  if (!c.runs) return '';
  const broke = c.runs.statuses.filter(isBroken).length;
  const words = c.runs.flaky ? `flaky: broke in ${broke} of ${c.runs.statuses.length} runs` : `same outcome class in all ${c.runs.statuses.length} runs`;
  return `<p><strong>Runs:</strong> ${c.runs.statuses.map((s) => statusChip(s)).join(' ')} <span class="muted">(${escapeHtml(words)}; this page shows the worst run)</span></p>`;
}

function retriesLine(c: CaseResult): string {
  const phrase = retryPhrase(c);
  if (!phrase || !c.retries) return '';
  const answers = c.retries.answers.map((a) => `<li>${a.status === undefined ? 'no HTTP status' : `HTTP ${a.status}`}: ${htmlText(a.cause, 300)} <span class="muted">(then ${escapeHtml(`${a.delayMs} ms, ${a.delaySource}`)})</span></li>`);
  return `<p><strong>Retries:</strong> ${htmlText(phrase, 300)}</p>${answers.length > 0 ? `<ol>${answers.join('')}</ol>` : ''}`;
}

function checksSection(c: CaseResult, anchor: string): string {
  const failed = failedChecks(c);
  const passed = c.checks.filter((check) => check.status === 'pass');
  const skipped = c.checks.filter((check) => check.status === 'skip');
  const parts: string[] = [];
  if (failed.length > 0) parts.push('<h3>Failed checks</h3>', ...failed.map((check) => checkBlock(check, anchor, c.transcript)));
  else if (c.status === 'skip') parts.push(`<p><strong>Skipped:</strong> ${htmlText(skipped[0]?.message ?? 'no check ran', 300)}</p>`);
  if (passed.length + skipped.length > 0) {
    const items = [...passed, ...skipped].map((check) => `<li>${statusChip(check.status === 'pass' ? 'pass' : 'skip', check.status)} <code>${htmlText(check.id, 80)}</code> ${htmlText(check.message, 200)}</li>`);
    parts.push(`<details class="passed-checks"><summary>${passed.length} passed, ${skipped.length} skipped</summary><ul>${items.join('')}</ul></details>`);
  }
  return parts.join('\n');
}

function checkBlock(check: CheckResult, anchor: string, transcript: Transcript | undefined): string {
  const severity = check.severity === 'required' ? statusChip('fail', 'required') : statusChip('warn', 'recommended');
  const head = `<div class="check-head">${severity} <code>${htmlText(check.id, 80)}</code> <span>${htmlText(check.message, 400)}</span></div>`;
  const failures = check.failures ?? [];
  if (failures.length === 0) return `<div class="check">${head}</div>`;
  const rows = failures.slice(0, MAX_FAILURES_SHOWN).map((f) => failureRow(f, anchor, transcript));
  const more = failures.length > MAX_FAILURES_SHOWN ? `<p class="muted">… ${failures.length - MAX_FAILURES_SHOWN} more in report.json</p>` : '';
  return [
    `<div class="check">${head}`,
    '<div class="scroll"><table class="failures"><thead><tr><th>Event</th><th>Pointer</th><th>Expected</th><th>Received</th><th>Mismatch</th></tr></thead><tbody>',
    ...rows,
    `</tbody></table></div>${more}</div>`,
  ].join('\n');
}

function failureRow(f: Failure, anchor: string, transcript: Transcript | undefined): string {
  let event = '—';
  if (f.eventIndex !== undefined) {
    // Link only to events the transcript kept; later ones exist in the stream but not in the report.
    event = transcript && f.eventIndex < transcript.events.length ? `<a href="#${eventAnchor(anchor, f.eventIndex)}">#${f.eventIndex}</a>` : `#${f.eventIndex}`;
  }
  const value = (v: unknown) => (v === undefined ? '<span class="muted">—</span>' : `<code>${htmlText(valueText(v), 300)}</code>`);
  const pointer = f.path === undefined ? '<span class="muted">—</span>' : `<code>${f.path === '' ? '(whole payload)' : htmlText(f.path, 160)}</code>`;
  // data-label: the column name, shown before each value when a phone stacks the cells.
  return `<tr><td class="num" data-label="Event">${event}</td><td data-label="Pointer">${pointer}</td><td data-label="Expected">${value(f.expected)}</td><td data-label="Received">${value(f.actual)}</td><td data-label="Mismatch">${htmlText(f.message, 300)}</td></tr>`;
}

function transcriptSections(t: Transcript, anchor: string): string {
  const parts = ['<h3>SSE timeline</h3>'];
  const timeline = renderTimeline(t, anchor);
  if (timeline) parts.push(timeline);
  else parts.push(`<p class="muted">No SSE events${t.response ? `, ${escapeHtml(formatBytes(t.bytesReceived))} received` : ''}.</p>`);
  parts.push('<h3>Headers</h3>', '<div class="headers">', headerTable(`${htmlText(t.request.method, 20)} ${htmlText(t.request.url, 300)} <span class="muted">(body ${escapeHtml(formatBytes(t.request.bodyBytes))})</span>`, t.request.headers));
  if (t.response) {
    const status = `HTTP ${t.response.status}${t.response.statusText ? ` ${htmlText(t.response.statusText, 80)}` : ''}${t.response.headersMs !== undefined ? ` <span class="muted">after ${escapeHtml(formatDuration(t.response.headersMs))}</span>` : ''}`;
    parts.push(headerTable(status, t.response.headers));
  } else parts.push('<p class="muted">No response head arrived.</p>');
  parts.push('</div>');
  if (t.bodyPreview) parts.push('<h3>Response body (start)</h3>', `<pre>${htmlBlock(t.bodyPreview, 2000)}</pre>`);
  return parts.join('\n');
}

function headerTable(caption: string, headers: Record<string, string>): string {
  const entries = Object.entries(headers);
  const rows = entries.slice(0, MAX_HEADERS_SHOWN).map(([name, value]) => `<tr><td><code>${htmlText(name, 80)}</code></td><td><code>${htmlText(value, 400)}</code></td></tr>`);
  if (entries.length > MAX_HEADERS_SHOWN) rows.push(`<tr><td colspan="2" class="muted">… ${entries.length - MAX_HEADERS_SHOWN} more in report.json</td></tr>`);
  if (rows.length === 0) rows.push('<tr><td colspan="2" class="muted">none</td></tr>');
  return `<div><p>${caption}</p><div class="scroll"><table><tbody>${rows.join('')}</tbody></table></div></div>`;
}

function reproducer(c: CaseResult, ctx: CaseRenderContext): string {
  const lines = curlReproducer(ctx.report, c, ctx.apiKeyEnv);
  if (!lines) return '';
  return `<h3>Reproduce</h3>\n<pre class="curl">${escapeHtml(lines.join('\n'))}</pre>`;
}
