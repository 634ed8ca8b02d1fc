import { describe, expect, it } from 'vitest';
import { defineLazy } from './lazy-property.js';

describe('defineLazy', () => {
  it('computes once, on the first read, and then reads as a plain value', () => {
    let computed = 0;
    const o = defineLazy({ a: 1 }, 'b', () => (computed++, 'hash'));
    expect(computed).toBe(0);
    expect(Object.keys(o)).toEqual(['a', 'b']);
    expect(o.b).toBe('hash');
    expect(JSON.stringify(o)).toBe('{"a":1,"b":"hash"}');
    expect(computed).toBe(1);
    expect(Object.getOwnPropertyDescriptor(o, 'b')).toMatchObject({
      value: 'hash',
      writable: true,
    });
  });

  it('takes an assignment without computing', () => {
    let computed = 0;
    const o = defineLazy({} as { b?: string }, 'b', () => (computed++, 'hash'));
    o.b = 'set';
    expect({ ...o }).toEqual({ b: 'set' });
    expect(computed).toBe(0);
  });
});
