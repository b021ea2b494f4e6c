// relaycheck fidelity's reference upstream: answers like the reference relay, records what it got
// and sent (within its bounds), and paces a stream when the case asks for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { loadFixture } from '../harness/replay/fixture.ts';
import { type ReferenceUpstream, startReferenceUpstream } from '../harness/fidelity/reference-upstream.ts';
import { outputItems, parseSseAnswer } from '../harness/fidelity/compare-answer.ts';

let upstream: ReferenceUpstream;
beforeAll(async () => {
  upstream = await startReferenceUpstream({ limits: { maxExchanges: 2, maxBodyBytes: 64 * 1024 } });
});
afterAll(() => upstream.close());

const post = async (body: unknown) => {
  const answer = await request(`${upstream.url}/responses`, { method: 'POST', headers: { 'content-type': 'application/json', 'session-id': 's-1' }, body: JSON.stringify(body) });
  return { status: answer.statusCode, text: await answer.body.text() };
};

describe('the reference upstream', () => {
  it('answers a recorded tool-call request with the tool call, and records the request and its answer', async () => {
    const { body } = (await loadFixture('tool-call-gpt-5.5')).request;
    upstream.beginCase();
    const answer = await post(body);
    expect(answer.status).toBe(200);
    const { exchanges, uncounted } = upstream.recorded();
    expect(uncounted).toBe(0);
    expect(exchanges).toHaveLength(1);
    const [exchange] = exchanges;
    expect(exchange).toMatchObject({ method: 'POST', path: '/v1/responses', bodyTruncated: false, response: { status: 200, ended: true, truncated: false } });
    expect(exchange!.headers['session-id']).toBe('s-1');
    expect(JSON.parse(exchange!.bodyText)).toEqual(body);
    expect(exchange!.response.text).toBe(answer.text);
    expect(outputItems(parseSseAnswer(answer.text)).map((item) => item.type)).toEqual(['function_call']);
  });

  it('keeps a bounded number of requests and bytes: the rest is counted or cut', async () => {
    upstream.beginCase();
    const big = { model: 'gpt-5.5', input: [{ role: 'user', content: 'x'.repeat(100 * 1024) }], stream: true };
    for (let i = 0; i < 3; i++) expect((await post(big)).status).toBe(200);
    const { exchanges, uncounted } = upstream.recorded();
    expect(exchanges).toHaveLength(2);
    expect(uncounted).toBe(1);
    expect(exchanges[0]!.bodyTruncated).toBe(true);
    expect(Buffer.byteLength(exchanges[0]!.bodyText)).toBeLessThanOrEqual(64 * 1024);
    // beginCase forgets them.
    upstream.beginCase();
    expect(upstream.recorded()).toEqual({ exchanges: [], uncounted: 0 });
  });

  it('spreads a paced stream over time, one event per chunk', async () => {
    upstream.beginCase({ betweenEventsMs: 40 });
    await post({ model: 'gpt-5.5', input: [{ role: 'user', content: 'say hi' }], stream: true });
    const { response } = upstream.recorded().exchanges[0]!;
    const events = parseSseAnswer(response.text);
    expect(events.kind === 'stream' && events.events.length).toBeGreaterThan(3);
    // A lower bound only (a loaded machine makes it longer, never shorter), halved for timer rounding.
    const pauses = (events as { events: unknown[] }).events.length - 1;
    expect(response.lastChunkAt! - response.firstChunkAt!).toBeGreaterThanOrEqual((40 * pauses) / 2);
  });
});
