// The SSE timeline of one case for report.html: a strip placing each event on the time axis (so a
// stall shows as a gap), then a table of the events with their time, gap and data. SVG attributes
// position the marks because the page's CSP allows no inline style.
import type { Transcript, TranscriptEvent } from '../model.ts';
import { escapeHtml, htmlText } from './html-escape.ts';
import { formatBytes, formatDuration } from './plain-text.ts';

/** A gap at least this long is marked: Codex users see a stall, and idle timeouts start counting. */
export const LONG_GAP_MS = 1000;
const STRIP_WIDTH = 1000;
const STRIP_HEIGHT = 28;

type EventKind = 'lifecycle' | 'delta' | 'terminal' | 'failure';

function eventKind(e: TranscriptEvent): EventKind {
  const type = e.type ?? e.event ?? '';
  if (type === 'error' || type === 'response.failed' || type === 'response.incomplete') return 'failure';
  if (type === 'response.completed' || type === 'response.done') return 'terminal';
  if (type.endsWith('.delta')) return 'delta';
  return 'lifecycle';
}

export function eventAnchor(caseAnchor: string, index: number): string {
  return `${caseAnchor}-ev-${index}`;
}

/** Timeline markup for a transcript, or '' when no event arrived. */
export function renderTimeline(t: Transcript, caseAnchor: string): string {
  if (t.events.length === 0) return '';
  const headMs = t.response?.headersMs ?? 0;
  const endMs = Math.max(headMs, ...t.events.map((e) => e.atMs), 1);
  const x = (ms: number) => ((Math.max(0, ms) / endMs) * (STRIP_WIDTH - 8) + 4).toFixed(1);
  const marks = t.events.map(
    (e, i) =>
      `<a href="#${eventAnchor(caseAnchor, i)}"><rect class="ev ev-${eventKind(e)}" x="${x(e.atMs)}" y="4" width="3" height="${STRIP_HEIGHT - 8}"><title>#${i} +${escapeHtml(formatDuration(e.atMs))} ${htmlText(e.type ?? e.event ?? '(untyped)', 80)}</title></rect></a>`,
  );
  const head = t.response ? `<line class="head" x1="${x(headMs)}" x2="${x(headMs)}" y1="0" y2="${STRIP_HEIGHT}"><title>response head +${escapeHtml(formatDuration(headMs))}</title></line>` : '';
  const strip = `<svg class="strip" viewBox="0 0 ${STRIP_WIDTH} ${STRIP_HEIGHT}" preserveAspectRatio="none" role="img" aria-label="event times from 0 to ${escapeHtml(formatDuration(endMs))}">${head}${marks.join('')}</svg>`;
  const axis = `<div class="axis"><span>0</span><span>${escapeHtml(formatDuration(endMs))}</span></div>`;

  let previous = headMs;
  const rows = t.events.map((e, i) => {
    const gap = e.atMs - previous;
    previous = e.atMs;
    const long = gap >= LONG_GAP_MS;
    const type = e.type ?? e.event ?? '(untyped)';
    const renamed = e.event !== undefined && e.event !== type ? ` <span class="muted">(event: ${htmlText(e.event, 60)})</span>` : '';
    return `<tr id="${eventAnchor(caseAnchor, i)}" class="ev-row ev-${eventKind(e)}"><td class="num">${i}</td><td class="num">+${escapeHtml(formatDuration(e.atMs))}</td><td class="num${long ? ' gap-long' : ''}">${long ? '⏸ ' : ''}${escapeHtml(formatDuration(Math.max(0, gap)))}</td><td><code>${htmlText(type, 80)}</code>${renamed}</td><td class="data"><code>${htmlText(e.data, 600)}</code></td></tr>`;
  });
  const shown = t.eventsTotal > t.events.length ? `first ${t.events.length} of ${t.eventsTotal} events` : `${t.eventsTotal} event${t.eventsTotal === 1 ? '' : 's'}`;
  const longest = Math.max(...t.events.map((e, i) => e.atMs - (i === 0 ? headMs : t.events[i - 1]!.atMs)));
  return [
    `<p class="muted">${shown}, ${escapeHtml(formatBytes(t.bytesReceived))}; longest gap ${escapeHtml(formatDuration(Math.max(0, longest)))}${longest >= LONG_GAP_MS ? ' (marked ⏸)' : ''}.</p>`,
    strip,
    axis,
    '<div class="scroll"><table class="events"><thead><tr><th>#</th><th>At</th><th>Gap</th><th>Type</th><th>Data</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table></div>',
  ].join('\n');
}
