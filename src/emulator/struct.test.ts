import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../json.js';
import { jsonToStruct, structToJson } from './struct.js';

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

describe('Struct ↔ JSON', () => {
  it('round-trips any JSON object exactly', () => {
    fc.assert(
      fc.property(jsonValue.object, (json) => {
        expect(structToJson(jsonToStruct(json as JsonObject))).toEqual(json);
      }),
    );
  });

  it('reads the decoded shape (kind set by oneofs: true) and an unset Value as null', () => {
    expect(
      structToJson({
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
    expect(structToJson(null)).toBeNull();
  });
});
