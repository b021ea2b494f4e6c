// The SSE timeline of one case for report.html: the event-arrival picture (html-arrivals.ts: a
// stall shows as a gap, a buffered stream as one late burst), then a table of the first events with
// their time, gap and data.
import type { Transcript } from './model.ts';
import { escapeHtml, htmlText } from './html-escape.ts';
import { formatBytes, formatDuration } from './plain-text.ts';
import { arrivalsOf, eventKind, renderArrivals } from './html-arrivals.ts';

/** A gap at least this long is marked: Codex users see a stall, and idle timeouts start counting. */
export const LONG_GAP_MS = 1000;

export function eventAnchor(caseAnchor: string, index: number): string {
  return `${caseAnchor}-ev-${index}`;
}

/** Timeline markup for a transcript, or '' when no event arrived. */
export function renderTimeline(t: Transcript, caseAnchor: string): string {
  if (t.events.length === 0) return '';
  const headMs = t.response?.headersMs ?? 0;
  const strip = renderArrivals(t, (i) => (i < t.events.length ? eventAnchor(caseAnchor, i) : undefined));
  const arrivals = arrivalsOf(t);
  const endMs = Math.max(arrivals.endMs, arrivals.lastMs, headMs, 1);
  const axis = `<div class="axis"><span>0</span><span>${escapeHtml(formatDuration(endMs))}</span></div>`;

  let previous = headMs;
  const rows = t.events.map((e, i) => {
    const gap = e.atMs - previous;
    previous = e.atMs;
    const long = gap >= LONG_GAP_MS;
    const type = e.type ?? e.event ?? '(untyped)';
    const renamed = e.event !== undefined && e.event !== type ? ` <span class="muted">(event: ${htmlText(e.event, 60)})</span>` : '';
    return `<tr id="${eventAnchor(caseAnchor, i)}" class="ev-row ev-${eventKind(type)}"><td class="num">${i}</td><td class="num">+${escapeHtml(formatDuration(e.atMs))}</td><td class="num${long ? ' gap-long' : ''}">${long ? '⏸ ' : ''}${escapeHtml(formatDuration(Math.max(0, gap)))}</td><td><code>${htmlText(type, 80)}</code>${renamed}</td><td class="data"><code>${htmlText(e.data, 600)}</code></td></tr>`;
  });
  const shown = t.eventsTotal > t.events.length ? `first ${t.events.length} of ${t.eventsTotal} events` : `${t.eventsTotal} event${t.eventsTotal === 1 ? '' : 's'}`;
  const longest = Math.max(...t.events.map((e, i) => e.atMs - (i === 0 ? headMs : t.events[i - 1]!.atMs)));
  return [
    `<p class="muted">${shown}, ${escapeHtml(formatBytes(t.bytesReceived))}; first event after ${escapeHtml(formatDuration(arrivals.atMs[0] ?? arrivals.lastMs))}; longest gap ${escapeHtml(formatDuration(Math.max(0, longest)))}${longest >= LONG_GAP_MS ? ' (marked ⏸)' : ''}${arrivals.idleEnded ? `; then silent until Codex's idle timeout (${escapeHtml(formatDuration(arrivals.idleTimeoutMs ?? 0))}) ended the turn` : ''}.</p>`,
    strip,
    axis,
    '<div class="scroll"><table class="events"><thead><tr><th>#</th><th>At</th><th>Gap</th><th>Type</th><th>Data</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table></div>',
  ].join('\n');
}
