// The event-arrival picture of one streamed case for report.html: an inline SVG with time on the x
// axis and one tick per event (a bounded sample of a long stream), the time to the first event, the
// response head, and the silence that reached Codex's idle timeout. A buffered stream shows as one
// late burst of ticks. SVG attributes place everything: the page's CSP allows no inline style.
import type { EventArrivals, Transcript } from './model.ts';
import { escapeHtml, htmlText } from './html-escape.ts';
import { formatDuration } from './plain-text.ts';

const WIDTH = 1000;
const HEIGHT = 64;
const MARGIN = 8;
const TRACK = { top: 22, bottom: 46 };

type EventKind = 'lifecycle' | 'delta' | 'terminal' | 'failure';

export function eventKind(type: string): EventKind {
  if (type === 'error' || type === 'response.failed' || type === 'response.incomplete') return 'failure';
  if (type === 'response.completed' || type === 'response.done') return 'terminal';
  if (type.endsWith('.delta')) return 'delta';
  return 'lifecycle';
}

/** The arrivals the run kept, or (reports written before them) those of the transcript's events. */
export function arrivalsOf(t: Transcript): Omit<EventArrivals, 'idleTimeoutMs'> & { idleTimeoutMs?: number } {
  if (t.arrivals) return t.arrivals;
  const atMs = t.events.map((e) => e.atMs);
  const lastMs = atMs.at(-1) ?? 0;
  return { every: 1, atMs, lastMs, endMs: lastMs };
}

/** The SVG, '' when no event arrived. `link(i)` is the fragment of event i's row, when it has one. */
export function renderArrivals(t: Transcript, link: (index: number) => string | undefined): string {
  if (t.eventsTotal === 0 || t.events.length === 0) return '';
  const arrivals = arrivalsOf(t);
  const headMs = t.response?.headersMs ?? 0;
  const endMs = Math.max(arrivals.endMs, arrivals.lastMs, headMs, 1);
  const x = (ms: number) => (MARGIN + (Math.min(Math.max(0, ms), endMs) / endMs) * (WIDTH - 2 * MARGIN)).toFixed(1);
  const firstMs = arrivals.atMs[0] ?? arrivals.lastMs;

  const kept = arrivals.atMs.map((atMs, k) => ({ index: k * arrivals.every, atMs }));
  const lastIndex = t.eventsTotal - 1;
  if (kept.at(-1)?.index !== lastIndex) kept.push({ index: lastIndex, atMs: arrivals.lastMs });
  const ticks = kept.map(({ index, atMs }) => {
    const event = t.events[index];
    const type = event?.type ?? event?.event;
    const tick = `<rect class="tick ev-${type === undefined ? 'lifecycle' : eventKind(type)}" x="${x(atMs)}" y="${TRACK.top}" width="2" height="${TRACK.bottom - TRACK.top}"><title>#${index} +${escapeHtml(formatDuration(atMs))}${type === undefined ? '' : ` ${htmlText(type, 80)}`}</title></rect>`;
    const href = link(index);
    return href ? `<a href="#${href}">${tick}</a>` : tick;
  });

  const head = t.response ? `<line class="head" x1="${x(headMs)}" x2="${x(headMs)}" y1="${TRACK.top - 4}" y2="${TRACK.bottom + 4}"><title>response head +${escapeHtml(formatDuration(headMs))}</title></line>` : '';
  const firstLabel = `first event +${formatDuration(firstMs)}`;
  const labelAtEnd = Number(x(firstMs)) > WIDTH * 0.6;
  const first = [
    `<line class="to-first" x1="${x(0)}" x2="${x(firstMs)}" y1="${TRACK.bottom + 8}" y2="${TRACK.bottom + 8}"><title>${escapeHtml(firstLabel)}</title></line>`,
    `<text class="label first-label" x="${x(firstMs)}" y="16" text-anchor="${labelAtEnd ? 'end' : 'start'}">${escapeHtml(firstLabel)}</text>`,
  ].join('');
  const idle = arrivals.idleEnded && arrivals.idleTimeoutMs !== undefined ? idleMark(x(arrivals.lastMs), x(endMs), endMs - arrivals.lastMs, arrivals.idleTimeoutMs) : '';
  const sampled = arrivals.every > 1 ? `, one tick per ${arrivals.every} events` : '';
  return `<svg class="arrivals" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(`${t.eventsTotal} events from 0 to ${formatDuration(endMs)}${sampled}, ${firstLabel}`)}"><rect class="track" x="${MARGIN}" y="${TRACK.top}" width="${WIDTH - 2 * MARGIN}" height="${TRACK.bottom - TRACK.top}"/>${idle}${head}${ticks.join('')}${first}</svg>`;
}

function idleMark(from: string, to: string, silentMs: number, idleTimeoutMs: number): string {
  const words = `silent ${formatDuration(silentMs)}: Codex's idle timeout (${formatDuration(idleTimeoutMs)}) ends the turn here`;
  return `<rect class="idle-gap" x="${from}" y="${TRACK.top}" width="${(Number(to) - Number(from)).toFixed(1)}" height="${TRACK.bottom - TRACK.top}"><title>${escapeHtml(words)}</title></rect><text class="label idle-label" x="${to}" y="${HEIGHT - 2}" text-anchor="end">${escapeHtml(words)}</text>`;
}
