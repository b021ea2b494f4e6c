// The page around report.html and matrix.html: self-contained (no CDN, no fonts, no scripts, so it
// works offline and from a CI artifact), with a Content-Security-Policy that forbids every script
// and allows only this page's own stylesheet, by hash. Escaping keeps relay text inert; the CSP is
// the second wall should escaping ever miss something.
import { createHash } from 'node:crypto';
import { htmlText } from './html-escape.ts';
import { PAGE_CSS } from './html-styles.ts';

const STYLE_HASH = createHash('sha256').update(PAGE_CSS).digest('base64');

export const PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  'img-src data:',
  "script-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** A whole HTML document; `title` is untrusted plain text, `body` is trusted markup built from escaped parts. */
export function htmlDocument(title: string, body: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${htmlText(title, 200)}</title>`,
    `<style>${PAGE_CSS}</style>`,
    '</head>',
    '<body>',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
