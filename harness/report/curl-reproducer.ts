// A shell command that sends a case's request again, as schemathesis prints for every failure: the
// same URL and headers (from the transcript) and the same body (rebuilt from the fixture with jq, as
// relaycheck instantiates it). The key is never written: the command reads it from $ENV_VAR, and
// headers the transcript redacted stay marked [REDACTED] for the reader to fill in.
import type { CaseResult, RunReport } from '../model.ts';
import { REDACTED } from '../redact.ts';
import { oneLine } from './plain-text.ts';
import type { CaseRequestSource } from './suite-catalogue.ts';
import { CHAT_DEFAULT_MODEL, chatRequestBody } from '../chat/agent-requests.ts';

export const DEFAULT_KEY_ENV = 'RELAY_API_KEY';

/** Headers curl sets itself from the body; repeating them could contradict it. */
const SKIPPED_HEADERS = new Set(['content-length', 'host', 'connection', 'transfer-encoding']);

/** The fallback model the runner records when a report names none. */
const NO_MODEL = 'as recorded';

/** Single-quoted for POSIX shells: nothing inside is expanded. Controls are shown escaped, never sent raw. */
export function shellQuote(text: string): string {
  return `'${oneLine(text).replace(/'/g, `'\\''`)}'`;
}

export function validEnvName(name: string | undefined): string {
  return name && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : DEFAULT_KEY_ENV;
}

/** Plain-text lines of the command (continued with backslashes), or undefined without a transcript. */
export function curlReproducer(report: RunReport, c: CaseResult, source: CaseRequestSource | undefined, keyEnv?: string): string[] | undefined {
  const request = c.transcript?.request;
  if (!request) return undefined;
  const env = validEnvName(keyEnv);
  const lines: string[] = [`# Sends the request of ${oneLine(c.id)} again.`];
  const body = bodyLines(report, source, lines);
  const headers = Object.entries(request.headers).filter(([name]) => !SKIPPED_HEADERS.has(name.toLowerCase()));
  if (headers.some(([name, value]) => name.toLowerCase() !== 'authorization' && value.includes(REDACTED))) {
    lines.push(`# Replace ${REDACTED} with the header values relaycheck redacted.`);
  }
  const hasKey = headers.some(([name]) => name.toLowerCase() === 'authorization');
  if (hasKey) lines.push(`# Set ${env} to the relay key first.`);
  const curl = [`curl -sS -N --max-time 300 -X ${shellQuote(request.method)} ${shellQuote(request.url)}`];
  for (const [name, value] of headers) {
    // The one expanded argument: the key comes from the environment, never from this file.
    if (name.toLowerCase() === 'authorization') curl.push(`-H "Authorization: Bearer $${env}"`);
    else curl.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  }
  if (body.curlData) curl.push(body.curlData);
  if (body.pipeFrom) lines.push(`${body.pipeFrom} \\`, `  | ${curl.join(' \\\n    ')}`);
  else lines.push(curl.join(' \\\n    '));
  return lines.join('\n').split('\n');
}

interface BodyPlan {
  /** A command whose output is the body, piped into curl. */
  pipeFrom?: string;
  curlData: string;
}

function bodyLines(report: RunReport, source: CaseRequestSource | undefined, comments: string[]): BodyPlan {
  if (!source) {
    comments.push('# This relaycheck does not know the case: put its request body in request.json.');
    return { curlData: '--data-binary @request.json' };
  }
  if (source.bodiless) return { curlData: '' };
  if (source.rawBody !== undefined) return { curlData: `--data-binary ${shellQuote(source.rawBody)}` };
  const model = source.model ?? (report.target.model !== NO_MODEL ? report.target.model : undefined);
  // An agent's chat request is built by relaycheck, not read from a file: it goes inline.
  if (source.chatRequest !== undefined) return { curlData: `--data-binary ${shellQuote(JSON.stringify(chatRequestBody(source.chatRequest, model ?? CHAT_DEFAULT_MODEL)))}` };
  const day = /^\d{4}-\d{2}-\d{2}/.exec(report.startedAt)?.[0] ?? '1970-01-01';
  // The fixture's placeholders get a fixed UUID and the run's date: any UUID does for a relay.
  const filter = [
    '.request.body',
    ...(model !== undefined ? ['.model = $model'] : []),
    `walk(if type == "string" then gsub("\\\\{\\\\{uuid:[0-9]+\\\\}\\\\}"; "00000000-0000-4000-8000-000000000000") | gsub("\\\\{\\\\{date\\\\}\\\\}"; "${day}") else . end)`,
  ].join(' | ');
  comments.push(`# Run it in a relaycheck checkout: the body is fixtures/${oneLine(source.fixture)}.json (needs jq 1.6+).`);
  const modelArg = model !== undefined ? ` --arg model ${shellQuote(model)}` : '';
  return { pipeFrom: [`jq -c${modelArg}`, shellQuote(filter), shellQuote(`fixtures/${source.fixture}.json`)].join(' \\\n    '), curlData: '--data-binary @-' };
}
