// Making untrusted text inert in HTML. A relay controls most strings in a report, and report.html is
// opened in a browser: nothing it sends may become markup, an attribute, a URL or a script. Text is
// first made visible and bounded (plain-text.ts, so bidi and invisible characters cannot disguise
// it), then every character HTML gives meaning to is replaced by an entity.
import { clean, oneLine, truncate } from './plain-text.ts';

const HTML_SPECIAL = /[&<>"'`]/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes markup characters only; the text must already be visible (see htmlText). Safe in element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(HTML_SPECIAL, (ch) => ENTITY[ch]!);
}

/** Untrusted text for element content or a double-quoted attribute: one line, bounded, visible, escaped. */
export function htmlText(text: string, max = 300): string {
  return escapeHtml(clean(text, max));
}

/** Untrusted multi-line text for a <pre>: bounded, line breaks kept, everything else visible and escaped. */
export function htmlBlock(text: string, max = 2000): string {
  return escapeHtml(truncate(text, max).split(/\r\n|\r|\n/).map(oneLine).join('\n'));
}
