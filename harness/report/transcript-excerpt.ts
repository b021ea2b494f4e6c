// A few lines of evidence from a case's transcript: the request line, the response head and the first
// events. Shared by Markdown and JUnit; report.json keeps the whole (already bounded) transcript.
import type { Transcript } from './model.ts';
import { clean, formatBytes, formatDuration } from './plain-text.ts';

export interface ExcerptLimits {
  events: number;
  eventChars: number;
  headers: number;
  headerChars: number;
  bodyChars: number;
}

export const DEFAULT_EXCERPT_LIMITS: ExcerptLimits = { events: 5, eventChars: 160, headers: 8, headerChars: 120, bodyChars: 300 };

/** Plain-text lines, each already made single-line and visible: safe to put in any container. */
export function transcriptExcerpt(t: Transcript, limits: ExcerptLimits = DEFAULT_EXCERPT_LIMITS): string[] {
  const lines = [`${clean(t.request.method, 20)} ${clean(t.request.url, 300)} (body: ${formatBytes(t.request.bodyBytes)})`];
  const res = t.response;
  if (!res) {
    lines.push('no response head');
  } else {
    const statusText = res.statusText ? ` ${clean(res.statusText, 80)}` : '';
    const after = res.headersMs === undefined ? '' : ` after ${formatDuration(res.headersMs)}`;
    lines.push(`HTTP ${res.status}${statusText}${after}`);
    const headers = Object.entries(res.headers);
    for (const [name, value] of headers.slice(0, limits.headers)) lines.push(`  ${clean(name, 60)}: ${clean(value, limits.headerChars)}`);
    if (headers.length > limits.headers) lines.push(`  (${headers.length - limits.headers} more headers)`);
  }
  for (const [i, e] of t.events.slice(0, limits.events).entries()) {
    const type = e.type ?? e.event ?? '(untyped)';
    const name = e.event !== undefined && e.event !== type ? ` (event: ${clean(e.event, 60)})` : '';
    lines.push(`#${i} +${formatDuration(e.atMs)} ${clean(type, 80)}${name}: ${clean(e.data, limits.eventChars)}`);
  }
  const shown = Math.min(t.events.length, limits.events);
  if (t.eventsTotal > 0) lines.push(`${shown} of ${t.eventsTotal} events shown, ${formatBytes(t.bytesReceived)} received`);
  else if (res) lines.push(`no SSE events, ${formatBytes(t.bytesReceived)} received`);
  if (t.bodyPreview !== undefined && t.bodyPreview !== '') lines.push(`body: ${clean(t.bodyPreview, limits.bodyChars)}`);
  return lines;
}
