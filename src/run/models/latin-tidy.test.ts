import { describe, expect, it } from 'vitest';
import { tidyLatin, tidyWord } from './latin-tidy.js';

describe('tidyLatin', () => {
  it('reads 0 as O inside words and O as 0 inside numbers', () => {
    expect(tidyWord('T0M0RR0W')).toBe('TOMORROW');
    expect(tidyWord('0rder')).toBe('Order');
    expect(tidyWord('sch0ol')).toBe('school');
    expect(tidyWord('8O8')).toBe('808');
  });

  it('leaves mixed tokens with other digits alone', () => {
    expect(tidyWord('N0.86')).toBe('N0.86');
    expect(tidyWord('A4O')).toBe('A4O');
    expect(tidyWord('2026-10-09')).toBe('2026-10-09');
  });

  it('makes the case of look-alike letters agree with the word', () => {
    expect(tidyWord('BLAcK')).toBe('BLACK');
    expect(tidyWord('SCHooL')).toBe('SCHOOL');
    expect(tidyWord('Hotel')).toBe('Hotel');
    expect(tidyWord('Sale')).toBe('Sale');
    expect(tidyWord('heLLo')).toBe('heLLo');
  });

  it('reads a capital I after a lower-case letter as l', () => {
    expect(tidyWord('HoteI')).toBe('Hotel');
    expect(tidyWord('I')).toBe('I');
  });

  it('works word by word', () => {
    expect(tidyLatin('ST0P at R0ad 1O')).toBe('STOP at Road 10');
  });
});
