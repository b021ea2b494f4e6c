// A redirect on POST /responses. relaycheck follows it only where Codex succeeds through it (a
// same-origin 307/308: then it is a warning, since each turn pays an extra round trip); a 301/302
// turns the POST into a GET and a cross-host hop drops the Authorization header, so those are
// errors. Either way base_url should name the final address.
import { finding, type Finding } from '../codex-config/finding.ts';
import { responsesUrl, type Diagnoser } from './diagnosis.ts';
import type { TurnProbe } from './probe-turn.ts';

/** A passing turn that got there through same-origin redirects: works, but base_url should move. */
export function followedRedirect(probe: TurnProbe): { finding: Finding; baseUrl: string } | undefined {
  if (!probe.redirectedTo) return undefined;
  const baseUrl = probe.redirectedTo.replace(/\/responses\/?(\?.*)?$/, '');
  const evidence = [`POST ${responsesUrl(probe)} was redirected to ${probe.redirectedTo}, which answered`];
  return { baseUrl, finding: finding('endpoint.redirect', 'endpoint', 'warning', 'the relay redirects POST /responses on the same host: Codex follows it, at the cost of a round trip per turn', evidence, `set base_url = "${baseUrl}"`) };
}

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
