// The runner's diagnosis of refused cases, as data for report.json (`diagnosis`): when /responses
// is unsupported, probe /chat/completions and {base}/v1; when the model is refused, list /models
// and name the closest served names. Gathering it is the only I/O; labelling the cases and the
// verdict's sentences are pure functions of it, so run, doctor, the reports and the badge all read
// the same facts.
import type { CaseResult, DiagnosisProbe, RunDiagnosis } from '../report/model.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { ReplayTarget } from '../replay/instantiate-request.ts';
import { CheckId } from '../checks/ids.ts';
import { errorBodyText } from '../checks/http-checks.ts';
import { excerpt } from '../checks/check.ts';
import { LABEL_CHAT_ONLY, LABEL_MISSING_V1, probeAnswers, probeEndpoints } from './endpoint-probes.ts';
import { closestServedNames, probeServedModels } from './model-names.ts';

export const LABEL_MODEL_NOT_SERVED = 'model-not-served';

const SHOWN_NAMES = 6;
/** The relay's message and the model name are kept this long at most. */
const MAX_TEXT = 300;

const refusedModel = (c: CaseResult) => c.checks.some((check) => check.id === CheckId.modelServed && check.status === 'fail');

/** Probes for the first refused case, if any: /responses missing wins over a refused model. */
export async function diagnoseRun(client: HttpClient, target: ReplayTarget, cases: CaseResult[], sentModel: (caseId: string) => string): Promise<RunDiagnosis | undefined> {
  const unsupported = cases.find((c) => c.status === 'unsupported' && c.http);
  if (unsupported) {
    const probes = await probeEndpoints(client, target, sentModel(unsupported.id));
    const byPurpose = (purpose: DiagnosisProbe['purpose']) => probes.find((p) => p.purpose === purpose);
    const labels = [...(probeAnswers(byPurpose('chat-completions')) ? [LABEL_CHAT_ONLY] : []), ...(probeAnswers(byPurpose('responses-under-v1')) ? [LABEL_MISSING_V1] : [])];
    return { kind: 'endpoint-unsupported', labels, refusal: refusalOf(unsupported, target), probes };
  }
  const refused = cases.find(refusedModel);
  if (refused) {
    const requested = excerpt(sentModel(refused.id), MAX_TEXT);
    const { listed, probes } = await probeServedModels(client, target);
    return { kind: 'model-not-served', labels: [LABEL_MODEL_NOT_SERVED], refusal: refusalOf(refused, target), model: { requested, closest: closestServedNames(requested, listed ?? []) }, probes };
  }
  return undefined;
}

function refusalOf(c: CaseResult, target: ReplayTarget): RunDiagnosis['refusal'] {
  return { url: c.transcript?.request.url ?? `${target.baseUrl}/responses`, status: c.http!.status, message: excerpt(errorBodyText(c.transcript?.bodyPreview)?.words ?? 'empty body', MAX_TEXT) };
}

/** The cases with the diagnosis's labels on those it explains; the statuses are runCase's. */
export function labelCases(cases: CaseResult[], diagnosis: RunDiagnosis | undefined): CaseResult[] {
  if (!diagnosis || diagnosis.labels.length === 0) return cases;
  const explained = diagnosis.kind === 'endpoint-unsupported' ? (c: CaseResult) => c.status === 'unsupported' : refusedModel;
  return cases.map((c) => (explained(c) ? { ...c, labels: [...new Set([...c.labels, ...diagnosis.labels])] } : c));
}

/** The verdict's sentences for the diagnosis, each with its evidence. */
export function diagnosisReasons(diagnosis: RunDiagnosis | undefined): string[] {
  if (!diagnosis) return [];
  const { refusal, probes } = diagnosis;
  const byPurpose = (purpose: DiagnosisProbe['purpose']) => probes.find((p) => p.purpose === purpose);
  if (diagnosis.kind === 'endpoint-unsupported') {
    const reasons = [`POST ${refusal.url} answers HTTP ${refusal.status}: the Responses API endpoint is unsupported`];
    const chat = byPurpose('chat-completions');
    const v1 = byPurpose('responses-under-v1');
    if (probeAnswers(chat)) reasons.push(`POST /chat/completions answers (HTTP ${chat.status}): this relay only speaks Chat Completions, which Codex cannot use (wire_api = "chat" is no longer supported)`);
    if (probeAnswers(v1)) {
      const base = v1.url.replace(/\/responses(\?.*)?$/, '');
      reasons.push(`${v1.url} answers (HTTP ${v1.status}): add /v1 to base_url (base_url = "${base}")`);
    } else if (v1 && !probeAnswers(chat)) reasons.push('base_url has no /v1 path; most relays serve the API under /v1');
    return reasons;
  }
  const { requested, closest } = diagnosis.model!;
  const reasons = [`model not served: the relay refuses the model "${requested}" (HTTP ${refusal.status}): ${refusal.message}`];
  const listing = probes.find((p) => p.models);
  if (closest.length > 0) reasons.push(`the relay serves ${quoted(closest)}: set model = "${closest[0]}"`);
  else if (listing?.models) reasons.push(`GET ${listing.url} lists ${listing.models.count} model(s), none close to "${requested}": ${quoted(listing.models.names.slice(0, SHOWN_NAMES))}${listing.models.count > SHOWN_NAMES ? ', …' : ''}`);
  else reasons.push(`the relay lists no models (${probes.map((p) => `GET ${p.url}: ${p.status !== undefined ? `HTTP ${p.status}` : p.error}`).join('; ')}): ask its operator which model names it accepts`);
  return reasons;
}

const quoted = (names: string[]) => names.map((name) => `"${name}"`).join(', ');
