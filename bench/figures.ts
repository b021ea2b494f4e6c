// Small helpers to print benchmark figures the same way everywhere.

export const MB = 1024 * 1024;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Runs every path `runs` times, one run of each in turn (a, b, c, a, b, c, …) after `warmups` rounds
 * unmeasured, so a burst of load on a shared machine falls on all of them rather than on one path's
 * runs. Returns what each path's runs measured, in order.
 */
export async function roundRobin<T>(paths: Record<string, () => Promise<T>>, runs: number, warmups = 1): Promise<Record<string, T[]>> {
  const results: Record<string, T[]> = Object.fromEntries(Object.keys(paths).map((name) => [name, []]));
  for (let round = -warmups; round < runs; round++) {
    for (const [name, once] of Object.entries(paths)) {
      const figure = await once();
      if (round >= 0) results[name]!.push(figure);
    }
  }
  return results;
}

/** `once` as a path that measures its wall milliseconds. */
export function wallMs(once: () => Promise<unknown>): () => Promise<number> {
  return async () => {
    const started = performance.now();
    await once();
    return performance.now() - started;
  };
}

/** "median (min–max)", for a table cell: the spread shows how far one figure can be trusted. */
export function medianSpread(values: number[], digits = 0): string {
  const fixed = (n: number) => n.toFixed(digits);
  return `${fixed(median(values))} (${fixed(Math.min(...values))}–${fixed(Math.max(...values))})`;
}

export function table(rows: Array<Record<string, string | number>>): string {
  const columns = Object.keys(rows[0] ?? {});
  const cell = (value: string | number) => (typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: 2 }) : value);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(cell(r[c]!)).length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(columns.map((c) => String(cell(r[c]!)))))].join('\n');
}
