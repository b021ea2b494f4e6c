// The agreement table `npm run test:codex` prints and docs/codex-agreement.md holds: one row per
// behaviour, what each Codex release did (a column per release), what relaycheck said modelling it
// and which required checks named the cause.
import type { RowResult } from './agreement-run.ts';
import { behaviourName, expectationOn } from './agreement-matrix.ts';

const MAX_MESSAGE = 90;

export function codexColumn(result: RowResult): string {
  const { codex } = result;
  if (codex.kind === 'completes') return 'completes';
  if (codex.kind === 'loses') return `exit 0, loses ${codex.lost}`;
  if (codex.kind === 'falls-back') return `completes over HTTPS: ${stable(codex.message)}`;
  return `fails: ${stable(codex.message)}`;
}

/** Ports and relay-made ids change from run to run; the table should not. */
function stable(message: string): string {
  const text = message.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT').replace(/\b(rs|resp|msg|call)_[0-9a-f]{16,}/g, '$1_…');
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

/** `versions` in column order (newest first); results of one behaviour on several releases share a row. */
export function renderAgreementTable(results: RowResult[], versions: readonly string[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const shown = versions.filter((v) => results.some((r) => r.version === v));
  const byBehaviour = new Map<string, Map<string, RowResult>>();
  for (const result of results) {
    const name = behaviourName(result.row);
    if (!byBehaviour.has(name)) byBehaviour.set(name, new Map());
    byBehaviour.get(name)!.set(result.version, result);
  }
  const tally = shown.map((v) => {
    const on = results.filter((r) => r.version === v);
    return `${on.filter((r) => r.agrees).length}/${on.length} on Codex CLI ${v}`;
  });
  const lines = [
    `Codex agreement: ${tally.join(', ')}`,
    '',
    `| behaviour | ${shown.map((v) => `Codex ${v}`).join(' | ')} | relaycheck | failing required checks | agree? |`,
    `|---|${shown.map(() => '---|').join('')}---|---|---|`,
  ];
  for (const [name, runs] of byBehaviour) {
    const ran = shown.filter((v) => runs.has(v)).map((v) => runs.get(v)!);
    const checks = (r: RowResult) => {
      const expect = expectationOn(r.row, r.version);
      return r.failedRequired.map((id) => (expect.codex !== 'completes' && id === expect.check ? `**${id}**` : id)).join(', ') || '—';
    };
    const codexCells = shown.map((v) => (runs.has(v) ? codexColumn(runs.get(v)!) : 'not run'));
    lines.push(`| ${cell(name)} | ${codexCells.map(cell).join(' | ')} | ${cell(perVersion(ran, (r) => r.verdict))} | ${cell(perVersion(ran, checks))} | ${ran.every((r) => r.agrees) ? 'yes' : '**NO**'} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** One value when every release gives the same, else `0.171.0: a; 0.169.0: b`. */
function perVersion(runs: RowResult[], value: (r: RowResult) => string): string {
  const values = runs.map(value);
  return new Set(values).size <= 1 ? (values[0] ?? '—') : runs.map((r, i) => `${r.version}: ${values[i]}`).join('; ');
}
