import { describe, expect, it } from 'vitest';
import { decode, firstInvalidUtf8 } from './read-text.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('UTF-8 decoding', () => {
  it('accepts UTF-8 and drops a BOM', () => {
    const result = decode(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('id: café')]), 'a.yaml');
    expect(result).toEqual({ ok: true, text: 'id: café' });
  });

  it('reports the line and column of the first bad byte', () => {
    const result = decode(new Uint8Array([...Buffer.from('a: 1\nid: caf'), 0xe9, 0x0a]), 'a.yaml');
    expect(result).toMatchObject({ ok: false, code: 'encoding', line: 2, column: 8 });
  });

  it('recognises UTF-16', () => {
    const result = decode(new Uint8Array(Buffer.from('\ufeffid: x', 'utf16le')), 'a.yaml');
    expect(result).toMatchObject({ ok: false, code: 'encoding' });
    expect(!result.ok && result.message).toContain('UTF-16');
  });

  it('finds invalid sequences', () => {
    expect(firstInvalidUtf8(bytes(0x61, 0x62))).toBe(2);
    expect(firstInvalidUtf8(bytes(0x61, 0xc3))).toBe(1); // truncated
    expect(firstInvalidUtf8(bytes(0xc0, 0x80))).toBe(0); // overlong
    expect(firstInvalidUtf8(bytes(0xed, 0xa0, 0x80))).toBe(0); // surrogate
    expect(firstInvalidUtf8(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0); // above U+10FFFF
    expect(firstInvalidUtf8(bytes(0xf0, 0x9f, 0x93, 0xb7))).toBe(4); // 📷
  });
});
