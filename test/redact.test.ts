import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from '../harness/redact/redact.ts';
import { redactSplitSecrets } from '../harness/redact/redact-split-secrets.ts';
import type { TranscriptEvent } from '../harness/report/model.ts';

describe('redaction', () => {
  const key = 'relay-key-7f3a9c2e11';
  const redactor = new Redactor([key]);

  it('removes a known secret wherever it appears, also JSON-escaped or percent-encoded', () => {
    expect(redactor.text(`invalid key ${key}!`)).toBe(`invalid key ${REDACTED}!`);
    expect(redactor.text(`?key=${encodeURIComponent(key)}`)).not.toContain(key);
    const tricky = new Redactor(['a"b\\c/secret+x']);
    expect(tricky.text(JSON.stringify({ echo: 'a"b\\c/secret+x' }))).not.toContain('secret+x');
  });

  it('removes secrets nobody declared when they have the shape of keys and tokens', () => {
    const text = 'got sk-proj-AbCdEfGhIjKlMnOpQrStUv and Bearer abcdefghijklmnop.qrs and eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    const out = new Redactor().text(text);
    expect(out).not.toMatch(/sk-proj-AbC|abcdefghijklmnop|eyJhbGci/);
    expect(out).toContain('Bearer [REDACTED]');
  });

  it('redacts token fields of an auth.json-like body', () => {
    const out = new Redactor().text('{"access_token": "0123456789abcdef", "note": "ok"}');
    expect(out).toBe('{"access_token": "[REDACTED]", "note": "ok"}');
  });

  it('replaces credential headers whole and keeps the auth scheme', () => {
    const out = new Redactor().headers({ Authorization: 'Bearer short', cookie: 'a=b', 'x-api-key': 'k', accept: 'text/event-stream' });
    expect(out).toEqual({ Authorization: `Bearer ${REDACTED}`, cookie: REDACTED, 'x-api-key': REDACTED, accept: 'text/event-stream' });
  });

  it('walks nested values, keys included, without changing the shape', () => {
    const value = { a: [key, { [key]: 1, n: 2, b: true, z: null }] };
    expect(redactor.deep(value)).toEqual({ a: [REDACTED, { [REDACTED]: 1, n: 2, b: true, z: null }] });
  });

  it('ignores secrets too short to redact safely', () => {
    expect(new Redactor(['abc']).text('abc abc')).toBe('abc abc');
  });

  it('removes a secret base64-encoded inside a longer text, at every byte alignment, in both alphabets', () => {
    for (const before of ['', 'x', 'xy', 'Bearer ', 'user:', '{"authorization":"Bearer ']) {
      for (const encoding of ['base64', 'base64url'] as const) {
        const encoded = Buffer.from(`${before}${key} and more`).toString(encoding);
        const out = redactor.text(`echo: ${encoded} end`);
        expect(out, `${encoding} after ${JSON.stringify(before)}`).toBe(`echo: ${REDACTED} end`);
      }
    }
    // An unrelated base64 run stays.
    expect(redactor.text(`x ${Buffer.from('nothing secret here').toString('base64')}`)).not.toContain(REDACTED);
  });

  it('removes a secret reversed, or escaped character by character (\\uXXXX, %XX, or a mix with plain characters)', () => {
    expect(redactor.text(`oops ${[...key].reverse().join('')}`)).toBe(`oops ${REDACTED}`);
    const unicode = [...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    expect(redactor.text(`{"delta":"${unicode}"}`)).toBe(`{"delta":"${REDACTED}"}`);
    const mixed = [...key].map((c, i) => (i % 2 ? c : `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)).join('');
    expect(redactor.text(`a ${mixed} b`)).toBe(`a ${REDACTED} b`);
    const percent = [...key].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');
    expect(redactor.text(`?k=${percent}&x=1`)).toBe(`?k=${REDACTED}&x=1`);
  });

  it('removes a secret split over many small deltas, from every event that holds a part of it', () => {
    const delta = (text: string): TranscriptEvent => ({ atMs: 1, type: 'response.output_text.delta', data: JSON.stringify({ type: 'response.output_text.delta', delta: text }) });
    const pieces = `your key: ${key}, thanks`.match(/.{1,3}/g)!;
    const events = [{ atMs: 0, type: 'response.created', data: '{"type":"response.created"}' }, ...pieces.map(delta)];
    const out = redactSplitSecrets(events, redactor);
    const joined = out.slice(1).map((e) => (JSON.parse(e.data) as { delta: string }).delta).join('');
    expect(joined).not.toMatch(/7f3a|relay-k/);
    expect(joined.startsWith('your key: ')).toBe(true);
    expect(joined.endsWith(', thanks')).toBe(true);
    expect(out[0]).toBe(events[0]);
    // Events that hold no part of it are left as they were.
    expect(out[1]).toBe(events[1]);
  });
});
