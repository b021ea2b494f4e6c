// The run's observations of response headers Codex reads (codex/codex-response-headers.ts): which
// answers carried one, with what value, and what Codex was measured to do with it. Taken from the
// cases' transcripts (already bounded and redacted), so a header is reported as the relay sent it.
import type { CaseResult, HeaderObservation } from '../report/model.ts';
import { CheckId } from '../checks/ids.ts';
import { codexReadHeader } from '../codex/codex-response-headers.ts';
import { capText } from '../bounds/bounded-text.ts';

export const HEADER_OBSERVATION_BOUNDS = { headers: 30, casesPerHeader: 20, valueChars: 200 } as const;

export function observeCodexHeaders(cases: readonly CaseResult[]): HeaderObservation[] {
  const byName = new Map<string, HeaderObservation>();
  for (const c of cases) {
    for (const [name, value] of Object.entries(c.transcript?.response?.headers ?? {})) {
      const read = codexReadHeader(name);
      if (!read) continue;
      // openai-model naming the requested model is every relay's normal answer; the headers check decides when it does not.
      if (read.effect === 'warns-model-rerouted' && !c.checks.some((k) => k.id === CheckId.modelNotRerouted && k.status === 'fail')) continue;
      let seen = byName.get(name);
      if (!seen) {
        if (byName.size >= HEADER_OBSERVATION_BOUNDS.headers) continue;
        seen = { name, value: capText(value, HEADER_OBSERVATION_BOUNDS.valueChars), effect: read.effect, answers: 0, cases: [] };
        byName.set(name, seen);
      }
      seen.answers++;
      if (seen.cases.length < HEADER_OBSERVATION_BOUNDS.casesPerHeader && !seen.cases.includes(c.id)) seen.cases.push(c.id);
    }
  }
  // By name: the same relay gives the same list whatever order its headers went out in.
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
