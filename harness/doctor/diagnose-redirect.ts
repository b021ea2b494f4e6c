// A redirect on POST /responses. relaycheck follows it only where Codex succeeds through it (a
// same-origin 307/308: then it is a warning, since each turn pays an extra round trip); a 301/302
// turns the POST into a GET and a cross-host hop drops the Authorization header, so those are
// errors. Either way base_url should name the final address, but only on the origin the user gave:
// a redirect to another origin (another port or scheme included) is reported, never probed with
// the key and never suggested.
import { finding, type Finding } from '../codex-config/finding.ts';
import { sameOrigin } from '../http/same-origin.ts';
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
  if (resolved && !sameOrigin(resolved, requestUrl)) {
    // Codex follows a cross-origin 307/308 without the Authorization header (docs/codex-ground-truth.md).
    const fix = `ask the relay's operator for the base_url to use; relaycheck sent nothing to ${resolved.origin}, and Codex would reach it without your key`;
    return { findings: [finding('endpoint.redirect-other-origin', 'endpoint', 'error', `the relay redirects POST /responses (HTTP ${status}) to another origin, ${resolved.origin}`, evidence, fix)], verified: [] };
  }
  const suggested = resolved && /\/responses\/?$/.test(resolved.pathname) ? `${resolved.origin}${resolved.pathname.replace(/\/responses\/?$/, '')}` : undefined;
  const fix = suggested ? `set base_url = "${suggested}"` : 'point base_url at the address the relay redirects to (Codex appends /responses to base_url)';
  const f = finding('endpoint.redirect', 'endpoint', 'error', `the relay redirects POST /responses (HTTP ${status}) instead of answering it`, evidence, fix);
  return {
    findings: [f],
    verified: [],
    ...(suggested ? { next: { target: { ...probe.target, baseUrl: suggested }, adjust: { baseUrl: suggested } } } : {}),
  };
};
