import { describe, expect, it } from 'vitest';
import {
  keyProblem,
  redactionMarkerAt,
  redactSecrets,
  redactValues,
  registerSecret,
} from './secrets.js';

describe('secrets', () => {
  it('redacts a key that holds another key whole, whichever was registered first', () => {
    // Two environments' keys (plan --all-envs): the shorter must not cut the longer one up.
    registerSecret('inner-key-1234');
    registerSecret('outer-inner-key-1234-tail-98765');
    const text = 'a outer-inner-key-1234-tail-98765 b inner-key-1234 c';
    expect(redactSecrets(text)).toBe('a [REDACTED] b [REDACTED] c');
    expect(redactValues({ [text]: [text] })).toEqual({
      'a [REDACTED] b [REDACTED] c': ['a [REDACTED] b [REDACTED] c'],
    });
  });

  it('returns data without a key as it is (no copy)', () => {
    const data = { a: ['b', { c: 'd' }] };
    expect(redactValues(data)).toBe(data);
  });

  it('finds the redaction marker in strings and keys, as a JSON pointer', () => {
    expect(redactionMarkerAt({ a: [{ b: 'x' }, { 'c/d': 'say [REDACTED]' }] })).toBe('/a/1/c~1d');
    expect(redactionMarkerAt({ a: { '[REDACTED]': 1 } }, '/root')).toBe('/root/a/[REDACTED]');
    expect(redactionMarkerAt({ a: ['REDACTED', '[redacted]'] })).toBeNull();
  });

  it.each([
    ['short', 'is 5 characters long'],
    ['tab\there12', 'outside printable ASCII'],
    ['line\nbreak12', 'line break'],
  ])('refuses the key %j', (key, why) => {
    expect(keyProblem(key)).toContain(why);
  });
});
