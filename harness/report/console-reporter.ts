// Live progress in a terminal: one line per finished case, then the summary, the verdict and where the
// reports went. Relay text is made visible first (plain-text.ts): a relay must not be able to send
// escape sequences to the user's terminal. Colour and the in-place "running" line are for TTYs only.
import pc from 'picocolors';
import type { CaseResult, CaseStatus, CodexVerdict, LiveCodexTurn } from './model.ts';
import type { RunListener } from '../run/runner.ts';
import { SPEC_VERDICT_MEANING, caseHeadline, summaryText, tokensText } from './outcome-wording.ts';
import { HEADERS_HEADING, headerObservationLine } from './header-wording.ts';
import { clean, formatDuration } from './plain-text.ts';
import { liveCodexDisagreementLines, liveCodexSummary, liveCodexTurnLine } from './live-codex-wording.ts';

export interface ConsoleStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ConsoleReporterOptions {
  stream?: ConsoleStream;
  /** Forces colour on or off; by default: FORCE_COLOR, then NO_COLOR, then whether the stream is a TTY. */
  color?: boolean;
  /** Environment to read FORCE_COLOR / NO_COLOR / TERM from (tests pass their own). */
  env?: Record<string, string | undefined>;
  /** Only the summary, verdict and where the reports went: no per-case lines (a run without the console format). */
  verdictOnly?: boolean;
}

export interface ConsoleReporter extends Required<RunListener> {
  onReportsWritten(files: string[]): void;
  /** run --with-codex: before the real Codex's turns, then as each one ends. */
  onLiveCodexStart(version: string, turns: number): void;
  onLiveCodexTurn(turn: LiveCodexTurn): void;
}

/** FORCE_COLOR wins over NO_COLOR, as in Node itself; FORCE_COLOR=0 or false turns colour off. */
export function colorEnabled(stream: ConsoleStream, env: Record<string, string | undefined>, explicit?: boolean): boolean {
  if (explicit !== undefined) return explicit;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

const SYMBOL: Record<CaseStatus, string> = { pass: '✓', fail: '✗', warn: '!', skip: '-', unsupported: '⊘', error: '‼' };
const ID_WIDTH = 30;
const MAX_REASONS = 5;

export function createConsoleReporter(options: ConsoleReporterOptions = {}): ConsoleReporter {
  const stream = options.stream ?? process.stdout;
  const env = options.env ?? process.env;
  const c = pc.createColors(colorEnabled(stream, env, options.color));
  // Rewriting a line needs a real terminal; pipes and CI logs get plain appended lines only.
  const live = options.verdictOnly !== true && stream.isTTY === true && env.TERM !== 'dumb';
  const caseLines = options.verdictOnly !== true;
  const tint: Record<CaseStatus, (s: string) => string> = { pass: c.green, fail: c.red, warn: c.yellow, skip: c.dim, unsupported: c.magenta, error: c.red };
  const verdictTint: Record<CodexVerdict, (s: string) => string> = { compatible: c.green, partial: c.yellow, incompatible: c.red, 'not-evaluated': c.dim };

  const running = new Set<string>();
  let total = 0;
  let done = 0;
  let statusShown = false;

  const clearStatus = () => {
    if (statusShown) stream.write('\r\x1b[2K');
    statusShown = false;
  };
  const drawStatus = () => {
    if (!live || running.size === 0) return;
    const width = Math.max(20, (stream.columns ?? 80) - 1);
    // Kept shorter than the terminal: a wrapped line could not be cleared with \r.
    const text = `  … ${done}/${total} done, running ${[...running].join(', ')}`;
    stream.write(c.dim(text.length > width ? `${text.slice(0, width - 1)}…` : text));
    statusShown = true;
  };
  const println = (line = '') => {
    clearStatus();
    stream.write(`${line}\n`);
    drawStatus();
  };

  return {
    onRunStart(target, caseCount, warnings = []) {
      total = caseCount;
      for (const warning of warnings) println(c.red(c.bold(`warning: ${clean(warning.message, 400)}`)));
      if (caseLines) println(c.bold(`relaycheck → ${clean(target.baseUrl, 300)} (model ${clean(target.model, 100)}): ${caseCount} case${caseCount === 1 ? '' : 's'}`));
    },
    onCaseStart(spec) {
      running.add(clean(spec.id, 60));
      if (live) {
        clearStatus();
        drawStatus();
      }
    },
    onCaseEnd(result) {
      running.delete(clean(result.id, 60));
      done++;
      if (caseLines) println(caseLine(result));
    },
    onRunEnd(report) {
      running.clear();
      clearStatus();
      const { codex, spec, reasons } = report.verdict;
      const ms = Date.parse(report.finishedAt) - Date.parse(report.startedAt);
      if (caseLines) println();
      // A disagreement with the real Codex is relaycheck's own bug: before the verdict it puts in doubt.
      const [headline, ...disagreements] = liveCodexDisagreementLines(report);
      if (headline !== undefined) {
        println(c.red(c.bold(clean(headline, 300))));
        for (const line of disagreements) println(c.red(`  - ${clean(line, 500)}`));
        println();
      }
      if (report.interrupted) println(c.yellow(`Interrupted: ${report.cases.length} of ${report.interrupted.planned} cases finished; the reports cover those.`));
      println(`${summaryText(report.summary)}${Number.isFinite(ms) && ms >= 0 ? ` in ${formatDuration(ms)}` : ''}`);
      if (report.tokens) println(`Tokens the relay reported: ${tokensText(report.tokens)}`);
      if (report.headers) {
        println(`${HEADERS_HEADING}:`);
        for (const o of report.headers) println(`  - ${clean(headerObservationLine(o), 400)}`);
      }
      // A spec verdict that judged nothing says so, rather than leave a bare word.
      const specText = spec === 'not-evaluated' ? `${spec}: ${SPEC_VERDICT_MEANING[spec]}` : spec;
      println(`${c.bold(verdictTint[codex](`Codex: ${codex.toUpperCase()}`))}  ${c.dim(`(spec: ${specText})`)}`);
      for (const reason of reasons.slice(0, MAX_REASONS)) println(`  - ${clean(reason, 200)}`);
      const more = reasons.length - MAX_REASONS;
      if (more > 0) println(c.dim(`  (${more} more reason${more === 1 ? '' : 's'} in the report)`));
      if (report.liveCodex) println((report.liveCodex.agrees ? c.green : c.red)(clean(liveCodexSummary(report.liveCodex), 300)));
    },
    onLiveCodexStart(version, turns) {
      if (caseLines) println(c.bold(`The real Codex ${clean(version, 40)} through the relay (--with-codex): ${turns} turns`));
    },
    onLiveCodexTurn(turn) {
      if (caseLines) println(`  ${(turn.succeeded ? c.green : c.red)(turn.succeeded ? '✓' : '✗')} ${clean(liveCodexTurnLine(turn), 600)}`);
    },
    onReportsWritten(files) {
      if (files.length > 0) println(`Reports: ${files.map((f) => clean(f, 300)).join(', ')}`);
    },
  };

  function caseLine(r: CaseResult): string {
    const status = tint[r.status](`${SYMBOL[r.status]} ${r.status.padEnd(11)}`);
    const id = clean(r.id, 60).padEnd(ID_WIDTH);
    const duration = c.dim(formatDuration(r.durationMs).padStart(8));
    const headline = caseHeadline(r);
    return `  ${status} ${id} ${duration}${headline ? `  ${c.dim(clean(headline, 120))}` : ''}`;
  }
}
