// Making untrusted text inert in GitHub-flavoured Markdown. A relay controls most strings in a report,
// and report.md gets rendered (CI summaries, PR comments): nothing it sends may become HTML, a link,
// emphasis, a heading, a table cell boundary or a line break.
import { clean } from './plain-text.ts';

// Every ASCII punctuation character may be backslash-escaped in CommonMark; these are the ones that
// can start inline syntax (HTML, entities, links, emphasis, code, strikethrough, math, table cells).
const INLINE_ACTIVE = /[\\`*_[\]<>&|~$]/g;
// At the start of a block (list item text, heading text) these open another block.
const BLOCK_START = /^(?:#{1,6}(?=[ \t]|$)|[>+\-=]|\d{1,9}[.)](?=[ \t]|$))/;

/**
 * Prose: single line, bounded, with Markdown syntax escaped. Safe in paragraphs, list items,
 * headings and table cells (GFM reads `\|` as a literal pipe there, and `\\` keeps a relay's own
 * backslash from un-escaping the next pipe).
 */
export function mdText(text: string, max = 300): string {
  return clean(text, max)
    .trim()
    .replace(INLINE_ACTIVE, '\\$&')
    // GFM autolinks bare URLs and www. names; a relay's text should not become a link.
    .replace(/:\/\//g, '\\://')
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\\.`)
    // GitHub links e-mail addresses and notifies @mentions (a backslash does not stop either); a
    // zero-width space after the @ does, and reads the same.
    .replace(/@/g, '@\u200b')
    .replace(BLOCK_START, (m) => `${m.slice(0, -1)}\\${m.slice(-1)}`);
}

/**
 * A code span, outside tables only (inside a table cell GFM splits on a `|` that follows a
 * backslash even in code). Backslashes and HTML are literal in code spans; the fence is longer than
 * any backtick run inside, and padded so edge backticks or spaces survive.
 */
export function mdCode(text: string, max = 200): string {
  const body = clean(text, max);
  if (body === '') return '*(empty)*';
  const longestRun = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || (body.startsWith(' ') && body.endsWith(' ') && body.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A fenced code block around lines that are already single-line and visible (see plain-text.ts). */
export function mdFence(lines: string[], info = 'text'): string {
  const longestRun = Math.max(0, ...(lines.join('\n').match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return [`${fence}${info}`, ...lines, fence].join('\n');
}
