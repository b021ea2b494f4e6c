// What to find out when POST /responses is unsupported: is it a Chat Completions-only relay, or is
// /v1 missing from base_url? Both are probed, since both are common (codex-wire.md §5.1). A probe
// "answers" when its answer is anything but "no such endpoint" (answer-kind.ts): a relay that
// refuses the bare model there with 404 model_not_found does serve /responses under /v1.
import type { HttpClient, OutgoingRequest } from '../http/http-client.ts';
import { joinUrl, type ReplayTarget } from '../replay/instantiate-request.ts';
import type { DiagnosisProbe } from '../report/model.ts';
import { classifyAnswer } from './answer-kind.ts';
import { errorBodySummary } from '../checks/http-checks.ts';
import { excerpt } from '../checks/check.ts';

export const LABEL_CHAT_ONLY = 'chat-completions-only';
export const LABEL_MISSING_V1 = 'base-url-missing-v1';

const PROBE_DEADLINE_MS = 15_000;
const PROBE_BODY_BYTES = 16 * 1024;
const MESSAGE_CHARS = 300;

/** The chat probe, then (when base_url has no /v1 path) the same Responses request under /v1. */
export async function probeEndpoints(client: HttpClient, target: ReplayTarget, model: string): Promise<DiagnosisProbe[]> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(target.extraHeaders ?? {}) };
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  const post = async (purpose: DiagnosisProbe['purpose'], base: string, path: string, body: unknown): Promise<DiagnosisProbe> => {
    const req: OutgoingRequest = { method: 'POST', url: joinUrl(base, path, target.queryParams), headers, body: JSON.stringify(body) };
    const res = await client.fetchText(req, { deadlineMs: PROBE_DEADLINE_MS, maxBytes: PROBE_BODY_BYTES });
    const probe: DiagnosisProbe = { purpose, method: 'POST', url: req.url };
    if (!res.ok) return { ...probe, error: res.error.message };
    const status = res.head.status;
    return { ...probe, status, ...(status >= 300 && { message: excerpt(errorBodySummary(res.text), MESSAGE_CHARS) }), answer: classifyAnswer(status, res.text) };
  };

  const probes = [await post('chat-completions', target.baseUrl, '/chat/completions', { model, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1, stream: false })];
  if (!hasV1(target.baseUrl)) {
    probes.push(await post('responses-under-v1', v1Base(target.baseUrl), '/responses', { model, input: 'ping', stream: true, max_output_tokens: 16 }));
  }
  return probes;
}

/** A probe that reached an endpoint: an HTTP answer that is not "no such endpoint". */
export function probeAnswers(probe: DiagnosisProbe | undefined): probe is DiagnosisProbe & { status: number } {
  return probe?.status !== undefined && probe.answer !== 'endpoint-unsupported';
}

export function hasV1(baseUrl: string): boolean {
  return /\/v1$/.test(new URL(baseUrl.replace(/\/+$/, '')).pathname);
}

export function v1Base(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/v1`;
}
