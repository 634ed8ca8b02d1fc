import { describe, expect, it } from 'vitest';
import { uniqueHex } from './unique-hex.js';

describe('uniqueHex', () => {
  it('gives distinct lowercase hex strings of the asked width', () => {
    for (const digits of [12, 32]) {
      const next = uniqueHex(digits);
      const made = Array.from({ length: 1000 }, next);
      expect(new Set(made).size).toBe(1000);
      for (const s of made) expect(s).toMatch(new RegExp(`^[0-9a-f]{${digits}}$`));
    }
  });

  it('refuses a width the counter does not fit', () => {
    expect(() => uniqueHex(8)).toThrow();
    expect(() => uniqueHex(13)).toThrow();
  });
});
