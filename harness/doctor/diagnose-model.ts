// "Model not found": many relays route by a prefixed name (`openai/gpt-4.1`, `relay:gpt-4.1`) and
// refuse the bare one Codex sends (codex-wire.md §5.10). List /models, try the prefixed forms and
// the listed names that end in the model, and report the one the relay accepts.
import { finding } from '../codex-config/finding.ts';
import { errorBodySummary } from '../checks/http-checks.ts';
import { isPlausibleModelName, listModels, type ModelListing } from './list-models.ts';
import { relayWords } from '../report/plain-text.ts';
import type { TurnProbe } from './probe-turn.ts';
import { responsesUrl, type Diagnoser, type Diagnosis } from './diagnosis.ts';

const MAX_TRIES = 6;
const SHOWN_MODELS = 12;
const MODEL_NAME_CHARS = 80;
const NOT_FOUND = /model_not_found|model.{0,60}(not found|does not exist|not exist|unknown|not supported|unsupported|invalid|unavailable|not available)|(unknown|invalid|unsupported|no such) model/i;

export function isModelNotFound(probe: TurnProbe): boolean {
  if (probe.status === undefined || ![400, 404, 422].includes(probe.status)) return false;
  return NOT_FOUND.test(probe.body ?? '') || NOT_FOUND.test(errorBodySummary(probe.body));
}

/** Prefixed forms first, then listed names that are the model under some namespace. */
export function candidateModelNames(model: string, providerId: string, listed: readonly string[]): string[] {
  const bare = model.replace(/^[^/:]+[/:]/, '');
  const names = [`openai/${bare}`, `${providerId}:${bare}`, `${providerId}/${bare}`, bare];
  for (const id of listed) if (isPlausibleModelName(id) && (id.endsWith(`/${bare}`) || id.endsWith(`:${bare}`))) names.push(id);
  return [...new Set(names)].filter((name) => name !== model).slice(0, MAX_TRIES);
}

export const diagnoseModel: Diagnoser = async (probe, context) => {
  if (!isModelNotFound(probe)) return undefined;
  const rejected = `POST ${responsesUrl(probe)} with model "${probe.model}": HTTP ${probe.status}: ${errorBodySummary(probe.body)}`;
  const listing = await listModels(context.client, probe.target);
  const listed = listing.ok ? listing.ids : [];
  const evidence = [rejected, describeListing(listing)];
  const verified = listing.ok ? [`GET ${probe.target.baseUrl}/models lists ${listed.length} model(s)`] : [];

  for (const name of candidateModelNames(probe.model, context.subject.providerId, listed)) {
    const attempt = await context.probe({ ...probe.target, model: name });
    if (isModelNotFound(attempt) || attempt.status === undefined) {
      evidence.push(`model "${name}": HTTP ${attempt.status ?? attempt.result.error?.kind ?? '?'}`);
      continue;
    }
    evidence.push(`model "${name}": HTTP ${attempt.status}`);
    return found(probe, name, evidence, verified);
  }
  // Only names that look like model names are suggested for the config.
  const shown = listed.filter(isPlausibleModelName).slice(0, SHOWN_MODELS);
  const fix = shown.length
    ? `set model to a name the relay lists: ${shown.map((m) => relayWords(m, MODEL_NAME_CHARS)).join(', ')}${listed.length > shown.length ? ', …' : ''}`
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

function describeListing(listing: ModelListing): string {
  if (!listing.ok) return `GET /models: ${listing.problem}`;
  const shown = listing.ids.slice(0, SHOWN_MODELS).map((m) => relayWords(m, MODEL_NAME_CHARS)).join(', ');
  return `GET /models: ${listing.ids.length} model(s)${shown ? `: ${shown}${listing.ids.length > SHOWN_MODELS ? ', …' : ''}` : ''}`;
}
