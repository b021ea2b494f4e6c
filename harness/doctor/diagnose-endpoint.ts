// POST /responses unsupported. The runner has already probed /chat/completions and {base}/v1
// (diagnosis/endpoint-probes.ts); the doctor adds /models as evidence and turns the probes into a
// fix: add /v1 (then re-probe), or say that Codex cannot use a Chat-only relay.
import { finding } from '../codex-config/finding.ts';
import { errorBodySummary } from '../checks/http-checks.ts';
import type { DiagnosisProbe } from '../report/model.ts';
import { probeAnswers } from '../diagnosis/endpoint-probes.ts';
import { listModels } from '../diagnosis/model-names.ts';
import { responsesUrl, type Diagnoser } from './diagnosis.ts';

export const diagnoseEndpoint: Diagnoser = async (probe, context) => {
  const diagnosis = probe.diagnosis;
  if (diagnosis?.kind !== 'endpoint-unsupported') return undefined;
  const said = `POST ${responsesUrl(probe)}: HTTP ${probe.status}: ${errorBodySummary(probe.body)}`;
  const byPurpose = (purpose: DiagnosisProbe['purpose']) => diagnosis.probes.find((p) => p.purpose === purpose);

  const underV1 = byPurpose('responses-under-v1');
  if (probeAnswers(underV1)) {
    const v1Base = underV1.url.replace(/\/responses(\?.*)?$/, '');
    return {
      findings: [finding('config.base-url-missing-v1', 'config', 'error', 'base_url lacks /v1: the relay serves the API under /v1, and Codex never adds it', [said, describeProbe(underV1)], `set base_url = "${v1Base}"`)],
      verified: [`${v1Base}/responses exists where ${probe.target.baseUrl}/responses does not`],
      next: { target: { ...probe.target, baseUrl: v1Base }, adjust: { baseUrl: v1Base } },
    };
  }
  const evidence = [said, ...diagnosis.probes.map(describeProbe)];
  const models = await listModels(context.client, probe.target);
  evidence.push(`GET ${probe.target.baseUrl}/models: ${models.ok ? `HTTP 200 (${models.ids.length} model(s))` : models.problem}`);
  if (probeAnswers(byPurpose('chat-completions'))) {
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

function describeProbe(p: DiagnosisProbe): string {
  if (p.status === undefined) return `${p.method} ${p.url}: ${p.error ?? 'no answer'}`;
  const said = `${p.method} ${p.url}${probeAnswers(p) ? ' answers' : ''}: HTTP ${p.status}`;
  return p.message ? `${said}: ${p.message}` : said;
}
