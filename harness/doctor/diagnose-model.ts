// "Model not served": the runner has listed /models and named the closest served names
// (diagnosis/model-names.ts); the doctor tries them (and the usual prefixed forms) as Codex turns
// and reports the one the relay accepts, or the names it lists.
import { finding } from '../codex-config/finding.ts';
import type { DiagnosisProbe } from '../report/model.ts';
import { candidateModelNames, isPlausibleModelName } from '../diagnosis/model-names.ts';
import { relayWords } from '../report/plain-text.ts';
import type { TurnProbe } from './probe-turn.ts';
import { responsesUrl, type Diagnoser, type Diagnosis } from './diagnosis.ts';

const MODEL_NAME_CHARS = 80;

export const diagnoseModel: Diagnoser = async (probe, context) => {
  const diagnosis = probe.diagnosis;
  if (diagnosis?.kind !== 'model-not-served') return undefined;
  const rejected = `POST ${responsesUrl(probe)} with model "${probe.model}": HTTP ${diagnosis.refusal.status}: ${relayWords(diagnosis.refusal.message, 300)}`;
  const listing = diagnosis.probes.find((p) => p.models);
  const shown = listing?.models?.names ?? [];
  const evidence = [rejected, ...diagnosis.probes.map(describeListing)];
  const verified = listing?.models ? [`GET ${listing.url} lists ${listing.models.count} model(s)`] : [];

  for (const name of candidateModelNames(probe.model, context.subject.providerId, diagnosis.model?.closest ?? [])) {
    const attempt = await context.probe({ ...probe.target, model: name });
    evidence.push(`model "${name}": HTTP ${attempt.status ?? attempt.result.error?.kind ?? '?'}`);
    if (attempt.status === undefined || attempt.diagnosis?.kind === 'model-not-served') continue;
    return found(probe, name, evidence, verified);
  }
  // Only names that look like model names are suggested for the config.
  const suggested = shown.filter(isPlausibleModelName);
  const more = (listing?.models?.count ?? 0) > suggested.length ? ', …' : '';
  const fix = suggested.length
    ? `set model to a name the relay lists: ${suggested.map((m) => relayWords(m, MODEL_NAME_CHARS)).join(', ')}${more}`
    : "ask the relay's operator which model names it accepts, then set model";
  return { findings: [finding('model.not-found', 'model', 'error', `the relay does not serve the model "${probe.model}" under any name tried`, evidence, fix)], verified };
};

function found(probe: TurnProbe, name: string, evidence: string[], verified: string[]): Diagnosis {
  return {
    findings: [finding('model.name-rejected', 'model', 'error', `the relay rejects the model name "${probe.model}" but accepts "${name}"`, evidence, `set model = "${name}"`)],
    verified: [...verified, `model "${name}" is accepted where "${probe.model}" is not`],
    next: { target: { ...probe.target, model: name }, adjust: { model: name } },
  };
}

function describeListing(probe: DiagnosisProbe): string {
  const what = probe.purpose === 'models-without-key' ? 'GET /models (without the key)' : 'GET /models';
  if (!probe.models) return `${what}: ${probe.status !== undefined ? `HTTP ${probe.status}` : probe.error}`;
  const { count, names } = probe.models;
  return `${what}: ${count} model(s)${names.length ? `: ${names.map((m) => relayWords(m, MODEL_NAME_CHARS)).join(', ')}${count > names.length ? ', …' : ''}` : ''}`;
}
