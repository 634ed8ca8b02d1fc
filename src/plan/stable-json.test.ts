import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stableStringify } from '../json.js';
import { stableJson } from './stable-json.js';

describe('stableJson', () => {
  it('writes exactly what stableStringify writes (property)', () => {
    const key = fc.oneof(
      fc.string({ maxLength: 4 }),
      fc.constantFrom('0', '1', '10', '2', '01', '-1', '4294967295', '__proto__x', '__proto__'),
    );
    const value = fc.letrec<{ v: unknown }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 1 }),
        fc.constantFrom(undefined, -0, 1e21, 0.1),
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(key, tie('v'), { maxKeys: 5 }),
      ),
    }));
    fc.assert(
      fc.property(value.v, (v) => {
        expect(stableJson(v)).toBe(stableStringify(v) ?? 'null');
      }),
      { numRuns: 500 },
    );
  });

  it('keeps an own __proto__ key, like stableStringify (fast-check found them differing)', () => {
    const parsed = JSON.parse('{"b":1,"__proto__":{"x":2}}') as unknown;
    expect(stableJson(parsed)).toBe('{"__proto__":{"x":2},"b":1}');
    expect(stableStringify(parsed)).toBe(stableJson(parsed));
  });

  it('sorts keys at every level', () => {
    expect(stableJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null }, 2: 'x', 10: 'y' })).toBe(
      '{"2":"x","10":"y","a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}',
    );
  });
});
