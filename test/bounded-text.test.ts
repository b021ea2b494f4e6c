import { describe, expect, it } from 'vitest';
import { capText, textPrefix } from '../harness/bounds/bounded-text.ts';

describe('bounded copies of relay text', () => {
  it('keeps short text whole and cuts long text at the bound, marked', () => {
    expect(capText('short', 10)).toBe('short');
    expect(capText('x'.repeat(30), 20)).toBe(`${'x'.repeat(20)}…`);
    expect(textPrefix('abcdefghijklmnopqrstuvwxyz', 15)).toBe('abcdefghijklmno');
  });

  it('never keeps half of a surrogate pair, and keeps lone surrogates the relay sent', () => {
    const text = `${'a'.repeat(19)}😀${'b'.repeat(10)}`; // the emoji's high half is code unit 20
    expect(capText(text, 20)).toBe(`${'a'.repeat(19)}…`);
    const lone = `${'c'.repeat(14)}\ud800${'d'.repeat(5)}`;
    expect(capText(lone, 100)).toBe(lone);
  });
});
