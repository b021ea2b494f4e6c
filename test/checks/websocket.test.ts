import { expect, it } from 'vitest';
import type { ExchangeEnd } from '../../harness/exchange/exchange-end.ts';
import { silentSocket } from '../../harness/checks/websocket-checks.ts';
import { pinChecks } from '../helpers/check-examples.ts';
import { examples } from './websocket.examples.ts';

pinChecks(examples);

// The run's hang diagnosis (run-websocket-case.ts) asks this too: each of its three conditions is needed.
it('calls a socket silent only when it upgraded, got no event, and ended idle or at the deadline', () => {
  const end = (status: number | undefined, events: number, ending: ExchangeEnd['ending']) =>
    ({ ...(status !== undefined && { head: { status, headers: {}, headersMs: 1, url: 'ws://127.0.0.1/v1/responses' } }), events, ending, durationMs: 1, bytes: 0, comments: 0, framing: [], maxGapMs: 0 }) as unknown as ExchangeEnd;
  expect([end(101, 0, 'idle'), end(101, 0, 'deadline')].map(silentSocket)).toEqual([true, true]);
  for (const [status, events, ending] of [[101, 0, 'eof'], [101, 0, 'transport-error'], [101, 1, 'idle'], [101, 1, 'eof'], [200, 0, 'idle'], [426, 0, 'deadline'], [undefined, 0, 'idle'], [undefined, 1, 'eof']] as const) {
    expect(silentSocket(end(status, events, ending)), `${status} ${events} ${ending}`).toBe(false);
  }
});
