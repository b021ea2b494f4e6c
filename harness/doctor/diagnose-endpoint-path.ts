// A base_url pasted with the endpoint on it (`…/v1/chat/completions`, `…/v1/responses`): Codex
// appends /responses to base_url, so it calls `…/v1/chat/completions/responses`. The fix strips the
// endpoint path first, then the next probe tells whether anything else (e.g. /v1) is missing.
import { finding } from '../codex-config/finding.ts';
import { responsesUrl, type Diagnoser } from './diagnosis.ts';

/** Endpoint paths people paste, longest first so `/chat/completions` is not read as `/completions`. */
const ENDPOINT_PATHS = ['/chat/completions', '/responses', '/completions'] as const;

/** The endpoint path base_url ends with, if any. */
export function trailingEndpointPath(baseUrl: string): (typeof ENDPOINT_PATHS)[number] | undefined {
  const { pathname } = new URL(baseUrl);
  return ENDPOINT_PATHS.find((endpoint) => pathname.replace(/\/+$/, '').endsWith(endpoint));
}

export const diagnoseEndpointPath: Diagnoser = (probe) => {
  const baseUrl = probe.target.baseUrl;
  const endpoint = trailingEndpointPath(baseUrl);
  if (endpoint === undefined) return undefined;
  const url = new URL(baseUrl);
  url.pathname = url.pathname.replace(/\/+$/, '').slice(0, -endpoint.length);
  const stripped = url.toString().replace(/\/+$/, '');
  const said = `POST ${responsesUrl(probe)}: ${probe.status !== undefined ? `HTTP ${probe.status}` : 'no answer'}`;
  return {
    findings: [finding('config.base-url-endpoint-path', 'config', 'error', `base_url ends with the endpoint path ${endpoint}: Codex appends /responses to base_url itself, so it calls ${baseUrl}/responses`, [said], `set base_url = "${stripped}" (base_url without ${endpoint})`)],
    verified: [],
    next: { target: { ...probe.target, baseUrl: stripped }, adjust: { baseUrl: stripped } },
  };
};
