// Runs one case: instantiate its fixture, exchange with the relay, let every check judge, and turn
// the outcomes into the case's final status (nothing rewrites it later). A check that crashes is a
// failure of that check, not of the run.
import type { CaseResult, CaseStatus, CheckResult, RetriedAnswer, TokenCounts, Transcript } from '../report/model.ts';
import { addTokens, tokensReported } from './token-usage.ts';
import type { Check, CaseContext, Observer, Outcome } from '../checks/check.ts';
import type { ExchangeEnd } from '../exchange/exchange-end.ts';
import { getCheck } from '../checks/registry.ts';
import { type Route, routeEvents } from '../checks/event-routing.ts';
import { performExchange, type ExchangeLimits } from '../exchange/exchange.ts';
import type { HttpClient, OutgoingRequest } from '../http/http-client.ts';
import type { Fixture } from '../replay/fixture.ts';
import { instantiateRequest, type ReplayTarget } from '../replay/instantiate-request.ts';
import { collectReasoning, replaceReasoning } from '../replay/carry-reasoning.ts';
import { type CaseSpec, isCodexSuite } from './suite.ts';
import { AGENT_DECODES, chatRequest } from '../chat/agent-requests.ts';
import { classifyAnswer } from '../diagnosis/answer-kind.ts';
import { type RetryOptions, retryLikeCodex } from '../retry/retry-like-codex.ts';
import { boundCase, boundCheckResult } from '../bounds/result-bounds.ts';
import { sentRequest } from './sent-request.ts';
import type { DecodableCoding } from '../http/content-decoding.ts';
import type { CompactionPath } from '../codex/compaction-path.ts';
import { type RequestShape, onEveryRequest } from '../codex/request-shapes.ts';

export interface CaseRunContext {
  client: HttpClient;
  target: ReplayTarget;
  limits: ExchangeLimits;
  /** The codings the modelled Codex decodes (codex-profile.ts). */
  decodes: readonly DecodableCoding[];
  /** The fixture named by the spec's carriesReasoningFrom. */
  previousTurn?: Fixture;
  /** Retry the case's request as Codex would; absent: the first answer is judged. */
  retries?: RetryOptions;
  /** How the user's Codex compacts, when known: the cases for that path hold required checks. */
  compactionPath?: CompactionPath;
  /** The request shapes the user's config sends (request-shapes.ts): those cases hold required checks. */
  shapes?: readonly RequestShape[];
}

/** `fixture`: the loaded fixture of a fixture case; a chat case builds its own request. */
export async function runCase(spec: CaseSpec, suiteId: string, fixture: Fixture | undefined, run: CaseRunContext): Promise<CaseResult> {
  const started = performance.now();
  const target = { ...run.target, model: spec.model ?? run.target.model };
  let edit: ((body: Record<string, unknown>) => void) | undefined;
  // What the relay says every request of the case cost, judged or not.
  let tokens: TokenCounts | undefined;
  if (run.previousTurn) {
    // Only this case's own exchange is judged and reported; the turn before just supplies reasoning.
    const reasoning = collectReasoning();
    const previous = await performExchange(run.client, instantiateRequest(run.previousTurn, target), run.limits, [reasoning], run.decodes);
    tokens = tokensReported(previous.end);
    edit = (body) => replaceReasoning(body, reasoning.items);
  }
  const request = caseRequest(spec, fixture, target, edit);
  if (spec.rawBody !== undefined) request.body = spec.rawBody;
  const context: CaseContext = {
    expectedReply: spec.expectedReply,
    requestBody: spec.rawBody === undefined ? (JSON.parse(request.body!) as Record<string, unknown>) : {},
    idleTimeoutMs: run.limits.idleTimeoutMs,
    failedCloseGraceMs: run.limits.failedCloseGraceMs,
  };
  const sentShape = spec.requiredForShape !== undefined && run.shapes?.includes(spec.requiredForShape) === true ? spec.requiredForShape : undefined;
  const required = (spec.requiredOnPath !== undefined && spec.requiredOnPath === run.compactionPath) || sentShape !== undefined;
  const checks = spec.checks.map(getCheck).map((check): Check => (required ? { ...check, severity: 'required' } : check));
  // An agent's request is decoded as that agent decodes, Codex's as the modelled release does.
  const decodes = spec.chatRequest !== undefined ? AGENT_DECODES : run.decodes;
  // Each attempt is judged afresh; the checks of the last one also see the answers retried before it.
  const attempt = async (retried: readonly RetriedAnswer[], deadlineMs: number) => {
    const guarded = checks.map((check) => new GuardedObserver(check, run.retries ? { ...context, retried } : context));
    const { end, transcript } = await performExchange(run.client, request, { ...run.limits, deadlineMs }, [routeEvents(guarded.map((observer) => observer.route()))], decodes);
    tokens = addTokens(tokens, tokensReported(end));
    const results: CheckResult[] = guarded.map((observer) => observer.result(end));
    const failedRequired = results.filter((r) => r.severity === 'required' && r.status === 'fail').map((r) => r.id);
    return { end, transcript, results, failedRequired, cause: answerCause(results, end) };
  };
  // Codex retries the requests it sends; the error cases send requests Codex never does, the chat cases another agent's.
  const retries = isCodexSuite(suiteId) && checks.some((check) => check.severity === 'required') ? run.retries : undefined;
  const { final, retries: retried } = await retryLikeCodex(attempt, run.limits.deadlineMs, retries);
  const { end, transcript, results } = final;
  Object.assign(transcript.request, sentRequest(spec, request.body));
  // A shape the config puts on every request: when the relay refuses it, no turn completes. An
  // answered request that lost something (Lite's tools) breaks only the turns that need it.
  const core = sentShape !== undefined && onEveryRequest(sentShape) && end.head?.status !== 200;
  const result = caseResult(spec, suiteId, { results, end, transcript, status: caseStatus(results, end), started, core });
  if (retried) result.retries = retried;
  if (tokens) result.tokens = tokens;
  return boundCase(result);
}

