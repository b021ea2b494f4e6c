// Whatever the specific diagnosers did not claim: other HTTP statuses, and a 200 whose stream Codex
// could not use. The evidence is the runner's own verdict; `relaycheck run` has the details.
import { finding } from '../codex-config/finding.ts';
import { errorBodySummary } from '../checks/http-checks.ts';
import { responsesUrl, type Diagnoser } from './diagnosis.ts';

const FULL_REPORT = 'run relaycheck run --codex-config for the full conformance report';

export const diagnoseStatus: Diagnoser = (probe) => {
  const status = probe.status;
  const line = `POST ${responsesUrl(probe)}: HTTP ${status ?? '?'}${status === 200 ? '' : `: ${errorBodySummary(probe.body)}`}`;
  const evidence = [line, ...probe.reasons.slice(0, 4)];
  const only = (id: string, area: 'endpoint' | 'stream', title: string, fix: string) => ({ findings: [finding(id, area, 'error', title, evidence, fix)], verified: [] });
  if (status === 200) return only('stream.unusable', 'stream', "the relay answers 200 but Codex would not get a usable answer from its stream", FULL_REPORT);
  if (status === 400) return only('endpoint.request-rejected', 'endpoint', "the relay rejects Codex's request (HTTP 400)", `the relay must accept Codex's fields (tools, reasoning, include, …); ${FULL_REPORT}`);
  if (status === 429) return only('endpoint.rate-limited', 'endpoint', 'the relay is rate limiting (HTTP 429)', 'wait, or raise the limit with the relay; Codex gives up with "exceeded retry limit"');
  if (status !== undefined && status >= 500) return only('endpoint.server-error', 'endpoint', `the relay fails with HTTP ${status}`, 'the relay or its upstream is failing; Codex retries, then gives up');
  return only('endpoint.unexpected', 'endpoint', `the relay answers ${status === undefined ? 'nothing usable' : `HTTP ${status}`}`, FULL_REPORT);
};
