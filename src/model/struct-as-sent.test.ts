import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../json.js';
import { fromStruct, toStruct } from './struct.js';

/** What the emulator does with a Struct it stores and sends back. */
const jsonToStruct = (json: JsonObject) => toStruct(json, '', { asSent: true });

/** JSON a Struct can carry: doubles (finite), no -0 (JSON can't tell it apart). */
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
    fc.string(),
    fc.array(tie('value'), { maxLength: 4 }),
    tie('object'),
  ),
  object: fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
}));

describe('Struct ↔ JSON, as sent (the emulator)', () => {
  it('round-trips any JSON object exactly', () => {
    fc.assert(
      fc.property(jsonValue.object, (json) => {
        expect(fromStruct(jsonToStruct(json as JsonObject))).toEqual(json);
      }),
    );
  });

  it('reads the decoded shape (kind set by oneofs: true) and an unset Value as null', () => {
    expect(
      fromStruct({
        fields: {
          s: { kind: 'stringValue', stringValue: 'x' },
          l: {
            kind: 'listValue',
            listValue: { values: [{ kind: 'numberValue', numberValue: 2 }] },
          },
          n: { kind: 'nullValue', nullValue: 0 },
          unset: {},
        },
      }),
    ).toEqual({ s: 'x', l: [2], n: null, unset: null });
    expect(fromStruct(null)).toEqual({});
  });

  it('keeps a "__proto__" key as data, both ways (it once set the prototype)', () => {
    const json = JSON.parse('{"__proto__": {"x": 1}, "a": 2}') as JsonObject;
    const back = fromStruct(jsonToStruct(json));
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(['__proto__', 'a']);
    expect(JSON.stringify(back)).toBe('{"__proto__":{"x":1},"a":2}');
  });
});
