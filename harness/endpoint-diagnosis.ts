// What to tell a user whose relay answers 404/405 on /responses: is it a Chat Completions-only
// relay, or is /v1 missing from base_url? Both are probed, since both are common (codex-wire.md §5.1).
import type { HttpClient, OutgoingRequest } from './http/http-client.ts';
import { joinUrl, type ReplayTarget } from './fixtures/instantiate-request.ts';
import { isEndpointUnsupported } from './checks/http-checks.ts';

export const LABEL_CHAT_ONLY = 'chat-completions-only';
export const LABEL_MISSING_V1 = 'base-url-missing-v1';

export interface EndpointDiagnosis {
  labels: string[];
  /** Sentences for the verdict, each with its evidence. */
  reasons: string[];
}

const PROBE_DEADLINE_MS = 15_000;
const PROBE_BODY_BYTES = 16 * 1024;

export async function diagnoseUnsupportedEndpoint(client: HttpClient, target: ReplayTarget, status: number, model: string): Promise<EndpointDiagnosis> {
  const labels: string[] = [];
  const reasons = [`POST ${joinUrl(target.baseUrl, '/responses')} answers HTTP ${status}: the Responses API endpoint is unsupported`];
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(target.extraHeaders ?? {}) };
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  const answers = async (path: string, body: unknown, base = target.baseUrl) => {
    const req: OutgoingRequest = { method: 'POST', url: joinUrl(base, path, target.queryParams), headers, body: JSON.stringify(body) };
    const res = await client.fetchText(req, { deadlineMs: PROBE_DEADLINE_MS, maxBytes: PROBE_BODY_BYTES });
    return res.ok && !isEndpointUnsupported(res.head.status) ? res.head.status : undefined;
  };

  const chatBody = { model, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1, stream: false };
  const chatStatus = await answers('/chat/completions', chatBody);
  if (chatStatus !== undefined) {
    labels.push(LABEL_CHAT_ONLY);
    reasons.push(`POST /chat/completions answers (HTTP ${chatStatus}): this relay only speaks Chat Completions, which Codex cannot use (wire_api = "chat" is no longer supported)`);
  }

  const base = target.baseUrl.replace(/\/+$/, '');
  if (!/\/v1$/.test(new URL(base).pathname)) {
    const v1Base = `${base}/v1`;
    const v1Status = await answers('/responses', { model, input: 'ping', stream: true, max_output_tokens: 16 }, v1Base);
    if (v1Status !== undefined) {
      labels.push(LABEL_MISSING_V1);
      reasons.push(`${v1Base}/responses answers (HTTP ${v1Status}): add /v1 to base_url (base_url = "${v1Base}")`);
    } else if (chatStatus === undefined) {
      reasons.push('base_url has no /v1 path; most relays serve the API under /v1');
    }
  }
  return { labels, reasons };
}
