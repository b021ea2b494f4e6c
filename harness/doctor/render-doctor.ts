// The doctor's console output: what was examined, each finding with evidence and fix, what was
// verified, and the working provider block. A pure function of the (already redacted) report.
// The diagnosers quote every relay string (relayWords); each printed piece still goes through
// clean() here, so that nothing in a report, whoever wrote it, can break a line or reach the
// terminal as an escape sequence.
import type { Finding } from '../codex-config/finding.ts';
import { clean } from '../report/plain-text.ts';
import type { DoctorReport } from './run-doctor.ts';

const MARK: Record<Finding['severity'], string> = { error: '✗ error  ', warning: '! warning', info: '· info   ' };
/** Longest printed piece: evidence quotes the relay's words, each already bounded. */
const MAX_PIECE = 2_000;
const safe = (text: string) => clean(text, MAX_PIECE);

export function renderDoctor(report: DoctorReport): string {
  const { subject } = report;
  const lines = [
    ...(report.warnings ?? []).map((w) => safe(`warning: ${w.message}`)),
    safe(`relaycheck doctor: provider "${subject.provider}" from ${subject.source}${subject.profile ? ` (profile ${subject.profile})` : ''}`),
    safe(`  base_url ${subject.baseUrl ?? '(none)'} · model ${subject.model ?? '(Codex default)'} · key: ${subject.credential}`),
    '',
  ];
  for (const f of report.findings) {
    lines.push(`${MARK[f.severity]} [${safe(f.area)}] ${safe(f.title)}`);
    for (const e of f.evidence) lines.push(`            ${safe(e)}`);
    if (f.fix) lines.push(`            fix: ${safe(f.fix)}`);
  }
  if (report.findings.length === 0) lines.push('no problems found');
  if (report.verified.length > 0) {
    lines.push('', 'verified:');
    for (const fact of report.verified) lines.push(`  ✓ ${safe(fact)}`);
  }
  if (report.block) {
    lines.push('', 'working provider block (top-level keys go above every [table] in config.toml):', '');
    lines.push(...indent(report.block.topLevel), '', ...indent(report.block.table));
    if (report.block.envKeyHint) lines.push('', `  ${safe(report.block.envKeyHint)}`);
  }
  lines.push('', `result: ${verdictLine(report)}`);
  return `${lines.join('\n')}\n`;
}

function verdictLine(report: DoctorReport): string {
  if (report.ok) return 'works with Codex';
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  if (errors === 0) return 'not verified: no Codex turn got through';
  const plural = errors === 1 ? '' : 's';
  return `${errors} problem${plural} found${report.block ? `; the block above fixes ${errors === 1 ? 'it' : 'them'}` : ''}`;
}

function indent(text: string): string[] {
  return text.split('\n').map((line) => (line ? `  ${safe(line)}` : line));
}
