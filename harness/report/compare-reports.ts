// What changed between two reports of the same relay, for CI regression gates: checks that passed
// and now fail (broken), checks that failed and now pass (fixed), and cases Codex could use before
// and cannot now although no check flipped (the relay stopped answering, its endpoint went away).
// Only statuses are compared, keyed by case id and check id: durations, event times and messages
// (which may quote timings) are noise between two runs and never count.
import type { CaseStatus, CheckStatus, CodexVerdict, RunReport, RunSummary, Severity, SpecVerdict } from './model.ts';
import { isBroken } from '../run/case-status-order.ts';

export interface CheckChange {
  caseId: string;
  checkId: string;
  severity: Severity;
  before: CheckStatus;
  after: CheckStatus;
  /** The newer report's message for the check. */
  message: string;
}

export interface CaseChange {
  caseId: string;
  before: CaseStatus;
  after: CaseStatus;
}

export interface ReportSide {
  baseUrl: string;
  model: string;
  startedAt: string;
  codex: CodexVerdict;
  spec: SpecVerdict;
  summary: RunSummary;
}

/** A field that names the relay and differs between the two reports: they are not of the same relay. */
export interface RelayDifference {
  field: 'base URL' | 'model';
  before: string;
  after: string;
}

export interface ReportComparison {
  before: ReportSide;
  after: ReportSide;
  /** Empty when both reports are of the same relay and model. */
  relayDifferences: RelayDifference[];
  /** Checks that passed before and fail now. */
  brokenChecks: CheckChange[];
  /** Checks that failed before and pass now. */
  fixedChecks: CheckChange[];
  /** Cases that were not broken and are now (fail, error, unsupported) without a check going from pass to fail. */
  brokenCases: CaseChange[];
  /** Cases that were broken and are not now. */
  fixedCases: CaseChange[];
  /** Case ids in only one of the reports (a different suite selection or relaycheck version): not compared. */
  onlyBefore: string[];
  onlyAfter: string[];
  /** True when something that worked before is broken now: the CI gate fails. */
  regressed: boolean;
}

const side = (r: RunReport): ReportSide => ({
  baseUrl: r.target.baseUrl,
  model: r.target.model,
  startedAt: r.startedAt,
  codex: r.verdict.codex,
  spec: r.verdict.spec,
  summary: r.summary,
});

/** How two targets differ in what makes them the same relay: base URL and model. */
export function relayDifferences(before: { baseUrl: string; model: string }, after: { baseUrl: string; model: string }): RelayDifference[] {
  const differences: RelayDifference[] = [];
  if (before.baseUrl !== after.baseUrl) differences.push({ field: 'base URL', before: before.baseUrl, after: after.baseUrl });
  if (before.model !== after.model) differences.push({ field: 'model', before: before.model, after: after.model });
  return differences;
}

export function compareReports(before: RunReport, after: RunReport): ReportComparison {
  const oldCases = new Map(before.cases.map((c) => [c.id, c]));
  const newIds = new Set(after.cases.map((c) => c.id));
  const result: ReportComparison = {
    before: side(before),
    after: side(after),
    relayDifferences: relayDifferences(before.target, after.target),
    brokenChecks: [],
    fixedChecks: [],
    brokenCases: [],
    fixedCases: [],
    onlyBefore: before.cases.filter((c) => !newIds.has(c.id)).map((c) => c.id),
    onlyAfter: after.cases.filter((c) => !oldCases.has(c.id)).map((c) => c.id),
    regressed: false,
  };
  for (const now of after.cases) {
    const then = oldCases.get(now.id);
    if (!then) continue;
    const oldChecks = new Map(then.checks.map((check) => [check.id, check]));
    let checkBroke = false;
    let checkFixed = false;
    for (const check of now.checks) {
      const old = oldChecks.get(check.id);
      if (!old || old.status === check.status) continue;
      const change = { caseId: now.id, checkId: check.id, severity: check.severity, before: old.status, after: check.status, message: check.message };
      if (old.status === 'pass' && check.status === 'fail') {
        result.brokenChecks.push(change);
        checkBroke = true;
      } else if (old.status === 'fail' && check.status === 'pass') {
        result.fixedChecks.push(change);
        checkFixed = true;
      }
    }
    const caseChange = { caseId: now.id, before: then.status, after: now.status };
    if (!isBroken(then.status) && isBroken(now.status) && !checkBroke) result.brokenCases.push(caseChange);
    if (isBroken(then.status) && !isBroken(now.status) && !checkFixed) result.fixedCases.push(caseChange);
  }
  result.regressed = result.brokenChecks.length > 0 || result.brokenCases.length > 0;
  return result;
}
