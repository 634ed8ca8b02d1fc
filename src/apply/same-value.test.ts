import { describe, expect, it } from 'vitest';
import { sameValue } from './same-value.js';

describe('sameValue', () => {
  it('holds for the same decoded structure, key order included', () => {
    const a = { id: 'w', nodes: [{ id: 'n', x: [1, 2] }], metadata: { k: null, b: true } };
    const b = { id: 'w', nodes: [{ id: 'n', x: [1, 2] }], metadata: { k: null, b: true } };
    expect(sameValue(a, b)).toBe(true);
    expect(sameValue(NaN, NaN)).toBe(true);
  });

  it('tells apart what JSON text would not', () => {
    expect(sameValue({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameValue({ a: NaN }, { a: null })).toBe(false);
    expect(sameValue({ a: undefined }, {})).toBe(false);
    expect(sameValue([undefined], [null])).toBe(false);
    expect(sameValue(0, -0)).toBe(false);
    expect(sameValue({ a: [1] }, { a: { 0: 1 } })).toBe(false);
    expect(sameValue('1', 1)).toBe(false);
    expect(sameValue({ a: { b: 'x' } }, { a: { b: 'y' } })).toBe(false);
    // eslint-disable-next-line no-sparse-arrays
    expect(sameValue([1, , 3], [1, undefined, 3])).toBe(false);
  });
});
