import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { documentToJson, LimitError } from './to-json.js';

const toJson = (text: string) => documentToJson(parseDocument(text));

describe('documentToJson', () => {
  it('converts plain YAML', () => {
    expect(toJson('a: [1, "2", true, null]\nb: { c: d }\n')).toEqual({
      a: [1, '2', true, null],
      b: { c: 'd' },
    });
  });

  it('makes __proto__ an own key, never a prototype', () => {
    const value = toJson('__proto__: { polluted: 1 }\nconstructor: 2\n') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('expands small aliases', () => {
    expect(toJson('a: &x { k: 1 }\nb: *x\n')).toEqual({ a: { k: 1 }, b: { k: 1 } });
  });

  it('stops an alias bomb at the outermost alias', () => {
    let text = 'l0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 8; i++)
      text += `l${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    const error = (() => {
      try {
        toJson(text);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(LimitError);
    expect((error as LimitError).code).toBe('alias-limit');
    expect((error as LimitError).pointer).toMatch(/^\/l\d\/\d+$/);
  });

  it('refuses an alias that contains itself', () => {
    expect(() => toJson('a: &x [ *x ]\n')).toThrow(/contains it/);
  });

  it('refuses nesting deeper than the limit', () => {
    expect(() => toJson('a: ' + '['.repeat(150) + ']'.repeat(150))).toThrow(LimitError);
  });
});
