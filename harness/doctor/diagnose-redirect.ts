// A 3xx on POST /responses. relaycheck never follows it (the key could travel to another host);
// Codex's HTTP client may, but a 301/302 turns the POST into a GET and a cross-host hop drops the
// Authorization header. Either way base_url should name the final address.
import { finding } from '../codex-config/finding.ts';
import { responsesUrl, type Diagnoser } from './diagnosis.ts';

export const diagnoseRedirect: Diagnoser = (probe) => {
  const status = probe.status;
  if (status === undefined || status < 300 || status >= 400) return undefined;
  const requestUrl = responsesUrl(probe);
  const location = probe.headers.location;
  const evidence = [`POST ${requestUrl}: HTTP ${status} → ${location ?? 'no Location header'}`];
  let resolved: URL | undefined;
  try {
    resolved = location ? new URL(location, requestUrl) : undefined;
  } catch {
    resolved = undefined;
  }
  const suggested = resolved && /\/responses\/?$/.test(resolved.pathname) ? `${resolved.origin}${resolved.pathname.replace(/\/responses\/?$/, '')}` : undefined;
  const fix = suggested ? `set base_url = "${suggested}"` : 'point base_url at the address the relay redirects to (Codex appends /responses to base_url)';
  const f = finding('endpoint.redirect', 'endpoint', 'error', `the relay redirects POST /responses (HTTP ${status}) instead of answering it`, evidence, fix);
  // Re-probe only on the same host, so the key never goes where the user did not send it.
  const sameHost = suggested !== undefined && resolved!.hostname === new URL(probe.target.baseUrl).hostname;
  return {
    findings: [f],
    verified: [],
    ...(sameHost ? { next: { target: { ...probe.target, baseUrl: suggested! }, adjust: { baseUrl: suggested! } } } : {}),
  };
};
