// Checks a RunReport (or anything claiming to be one) against harness/schemas/report.schema.json, plus
// the rules a JSON Schema cannot state: the summary counts the cases, case ids are unique (JUnit and
// baselines key on them), and liveCodex.agrees follows from the verdict and Codex's turns.
import type { ErrorObject } from 'ajv/dist/2020.js';
import { VALIDATORS } from '../schemas/generated/report.ts';
import type { CaseStatus, RunReport, RunSummary } from './model.ts';
import { liveCodexDisagreements } from '../codex/live-codex-agreement.ts';

export interface ReportValidation {
  valid: boolean;
  /** One line per problem: `<JSON pointer>: <what is wrong>`; empty when valid. */
  errors: string[];
}

/** Bound on listed problems: a wholly wrong object must not produce a megabyte of errors. */
const MAX_ERRORS = 20;

// Compiled at build time from report.schema.json (schemas/compile-validators.ts).
const validate = VALIDATORS['report.schema.json']!;

export function validateReport(value: unknown): ReportValidation {
  const errors = validate(value) ? semanticErrors(value as RunReport) : (validate.errors ?? []).map(describe);
  if (errors.length > MAX_ERRORS) errors.splice(MAX_ERRORS, Infinity, `… ${errors.length - MAX_ERRORS} more problems`);
  return { valid: errors.length === 0, errors };
}

function describe(error: ErrorObject): string {
  const where = error.instancePath || '/';
  const params = error.params as Record<string, unknown>;
  let detail = '';
  if (error.keyword === 'additionalProperties') detail = `: ${JSON.stringify(params.additionalProperty)}`;
  else if (error.keyword === 'enum') detail = `: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  else if (error.keyword === 'const') detail = `: ${JSON.stringify(params.allowedValue)}`;
  return `${where}: ${error.message ?? error.keyword}${detail}`;
}

const SUMMARY_FIELD: Record<CaseStatus, keyof RunSummary> = {
  pass: 'passed',
  fail: 'failed',
  warn: 'warned',
  skip: 'skipped',
  unsupported: 'unsupported',
  error: 'errored',
};

function semanticErrors(report: RunReport): string[] {
  const errors: string[] = [];
  const expected: RunSummary = { total: report.cases.length, passed: 0, failed: 0, warned: 0, skipped: 0, unsupported: 0, errored: 0 };
  for (const c of report.cases) expected[SUMMARY_FIELD[c.status]]++;
  for (const key of Object.keys(expected) as (keyof RunSummary)[]) {
    if (report.summary[key] !== expected[key]) errors.push(`/summary/${key}: is ${report.summary[key]} but the cases count ${expected[key]}`);
  }
  const seen = new Set<string>();
  report.cases.forEach((c, i) => {
    if (seen.has(c.id)) errors.push(`/cases/${i}/id: duplicate case id ${JSON.stringify(c.id)}`);
    seen.add(c.id);
  });
  // --with-codex: "agrees" is what the verdict and the turns say, never a word set on its own.
  const live = report.liveCodex;
  if (live && live.agrees !== (liveCodexDisagreements(report.verdict.codex, live.turns).length === 0)) {
    errors.push(`/liveCodex/agrees: is ${live.agrees} but the verdict and the turns say ${!live.agrees}`);
  }
  return errors;
}
