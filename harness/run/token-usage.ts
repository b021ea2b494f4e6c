// The tokens a relay said it spent (response.usage of each terminal event), so a user knows what
// vetting a paid relay costs. Only counts Codex could parse are taken: non-negative integers.
import type { ExchangeEnd } from '../exchange/exchange-end.ts';
import { isRecord } from '../checks/check.ts';
import type { CaseResult, RunTokens, TokenCounts } from '../report/model.ts';

const count = (value: unknown): number | undefined => (Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : undefined);

/** The usage the exchange's terminal event reported, when it reported input and output counts. */
export function tokensReported(end: ExchangeEnd): TokenCounts | undefined {
  const response = isRecord(end.terminal?.json) ? end.terminal.json.response : undefined;
  const usage = isRecord(response) ? response.usage : undefined;
  if (!isRecord(usage)) return undefined;
  const input = count(usage.input_tokens);
  const output = count(usage.output_tokens);
  if (input === undefined || output === undefined) return undefined;
  const details = usage.input_tokens_details;
  return { input, cached: Math.min(input, (isRecord(details) && count(details.cached_tokens)) || 0), output };
}

/** Sums that stay exact integers however many (hostile) counts are added. */
export function addTokens(a: TokenCounts | undefined, b: TokenCounts | undefined): TokenCounts | undefined {
  if (!a || !b) return a ?? b;
  const add = (x: number, y: number) => Math.min(Number.MAX_SAFE_INTEGER, x + y);
  return { input: add(a.input, b.input), cached: add(a.cached, b.cached), output: add(a.output, b.output) };
}

/** The run's total over the cases that reported usage; absent when none did. */
export function runTokens(cases: CaseResult[]): RunTokens | undefined {
  const reporting = cases.filter((c) => c.tokens);
  const total = reporting.reduce<TokenCounts | undefined>((sum, c) => addTokens(sum, c.tokens), undefined);
  return total && { ...total, cases: reporting.length };
}
