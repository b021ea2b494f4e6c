// The one place that decides what a refusal of POST /responses means, from its status AND its body:
// the relay does not serve the model, it refused the credentials, the endpoint does not exist, or
// something else. A 404 is not "no such endpoint" when its body names the model or the key: relays
// answer an unknown model with 404 model_not_found (OpenAI), 400/422 (many proxies) or 503 (new-api
// and one-api: "当前分组 default 下对于模型 gpt-5.5 无可用渠道"), and some answer a bad key with 404.
import { isRecord, parseJson } from '../checks/check.ts';

export type AnswerKind = 'model-not-served' | 'credentials-refused' | 'endpoint-unsupported' | 'other';

/** Statuses relays use for "no such model". 503 is new-api / one-api's "no available channel". */
const MODEL_STATUSES = new Set([400, 404, 422, 503]);
const ENDPOINT_STATUSES = new Set([404, 405]);

/** Phrases that say the model is unknown on any of MODEL_STATUSES, 503 included. */
const MODEL_UNKNOWN = [
  /model_not_found/i,
  /\bmodels?\b.{0,80}\b(does not exist|doesn't exist|do not exist|not exist)/i,
  /\bno such model\b/i,
  /\bno available (channels?|providers?|endpoints?) for (the )?model\b/i,
  /对于模型.{0,80}无可用渠道/,
  /模型.{0,80}(不存在|无可用渠道)/,
];
/** Vaguer phrases, trusted only on a 4xx: on a 503 "the model is unavailable" is a transient outage. */
const MODEL_UNKNOWN_4XX = [
  /\bmodel\b.{0,80}\b(not found|unknown|is not supported|not supported|unsupported|invalid|not available|unavailable)\b/i,
  /\b(unknown|invalid|unsupported) model\b/i,
  /不支持.{0,20}模型|模型.{0,40}不支持/,
];
const NAMES_CREDENTIALS = /api[ _-]?key|\btoken\b|unauthori[sz]ed|authenticat|credential|令牌|密钥/i;

/** What a non-200 answer to POST /responses says. Bounded: only the start of the body is read. */
export function classifyAnswer(status: number | undefined, bodyText: string | undefined): AnswerKind {
  if (status === undefined || status < 400) return 'other';
  const said = errorText(bodyText);
  if (MODEL_STATUSES.has(status) && said !== undefined) {
    if (MODEL_UNKNOWN.some((pattern) => pattern.test(said))) return 'model-not-served';
    if (status < 500 && MODEL_UNKNOWN_4XX.some((pattern) => pattern.test(said))) return 'model-not-served';
  }
  if (status === 401 || status === 403) return 'credentials-refused';
  if (ENDPOINT_STATUSES.has(status)) return said !== undefined && isJsonObject(bodyText) && NAMES_CREDENTIALS.test(said) ? 'credentials-refused' : 'endpoint-unsupported';
  return 'other';
}

const MAX_READ = 4096;

/**
 * The words of an error answer: the code, type and message of a JSON error (OpenAI's envelope,
 * `{"error":"…"}`, `{"message"|"detail"|"msg":"…"}`), or a plain-text body. An HTML page says
 * nothing here: a web server's 404 page may mention anything.
 */
function errorText(bodyText: string | undefined): string | undefined {
  const text = bodyText?.slice(0, MAX_READ).trim();
  if (!text) return undefined;
  const parsed = parseJson(text);
  if (parsed === undefined) return /^<(!doctype|html|\?xml)/i.test(text) ? undefined : text;
  if (!isRecord(parsed)) return undefined;
  const error = parsed.error;
  const fields = isRecord(error) ? [error.code, error.type, error.message] : [error, parsed.code, parsed.message, parsed.detail, parsed.msg];
  const words = fields.filter((field): field is string => typeof field === 'string');
  return words.length > 0 ? words.join(' ') : undefined;
}

/** A JSON object, or the start of one cut at the preview bound. */
function isJsonObject(bodyText: string | undefined): boolean {
  return /^\s*\{/.test(bodyText ?? '');
}
