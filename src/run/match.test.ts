import { describe, expect, it } from 'vitest';
import { containsWords, normaliseText } from './match.js';

describe('matching expectations', () => {
  it('folds case and turns every run of whitespace into one space', () => {
    expect(normaliseText('  For\n\tSALE  now ')).toBe('for sale now');
    expect(containsWords('FOR\nSALE', 'for sale')).toBe(true);
    expect(containsWords('Sold', 'SOLD')).toBe(true);
  });

  it('matches on word boundaries only: RENT is not in CURRENT', () => {
    expect(containsWords('CURRENT PRICE', 'RENT')).toBe(false);
    expect(containsWords('RENTAL', 'RENT')).toBe(false);
    expect(containsWords('FOR RENT.', 'RENT')).toBe(true);
    expect(containsWords('(RENT)', 'rent')).toBe(true);
    expect(containsWords('CURRENT RENT', 'RENT')).toBe(true); // a later hit counts
    expect(containsWords('A1B', '1')).toBe(false);
    expect(containsWords('prix: 5€', '5€')).toBe(true);
    expect(containsWords('ÉTÉ', 'été')).toBe(true);
    expect(containsWords('éTÉ', 'té')).toBe(false);
  });

  it('case-folds fully, not just lower-cases: ß is ss, final ς is σ', () => {
    expect(containsWords('STRASSE 5', 'straße')).toBe(true);
    expect(containsWords('Straße 5', 'STRASSE')).toBe(true);
    expect(containsWords('ΟΔΟΣ', 'οδοσ')).toBe(true);
    expect(containsWords('GROSSE', 'grosse')).toBe(true);
  });

  it('finds nothing in empty text', () => {
    expect(containsWords('', 'SOLD')).toBe(false);
  });
});
