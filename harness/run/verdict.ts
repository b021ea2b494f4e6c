// The run's verdicts. Codex's: compatible only when every required check passed in every case Codex
// depends on. The spec's: whether recommended checks found deviations.
import type { CaseResult, CodexVerdict, RunDiagnosis, RunFilter, RunReport, RunSummary, SpecVerdict } from '../report/model.ts';
import { filterReason } from './run-filter.ts';
import { diagnosisReasons } from '../diagnosis/run-diagnosis.ts';
import { isBroken } from './case-status-order.ts';
import { CATALOG_SUITE_ID, SHAPES_SUITE_ID, isCodexSuite } from './suite.ts';
import { SILENT_SOCKET_SENTENCE } from '../checks/websocket-checks.ts';

const MAX_REASONS = 12;

export function summarize(cases: CaseResult[]): RunSummary {
  const count = (status: CaseResult['status']) => cases.filter((c) => c.status === status).length;
  return {
    total: cases.length,
    passed: count('pass'),
    failed: count('fail'),
    warned: count('warn'),
    skipped: count('skip'),
    unsupported: count('unsupported'),
    errored: count('error'),
  };
}

/** Cases whose outcome Codex depends on: those of a Codex suite with at least one required check. */
const isCodexCase = (c: CaseResult) => isCodexSuite(c.suite) && c.checks.some((check) => check.severity === 'required');
const broken = (c: CaseResult) => isBroken(c.status);
/**
 * A case whose break can mean that no turn completes, so that every one of them broken makes the relay
 * incompatible. Not the model catalog's: it is read before the turns, and whatever it answers Codex
 * falls back to its bundled metadata and completes every turn, without the apply_patch tool (measured,
 * docs/codex-ground-truth.md). Nor a shape's: run-case.ts makes a shape core when its break stops every
 * turn (on every request, refused), and a broken core case decides alone; any other broken shape
 * breaks only the turns that need it (Lite's tools dropped: the plain turn completes, measured), even
 * in a run of the shapes suite alone.
 */
const mayStopEveryTurn = (c: CaseResult) => c.suite !== CATALOG_SUITE_ID && c.suite !== SHAPES_SUITE_ID;
/**
 * A case whose answer the spec checks judged: a stream (101: a WebSocket whose frames were the stream),
 * or an answer the case expected (an error envelope in the errors suite) that a recommended check
 * passed. A relay refusing everything with a tidy 404 envelope is not thereby conformant: its cases broke.
 */
const judgedBySpec = (c: CaseResult) =>
  c.http?.status === 200 ||
  c.http?.status === 101 ||
  (c.http !== undefined && !broken(c) && c.checks.some((check) => check.severity === 'recommended' && check.status === 'pass'));

/**
 * The verdict from the cases' final statuses; the diagnosis (when there is one) explains them first.
 * A filtered run judged only some cases: it can find the relay incompatible (a core case broke), never
 * compatible or partial, which speak for the cases it left out.
 */
export function decideVerdict(cases: CaseResult[], diagnosis?: RunDiagnosis, filter?: RunFilter): RunReport['verdict'] {
  const codexCases = cases.filter(isCodexCase);
  const brokenCases = codexCases.filter(broken);
  const turnCases = codexCases.filter(mayStopEveryTurn);
  let codex: CodexVerdict;
  if (codexCases.length === 0) codex = 'not-evaluated';
  else if (brokenCases.length === 0) codex = 'compatible';
  else if ((turnCases.length > 0 && turnCases.every(broken)) || brokenCases.some((c) => c.core)) codex = 'incompatible';
  else codex = 'partial';
  if (filter && !brokenCases.some((c) => c.core)) codex = 'not-evaluated';

  const reasons = filter ? [filterReason(filter)] : [];
  reasons.push(...diagnosisReasons(diagnosis));
  if (codexCases.length === 0) reasons.push('no case that Codex depends on was run');
  reasons.push(...groupedCauses(brokenCases));
  // Another agent's cases (the chat suite) say why they broke too, after Codex's.
  reasons.push(...groupedCauses(cases.filter((c) => !isCodexSuite(c.suite) && broken(c))));

  // Only an answer can deviate from the spec: a check failing on a refused connection judged nothing.
  const deviations = cases.some((c) => c.http !== undefined && c.checks.some((check) => check.severity === 'recommended' && check.status === 'fail'));
  const spec: SpecVerdict = deviations ? 'deviations' : cases.some(judgedBySpec) ? 'conformant' : 'not-evaluated';
  return { codex, spec, reasons: [...new Set(reasons)].slice(0, MAX_REASONS) };
}

/**
 * Whether a run succeeded, for the exit code: Codex-compatible, or (a run of only non-core suites,
 * which has no Codex verdict) every one of its cases passed or did not apply.
 */
export function runSucceeded(verdict: { codex: CodexVerdict }, summary: RunSummary): boolean {
  if (verdict.codex === 'compatible') return true;
  return verdict.codex === 'not-evaluated' && summary.passed + summary.skipped === summary.total;
}

/** Why a case broke: `key` identifies the cause as data (kind, status, check), `text` says it. */
interface Cause {
  key: string;
  text: string;
}

function causeOf(c: CaseResult): Cause {
  if (c.status === 'unsupported') return { key: `unsupported/${c.http?.status}`, text: `endpoint unsupported (HTTP ${c.http?.status ?? '?'})` };
  // Whichever check noticed the silence, what the user's Codex does on it is the cause.
  if (c.silentSocket) return { key: `silent-socket/${c.silentSocket}`, text: `the socket upgraded and answered nothing: ${SILENT_SOCKET_SENTENCE[c.silentSocket]}` };
  const required = c.checks.find((check) => check.severity === 'required' && check.status === 'fail');
  if (required) return { key: `check/${required.id}/${required.message}`, text: `${required.id}: ${required.message}` };
  if (c.error) return { key: `error/${c.error.kind}/${c.error.message}`, text: `${c.error.kind}: ${c.error.message}` };
  return { key: `status/${c.status}`, text: c.status };
}

/** A case that broke in some runs of --repeat only is its own cause, whatever broke it. */
function brokenCause(c: CaseResult): Cause {
  const cause = causeOf(c);
  if (!c.runs?.flaky) return cause;
  const share = `${c.runs.statuses.filter(isBroken).length} of ${c.runs.statuses.length}`;
  return { key: `flaky/${share}/${cause.key}`, text: `flaky, broke in ${share} runs: ${cause.text}` };
}

const MAX_IDS_PER_REASON = 3;

/** One reason per distinct cause, in order of first appearance: `<case>: <cause>`, or `<cause> (N cases: a, b, c, +k more)`. */
function groupedCauses(brokenCases: CaseResult[]): string[] {
  const groups = new Map<string, { text: string; ids: string[] }>();
  for (const c of brokenCases) {
    const { key, text } = brokenCause(c);
    const group = groups.get(key) ?? { text, ids: [] };
    group.ids.push(c.id);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ text, ids }) => {
    if (ids.length === 1) return `${ids[0]}: ${text}`;
    const more = ids.length - MAX_IDS_PER_REASON;
    return `${text} (${ids.length} cases: ${ids.slice(0, MAX_IDS_PER_REASON).join(', ')}${more > 0 ? `, +${more} more` : ''})`;
  });
}

/** The one sentence naming why a case broke: the cause Codex would hit. */
export function caseCause(c: CaseResult): string {
  return causeOf(c).text;
}
