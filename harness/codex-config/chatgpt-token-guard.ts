// A ChatGPT login (access, id and refresh tokens, account id) belongs to OpenAI. Codex hands it to
// whatever base_url a provider names when that provider has no key of its own and takes Codex's
// login (requires_openai_auth = true), so a config copied from a relay guide gives a third party the
// user's ChatGPT account. relaycheck replays exactly what Codex sends, and would do the same: this
// is the one place that decides whether it may, for `run` and `doctor` alike.
import type { ReplayTarget } from '../replay/instantiate-request.ts';
import type { AuthFileReading } from './auth-json.ts';
import { originOf } from '../http/same-origin.ts';
import type { RunWarning } from '../report/model.ts';

export const SEND_CHATGPT_TOKEN_FLAG = '--send-chatgpt-token';
export const SEND_CHATGPT_TOKEN_HELP =
  'send your ChatGPT login token and account id to a relay that is not OpenAI, as Codex would with this config (only for a relay you run yourself: whoever runs it can act as your ChatGPT account)';
export const CHATGPT_TOKEN_WARNING_ID = 'credentials.chatgpt-token-sent';

/** OpenAI's own hosts, over https: the only places a ChatGPT login is meant to go. */
const OPENAI_HOSTS = [/^chatgpt\.com$/, /\.chatgpt\.com$/, /^openai\.com$/, /\.openai\.com$/];

export function isOpenAiOrigin(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && OPENAI_HOSTS.some((host) => host.test(parsed.hostname));
  } catch {
    return false;
  }
}

/** Where the ChatGPT login would go, when the target carries any part of it to a host that is not OpenAI's. */
export interface ChatGptTokenExposure {
  origin: string;
  providerId: string;
  authPath: string;
}

export function chatGptTokenExposure(target: ReplayTarget, auth: AuthFileReading, providerId: string): ChatGptTokenExposure | undefined {
  if (auth.status !== 'ok' || auth.mode === 'apikey' || isOpenAiOrigin(target.baseUrl)) return undefined;
  const outgoing = [target.apiKey, ...Object.values(target.extraHeaders ?? {}), ...Object.values(target.queryParams ?? {})];
  const carried = outgoing.some((value) => value !== undefined && auth.secrets.some((secret) => value.includes(secret)));
  return carried ? { origin: originOf(target.baseUrl) ?? 'the relay', providerId, authPath: auth.path } : undefined;
}

/** The user asked for nothing of the kind: relaycheck stops before any request (exit 2). */
export class ChatGptTokenRefusal extends Error {
  override name = 'ChatGptTokenRefusal';
  constructor(readonly exposure: ChatGptTokenExposure) {
    super(
      `not sending your ChatGPT login to ${exposure.origin}: provider "${exposure.providerId}" has no env_key or experimental_bearer_token and takes Codex's login (requires_openai_auth = true), so Codex would hand this relay the ChatGPT access token and account id from ${exposure.authPath}. ` +
        `Fix: set env_key (or experimental_bearer_token) to the relay's own key, or drop requires_openai_auth if the relay needs no key. ` +
        `To send the token anyway (a relay you run yourself), add ${SEND_CHATGPT_TOKEN_FLAG}.`,
    );
  }
}

/** Refuses unless the user allowed it; with their permission, the warning every report carries. */
export function guardChatGptToken(exposure: ChatGptTokenExposure | undefined, allowed: boolean): RunWarning | undefined {
  if (!exposure) return undefined;
  if (!allowed) throw new ChatGptTokenRefusal(exposure);
  return {
    id: CHATGPT_TOKEN_WARNING_ID,
    message: `your ChatGPT login token and account id were sent to ${exposure.origin} (${SEND_CHATGPT_TOKEN_FLAG}): whoever runs that relay can act as your ChatGPT account; give the provider a key of its own`,
  };
}
