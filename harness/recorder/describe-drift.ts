// Explains in words what changed in Codex's requests between two recordings of one fixture: what a
// maintainer reads when the pinned Codex is bumped (`npm run fixtures:record -- --check`).
import type { Fixture } from '../replay/fixture.ts';

const MAX_VALUE = 160;
/** Characters shown before the first difference of two long values. */
const CONTEXT = 40;

export function describeDrift(before: Fixture, after: Fixture): string[] {
  const changes: string[] = [];
  const [a, b] = [before.request, after.request];
  if (a.path !== b.path) changes.push(`path changed: ${a.path} → ${b.path}`);
  compareRecords('header', a.headers, b.headers, changes);
  const rest = (body: Record<string, unknown>) => Object.fromEntries(Object.entries(body).filter(([key]) => key !== 'input' && key !== 'tools'));
  compareRecords('body key', rest(a.body), rest(b.body), changes);
  if ('tools' in a.body !== 'tools' in b.body) changes.push(`body key ${'tools' in b.body ? 'added' : 'removed'}: tools`);
  compareRecords('tool', byName(a.body.tools), byName(b.body.tools), changes);
  compareInput(a.body.input, b.body.input, changes);
  return changes;
}

/** Added, removed and changed entries of two records, each change one sentence. */
function compareRecords(label: string, before: Record<string, unknown>, after: Record<string, unknown>, changes: string[]): void {
  // A header's value is the news (accept-encoding: "zstd,gzip"); a tool's or body key's is too long.
  const shown = (key: string) => (label === 'header' ? `${key}: ${JSON.stringify(after[key])}` : key);
  for (const key of Object.keys(after)) if (!(key in before)) changes.push(`${label} added: ${shown(key)}`);
  for (const key of Object.keys(before)) if (!(key in after)) changes.push(`${label} removed: ${key}`);
  for (const key of Object.keys(after)) {
    if (!(key in before) || same(before[key], after[key])) continue;
    changes.push(`${label} ${key} changed: ${showChange(before[key], after[key])}`);
  }
}

/** Tools keyed `type name` (web_search and tool_search have no name). */
function byName(tools: unknown): Record<string, unknown> {
  const list = Array.isArray(tools) ? (tools as Array<{ type?: string; name?: string }>) : [];
  return Object.fromEntries(list.map((tool) => [`${tool.type}${tool.name ? ` ${tool.name}` : ''}`, tool]));
}

function compareInput(before: unknown[], after: unknown[], changes: string[]): void {
  const kind = (item: unknown) => {
    const { type, role } = item as { type?: string; role?: string };
    return role ? `${type}/${role}` : String(type);
  };
  const [kindsBefore, kindsAfter] = [before.map(kind), after.map(kind)];
  if (kindsBefore.join() !== kindsAfter.join()) {
    changes.push(`input items changed: [${kindsBefore.join(', ')}] → [${kindsAfter.join(', ')}]`);
    return;
  }
  after.forEach((item, i) => {
    if (!same(before[i], item)) changes.push(`input item ${i} (${kindsAfter[i]}) changed: ${showChange(before[i], item)}`);
  });
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** `before → after`, cut around the first place they differ when they are long. */
function showChange(before: unknown, after: unknown): string {
  const [a, b] = [JSON.stringify(before) ?? 'undefined', JSON.stringify(after) ?? 'undefined'];
  if (a.length <= MAX_VALUE && b.length <= MAX_VALUE) return `${a} → ${b}`;
  let at = 0;
  while (at < a.length && a[at] === b[at]) at++;
  const from = Math.max(0, at - CONTEXT);
  const cut = (text: string) => `${from > 0 ? '…' : ''}${text.slice(from, from + MAX_VALUE)}${from + MAX_VALUE < text.length ? '…' : ''}`;
  return `${cut(a)} → ${cut(b)}`;
}
