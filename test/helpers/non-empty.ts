// A table-driven test over an empty table passes without testing anything (vitest runs an empty
// it.each silently): tables built from catalogues, scenarios or the spec go through nonEmpty, which
// fails the file when it is collected.
export function nonEmpty<T>(table: readonly T[], what: string): T[] {
  if (table.length === 0) throw new Error(`${what}: the table is empty, so its tests would check nothing`);
  return [...table];
}
