import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { JsonObject, JsonValue } from '../json.js';
import { fromStruct, fromValue, StructConversionError, toStruct, toValue } from './struct.js';

const sample: JsonObject = {
  text: 'héllo 世界 🚀',
  empty: '',
  zero: 0,
  negative: -1.5,
  big: 2 ** 53 - 1,
  tiny: 5e-324,
  yes: true,
  no: false,
  nothing: null,
  list: [1, 'two', null, false, { three: [3] }, []],
  nested: { deeper: { deepest: { value: 'x' } }, emptyObject: {} },
  snake_case_key: 'kept as written',
  camelCaseKey: 'also kept',
};

describe('Struct ⇄ JSON', () => {
  it('uses the camelCase member names protobufjs encodes', () => {
    expect(toValue('a')).toEqual({ stringValue: 'a' });
    expect(toValue(1)).toEqual({ numberValue: 1 });
    expect(toValue(true)).toEqual({ boolValue: true });
    expect(toValue(null)).toEqual({ nullValue: 0 });
    expect(toValue([1])).toEqual({ listValue: { values: [{ numberValue: 1 }] } });
    expect(toValue({ a: 1 })).toEqual({ structValue: { fields: { a: { numberValue: 1 } } } });
  });

  it('round-trips nested values, lists, null, bools, numbers, unicode and empty objects', () => {
    expect(fromStruct(toStruct(sample))).toEqual(sample);
  });

  it('round-trips any JSON object (property)', () => {
    const json = fc.jsonValue({ maxDepth: 4 }).filter((v) => !Object.is(v, -0));
    fc.assert(
      fc.property(fc.dictionary(fc.string(), json), (object) => {
        const plain = JSON.parse(JSON.stringify(object)) as JsonObject;
        if ('__proto__' in Object.fromEntries(Object.entries(plain))) return;
        expect(fromStruct(toStruct(plain))).toEqual(plain);
      }),
    );
  });

  it('reads values decoded with and without `oneofs: true`', () => {
    expect(fromValue({ kind: 'stringValue', stringValue: '' })).toBe('');
    expect(fromValue({ kind: 'numberValue', numberValue: 0 })).toBe(0);
    expect(fromValue({ kind: 'boolValue', boolValue: false })).toBe(false);
    expect(fromValue({ kind: 'nullValue', nullValue: 0 })).toBeNull();
    expect(fromValue({ structValue: { fields: {} } })).toEqual({});
    expect(fromValue({ listValue: { values: [] } })).toEqual([]);
    expect(fromValue({})).toBeNull();
    expect(fromStruct(null)).toEqual({});
  });

  it('keeps a "__proto__" key read from the wire as data', () => {
    const struct = { fields: {} as Record<string, { stringValue: string }> };
    Object.defineProperty(struct.fields, '__proto__', {
      value: { stringValue: 'x' },
      enumerable: true,
    });
    const out = fromStruct(struct);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.entries(out)).toEqual([['__proto__', 'x']]);
  });

  it('refuses what JSON (or the wire) cannot carry instead of dropping it', () => {
    expect(() => toValue(Number.NaN)).toThrow(StructConversionError);
    expect(() => toValue(Infinity)).toThrow(/not a JSON number/);
    expect(() => toValue(new Date() as unknown as JsonValue)).toThrow(/not plain JSON/);
    expect(() => toValue((() => 1) as unknown as JsonValue)).toThrow(/not JSON/);
    expect(() => toStruct(JSON.parse('{"__proto__": 1}') as JsonObject)).toThrow(/__proto__/);
  });

  it('skips undefined properties like JSON.stringify does', () => {
    expect(fromStruct(toStruct({ a: 1, b: undefined } as unknown as JsonObject))).toEqual({ a: 1 });
  });
});
