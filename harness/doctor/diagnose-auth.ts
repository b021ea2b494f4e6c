// The credentials refused (401/403, or a JSON 404 naming the key: diagnosis/answer-kind.ts): was
// no key sent, the wrong kind of credential (a ChatGPT login token), the key in the wrong header
// (the relay wants x-api-key / api-key, Codex sends only Authorization: Bearer, plus whatever
// http_headers/env_http_headers add), or the key itself rejected?
import { finding, type Finding } from '../codex-config/finding.ts';
import { errorBodySummary } from '../checks/http-checks.ts';
import { describeCredential } from '../codex-config/provider-credential.ts';
import { responsesUrl, type Diagnoser, type DoctorContext } from './diagnosis.ts';
import type { TurnProbe } from './probe-turn.ts';
import { classifyAnswer } from '../diagnosis/answer-kind.ts';

const ALTERNATE_KEY_HEADERS = ['x-api-key', 'api-key'];

export const diagnoseAuth: Diagnoser = async (probe, context) => {
  if (!refusesCredentials(probe)) return undefined;
  const { subject } = context;
  const said = `POST ${responsesUrl(probe)}: HTTP ${probe.status}: ${errorBodySummary(probe.body)}`;
  const key = probe.target.apiKey;
  const envKey = subject.envKey;
  const only = (f: Finding) => ({ findings: [f], verified: [] });

  if (!key) {
    // An unset env_key is already a config finding with the same fix; one is enough.
    if (subject.credential.missingEnvKey) return { findings: [], verified: [] };
    return only(finding('auth.key-missing', 'auth', 'error', `the relay requires a key (HTTP ${probe.status}) and Codex sends none`, [said, `credential: ${describeCredential(subject.credential)}`], `export ${envKey}=<your relay key> and set env_key = "${envKey}"`));
  }
  if (subject.credential.source === 'auth.json chatgpt' && key === subject.credential.token) {
    return only(finding('auth.chatgpt-token-rejected', 'auth', 'error', 'the relay rejected the ChatGPT login token Codex sent from auth.json: relays want their own key', [said], `export ${envKey}=<your relay key> and set env_key = "${envKey}" (auth.json can stay in ChatGPT mode for OpenAI)`));
  }
  const alternate = await tryAlternateHeaders(probe, key, context);
  if (alternate) {
    return {
      findings: [finding('auth.wrong-header', 'auth', 'error', `the relay ignores Authorization: Bearer and takes the key in the ${alternate.header} header`, [said, `same key in ${alternate.header}: HTTP ${alternate.probe.status}`], `add env_http_headers = { "${alternate.header}" = "${envKey}" } to the provider table and export ${envKey}`)],
      verified: [`the key is accepted in the ${alternate.header} header`],
      next: { target: alternate.probe.target, adjust: { keyHeader: alternate.header } },
    };
  }
  const source = describeCredential(subject.credential);
  return only(
    probe.status === 403
      ? finding('auth.key-forbidden', 'auth', 'error', `the relay knows the key from ${source} but refuses it (HTTP 403)`, [said], "check the key's permissions, plan or quota with the relay")
      : finding('auth.key-rejected', 'auth', 'error', `the relay rejected the key from ${source} (HTTP ${probe.status})`, [said], `put a key this relay issued in $${envKey} (this one is wrong, expired or revoked)`),
  );
};

async function tryAlternateHeaders(probe: TurnProbe, key: string, context: DoctorContext): Promise<{ header: string; probe: TurnProbe } | undefined> {
  for (const header of ALTERNATE_KEY_HEADERS) {
    const target = { ...probe.target, extraHeaders: { ...probe.target.extraHeaders, [header]: key } };
    const attempt = await context.probe(target);
    if (attempt.status !== undefined && !refusesCredentials(attempt)) return { header, probe: attempt };
  }
  return undefined;
}

function refusesCredentials(probe: TurnProbe): boolean {
  return classifyAnswer(probe.status, probe.body) === 'credentials-refused';
}
