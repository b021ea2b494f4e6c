// Text a relay controls (messages, headers, event data) ends up in terminals, Markdown and XML.
// These helpers make it visible, inert and bounded once, so every output shows the same form of the
// same bytes: run's console, doctor's output, the reports. report.json keeps the exact values of
// failures; everything rendered goes through here.
import { textPrefix } from '../bounds/bounded-text.ts';

// Control characters (C0 but tab/newline/CR, DEL, C1), invisible format and bidi characters (a
// relay could reorder or hide text with them), non-characters, and lone surrogates (not encodable
// as UTF-8 or XML). Deliberately without the `u` flag so lone surrogates match as code units.
const INVISIBLE =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const LINE_BREAKS = /\r\n|[\r\n\t]/g;
const BREAK_ESCAPES: Record<string, string> = { '\r\n': '\\r\\n', '\r': '\\r', '\n': '\\n', '\t': '\\t' };

const hex4 = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** One line, every invisible or unsafe character shown as a `\n` / `\uXXXX` escape. */
export function oneLine(text: string): string {
  return text.replace(INVISIBLE, hex4).replace(LINE_BREAKS, (m) => BREAK_ESCAPES[m]!);
}

/** Cuts to at most `max` UTF-16 units without splitting a surrogate pair, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${textPrefix(text, Math.max(0, max - 1))}…`;
}

/** A Failure's expected/actual as text: strings as they are, anything else as JSON. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Bounded, single-line, visible form of untrusted text. Truncates first so a 20 MB string costs nothing. */
export function clean(text: string, max = 200): string {
  return oneLine(truncate(text, max));
}

/**
 * Words a relay sent (an error message, a page title, a header, a model id), for a sentence of
 * ours: bounded, on one line, every control, C1 and bidi character shown as an escape, and in
 * double quotes (a quote or backslash inside escaped), so it can never pass for relaycheck's own
 * text, forge a line of output, or reach a terminal as an escape sequence.
 */
export function relayWords(text: string, max = 200): string {
  return `"${oneLine(truncate(text, max).replace(/["\\]/g, '\\$&'))}"`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms - minutes * 60_000) / 1000)} s`;
}

export function formatBytes(bytes: number): string {
  return bytes === 1 ? '1 byte' : `${bytes.toLocaleString('en-US')} bytes`;
}
