// 404/405 on POST /responses. The runner has already probed /chat/completions and {base}/v1
// (endpoint-diagnosis.ts) and labelled the case; the doctor adds /models as evidence and turns the
// labels into a fix: add /v1 (then re-probe), or say that Codex cannot use a Chat-only relay.
import { finding } from '../codex-config/finding.ts';
import { errorBodySummary, isEndpointUnsupported } from '../checks/http-checks.ts';
import { LABEL_CHAT_ONLY, LABEL_MISSING_V1 } from '../endpoint-diagnosis.ts';
import { listModels } from './list-models.ts';
import { isModelNotFound } from './diagnose-model.ts';
import { PROBE_CASE_ID, type TurnProbe } from './probe-turn.ts';
import { responsesUrl, type Diagnoser, type DoctorContext } from './diagnosis.ts';

export const diagnoseEndpoint: Diagnoser = async (probe, context) => {
  if (!isEndpointUnsupported(probe.status)) return undefined;
  const said = `POST ${responsesUrl(probe)}: HTTP ${probe.status}: ${errorBodySummary(probe.body)}`;
  const runnerReasons = probe.reasons.slice(1).filter((r) => !r.startsWith(`${PROBE_CASE_ID}:`));

  const underV1 = await servedUnderV1(probe, context);
  if (underV1) {
    const { v1Base, seen } = underV1;
    return {
      findings: [finding('config.base-url-missing-v1', 'config', 'error', 'base_url lacks /v1: the relay serves the API under /v1, and Codex never adds it', [said, seen], `set base_url = "${v1Base}"`)],
      verified: [`${v1Base}/responses exists where ${probe.target.baseUrl}/responses does not`],
      next: { target: { ...probe.target, baseUrl: v1Base }, adjust: { baseUrl: v1Base } },
    };
  }
  const evidence = [said, ...runnerReasons];
  const models = await listModels(context.client, probe.target);
  evidence.push(`GET ${probe.target.baseUrl}/models: ${models.ok ? `HTTP 200 (${models.ids.length} model(s))` : models.problem}`);
  if (probe.result.labels.includes(LABEL_CHAT_ONLY)) {
    return {
      findings: [finding('endpoint.chat-only', 'endpoint', 'error', 'this relay only speaks Chat Completions; Codex cannot use it', evidence, 'Codex needs POST {base_url}/responses (wire_api = "chat" no longer exists): use a relay that serves the Responses API, or put a Responses-to-Chat translator in front of this one')],
      verified: [],
    };
  }
  return {
    findings: [finding('endpoint.not-found', 'endpoint', 'error', `POST /responses answers HTTP ${probe.status} and no Chat Completions endpoint answers either: base_url looks wrong`, evidence, 'check base_url against the relay documentation: Codex appends /responses to it')],
    verified: [],
  };
};

/**
 * `{base}/v1` when the relay serves /responses there. The runner's probe sends a bare model, so a
 * relay that also wants a prefixed model answers it 404 "model not found": a Codex turn to {base}/v1
 * tells the two 404s apart.
 */
async function servedUnderV1(probe: TurnProbe, context: DoctorContext): Promise<{ v1Base: string; seen: string } | undefined> {
  const base = probe.target.baseUrl.replace(/\/+$/, '');
  if (/\/v1$/.test(new URL(base).pathname)) return undefined;
  const v1Base = `${base}/v1`;
  const runnerSaw = probe.reasons.find((r) => r.startsWith(`${v1Base}/responses answers`));
  if (probe.result.labels.includes(LABEL_MISSING_V1) && runnerSaw) return { v1Base, seen: runnerSaw };
  const attempt = await context.probe({ ...probe.target, baseUrl: v1Base });
  const served = isModelNotFound(attempt) || (attempt.status !== undefined && !isEndpointUnsupported(attempt.status));
  return served ? { v1Base, seen: `POST ${responsesUrl(attempt)}: HTTP ${attempt.status}${attempt.status === 200 ? '' : `: ${errorBodySummary(attempt.body)}`}` } : undefined;
}
