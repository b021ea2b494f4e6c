import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from '../harness/redact.ts';

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
});
