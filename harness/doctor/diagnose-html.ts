// An HTML page instead of the API (any status): a Cloudflare challenge, a login wall, a web site.
import { finding } from '../codex-config/finding.ts';
import { describeHtmlPage, recognizeHtmlPage, type HtmlPageKind } from './html-page.ts';
import { responsesUrl, type Diagnoser } from './diagnosis.ts';
import { relayWords } from '../report/plain-text.ts';

const FIX: Record<HtmlPageKind, string> = {
  cloudflare: "Codex cannot pass a browser check: ask the relay's operator to exempt the API paths (/v1/*) from Cloudflare bot protection, or use the relay's direct API host",
  'login-wall': "base_url points at the site's sign-in page: use the API address the relay documents (usually https://<host>/v1)",
  'web-page': 'base_url points at a web page: use the API address the relay documents (usually https://<host>/v1)',
};

export const diagnoseHtml: Diagnoser = (probe) => {
  const page = recognizeHtmlPage(probe.headers, probe.body);
  if (!page) return undefined;
  const type = probe.headers['content-type'];
  const evidence = [`POST ${responsesUrl(probe)}: HTTP ${probe.status ?? '?'}, content-type ${type === undefined ? 'none' : relayWords(type, 100)}`];
  if (probe.headers.server) evidence.push(`server: ${relayWords(probe.headers.server, 100)}`);
  if (probe.headers['cf-ray']) evidence.push(`cf-ray: ${relayWords(probe.headers['cf-ray'], 100)}`);
  return {
    findings: [finding(`endpoint.html-${page.kind}`, 'endpoint', 'error', `the relay answered with ${describeHtmlPage(page)}`, evidence, FIX[page.kind])],
    verified: [],
  };
};
