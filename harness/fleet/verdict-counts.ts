// "12 compatible, 5 partial, 3 incompatible": the line on top of every matrix output.
import type { CodexVerdict } from '../report/model.ts';
import type { MatrixReport } from './matrix.ts';

const ORDER: CodexVerdict[] = ['compatible', 'partial', 'incompatible', 'not-evaluated'];

export function verdictCounts(matrix: MatrixReport): string {
  const counted = ORDER.map((v) => [v, matrix.relays.filter((r) => r.verdict.codex === v).length] as const).filter(([, n]) => n > 0);
  return counted.length > 0 ? counted.map(([v, n]) => `${n} ${v}`).join(', ') : 'no relay';
}
