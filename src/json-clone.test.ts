import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloneJson } from './json.js';

describe('cloneJson', () => {
  it('copies JSON data exactly as structuredClone does, sharing nothing', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const copy = cloneJson(value);
        expect(copy).toStrictEqual(structuredClone(value));
        expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
        if (value !== null && typeof value === 'object') expect(copy).not.toBe(value);
      }),
    );
  });

  it('keeps a __proto__ key as data, and undefined values', () => {
    const hostile = JSON.parse(
      '{"__proto__": {"polluted": true}, "a": [1, {"b": null}]}',
    ) as object;
    const copy = cloneJson(hostile) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(cloneJson({ a: undefined })).toStrictEqual({ a: undefined });
    const date = new Date(0);
    expect(cloneJson({ d: date }).d).toEqual(date);
  });
});
