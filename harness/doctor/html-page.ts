// An HTML page where Codex expects JSON or SSE: a CDN challenge (Cloudflare's "Just a moment…"),
// a login wall, or the relay's web site. Codex shows such bodies raw in "unexpected status" errors,
// so naming the page is the most useful thing the doctor can do.
import { relayWords } from '../report/plain-text.ts';

export type HtmlPageKind = 'cloudflare' | 'login-wall' | 'web-page';

export interface HtmlPage {
  kind: HtmlPageKind;
  title?: string;
}

export function recognizeHtmlPage(headers: Record<string, string>, body: string | undefined): HtmlPage | undefined {
  const text = body?.trimStart() ?? '';
  const isHtml = /^text\/html\b/i.test(headers['content-type'] ?? '') || /^<(!doctype html|html)\b/i.test(text);
  if (!isHtml) return undefined;
  const title = /<title[^>]*>([^<]{0,200})<\/title>/i.exec(text)?.[1]?.replace(/\s+/g, ' ').trim();
  const withTitle = (kind: HtmlPageKind): HtmlPage => (title ? { kind, title } : { kind });
  const cloudflare =
    /cloudflare/i.test(headers.server ?? '') ||
    headers['cf-ray'] !== undefined ||
    /cloudflare|cf-chl-|cf-browser-verification|just a moment\.\.\.|attention required/i.test(text);
  if (cloudflare) return withTitle('cloudflare');
  if (/<input[^>]+type=["']?password|\b(sign|log) ?in\b|\blogin\b/i.test(`${title ?? ''} ${text.slice(0, 4096)}`)) return withTitle('login-wall');
  return withTitle('web-page');
}

export function describeHtmlPage(page: HtmlPage): string {
  const titled = page.title ? ` (${relayWords(page.title, 120)})` : '';
  switch (page.kind) {
    case 'cloudflare':
      return `a Cloudflare page${titled}: a bot check or WAF rule stands in front of the API`;
    case 'login-wall':
      return `a login page${titled}: the address serves a web sign-in, not the API`;
    case 'web-page':
      return `an HTML page${titled}, not the API`;
  }
}
