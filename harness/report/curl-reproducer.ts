// A shell command that sends a case's request again, as schemathesis prints for every failure: the
// same URL and headers and the same body, all from what the transcript recorded as sent (a fixture's
// body is rebuilt with jq, as relaycheck instantiates it; any other body was recorded whole). The
// key is never written: the command reads it from $ENV_VAR, and headers the transcript redacted
// stay marked [REDACTED] for the reader to fill in.
import type { CaseResult, RunReport, Transcript } from './model.ts';
import { REDACTED } from '../redact/redact.ts';
import { oneLine } from './plain-text.ts';

export const DEFAULT_KEY_ENV = 'RELAY_API_KEY';

/** Headers curl sets itself from the body; repeating them could contradict it. */
const SKIPPED_HEADERS = new Set(['content-length', 'host', 'connection', 'transfer-encoding']);

/** Single-quoted for POSIX shells: nothing inside is expanded. Controls are shown escaped, never sent raw. */
export function shellQuote(text: string): string {
  return `'${oneLine(text).replace(/'/g, `'\\''`)}'`;
}

export function validEnvName(name: string | undefined): string {
  return name && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : DEFAULT_KEY_ENV;
}

/** Plain-text lines of the command (continued with backslashes), or undefined without a transcript. */
export function curlReproducer(report: RunReport, c: CaseResult, keyEnv?: string): string[] | undefined {
  const request = c.transcript?.request;
  if (!request) return undefined;
  const env = validEnvName(keyEnv);
  const lines: string[] = [`# Sends the request of ${oneLine(c.id)} again.`];
  // A GET (the model catalog) sends no body.
  const body: BodyPlan = request.method === 'GET' ? { curlData: '' } : bodyLines(report, request, lines);
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

function bodyLines(report: RunReport, sent: Transcript['request'], comments: string[]): BodyPlan {
  if (sent.body !== undefined) return { curlData: `--data-binary ${shellQuote(sent.body)}` };
  if (sent.fixture === undefined) {
    comments.push('# The report does not record this body: put the request body in request.json.');
    return { curlData: '--data-binary @request.json' };
  }
  const { fixture, model } = sent;
  const day = /^\d{4}-\d{2}-\d{2}/.exec(report.startedAt)?.[0] ?? '1970-01-01';
  // The fixture's placeholders get a fixed UUID and the run's date: any UUID does for a relay.
  const filter = [
    '.request.body',
    ...(model !== undefined ? ['.model = $model'] : []),
    `walk(if type == "string" then gsub("\\\\{\\\\{uuid:[0-9]+\\\\}\\\\}"; "00000000-0000-4000-8000-000000000000") | gsub("\\\\{\\\\{date\\\\}\\\\}"; "${day}") else . end)`,
  ].join(' | ');
  comments.push(`# Run it in a relaycheck checkout: the body is fixtures/${oneLine(fixture)}.json (needs jq 1.6+).`);
  const modelArg = model !== undefined ? ` --arg model ${shellQuote(model)}` : '';
  return { pipeFrom: [`jq -c${modelArg}`, shellQuote(filter), shellQuote(`fixtures/${fixture}.json`)].join(' \\\n    '), curlData: '--data-binary @-' };
}