/** The case's result from its judged exchange; `core` makes it core beyond what the spec declares (what the user's config makes of it). */
export function caseResult(spec: CaseSpec, suiteId: string, judged: { results: CheckResult[]; end: ExchangeEnd; transcript: Transcript; status: CaseStatus; started: number; core?: boolean }): CaseResult {
  const { end } = judged;
  const result: CaseResult = {
    id: spec.id,
    suite: suiteId,
    title: spec.title,
    requirement: spec.requirement,
    status: judged.status,
    ...((spec.core || judged.core) && { core: true }),
    durationMs: Math.round(performance.now() - judged.started),
    labels: [],
    checks: judged.results,
    transcript: judged.transcript,
  };
  if (end.head) result.http = { status: end.head.status };
  if (end.error) result.error = end.error;
  return result;
}

function caseRequest(spec: CaseSpec, fixture: Fixture | undefined, target: ReplayTarget, edit?: (body: Record<string, unknown>) => void): OutgoingRequest {
  if (spec.chatRequest !== undefined) return chatRequest(spec.chatRequest, target);
  if (!fixture) throw new Error(`relaycheck bug: case ${spec.id} runs without its fixture ${spec.fixture}`);
  return instantiateRequest(fixture, target, edit);
}

/** One line on an answer: the first required check it failed, else its transport error or status. */
function answerCause(results: CheckResult[], end: ExchangeEnd): string {
  const failed = results.find((r) => r.severity === 'required' && r.status === 'fail');
  if (failed) return `${failed.id}: ${failed.message}`;
  if (end.error) return `${end.error.kind}: ${end.error.message}`;
  return end.head ? `HTTP ${end.head.status}` : 'no answer';
}

/** The case status from its check results; see docs/report-format.md for what each means. */
export function caseStatus(results: CheckResult[], end: ExchangeEnd, opts: { refusalMeansUnsupported?: boolean } = {}): CaseStatus {
  if (!end.head && end.error) return 'error';
  // Whatever the case's checks: an answer that says /responses does not exist makes it unsupported.
  if (opts.refusalMeansUnsupported !== false && end.head && classifyAnswer(end.head.status, end.bodyText) === 'endpoint-unsupported') return 'unsupported';
  const failed = results.filter((r) => r.status === 'fail');
  if (failed.some((r) => r.severity === 'required')) return 'fail';
  if (end.error) return 'error';
  if (failed.length > 0) return 'warn';
  if (results.length > 0 && results.every((r) => r.status === 'skip')) return 'skip';
  return 'pass';
}

/** Keeps a crashing check from taking the case (or the run) down with it; routed as its check asks. */
export class GuardedObserver implements Observer {
  private readonly observer: Observer | undefined;
  private crash: unknown;

  constructor(private readonly check: Check, context: CaseContext) {
    try {
      this.observer = check.observe(context);
    } catch (error) {
      this.crash = error;
    }
  }

  /** The events its check observes, straight to its observer (none without event()); a throw ends them and is the check's crash. */
  route(): Route {
    if (!this.observer?.event) return { sink: {}, observes: [] };
    return { sink: this.observer, ...(this.check.observes && { observes: this.check.observes }), crashed: (error) => (this.crash = error) };
  }

  end(end: ExchangeEnd): Outcome {
    if (this.crash === undefined && this.observer) {
      try {
        return this.observer.end(end);
      } catch (error) {
        this.crash = error;
      }
    }
    return { status: 'fail', message: `the check crashed: ${this.crash instanceof Error ? this.crash.message : String(this.crash)}` };
  }

  result(end: ExchangeEnd): CheckResult {
    const outcome = this.end(end);
    const result: CheckResult = { id: this.check.id, severity: this.check.severity, status: outcome.status, message: outcome.message };
    if (outcome.status === 'fail' && outcome.failures?.length) result.failures = outcome.failures;
    return boundCheckResult(result);
  }
}
