/**
 * Post-correction of Latin text for the Chinese-trained recogniser, word by
 * word, using only the word itself: it confuses shapes that are the same in
 * Latin type — the digit 0 and the letter O, upper and lower case of c o s u
 * v w x z, and I with l. Pure.
 */

const AMBIGUOUS_CASE = new Set([...'cosuvwxzCOSUVWXZ']);
const isLetter = (c: string): boolean => /^[A-Za-z]$/.test(c);
const isUpper = (c: string): boolean => /^[A-Z]$/.test(c);
const isLower = (c: string): boolean => /^[a-z]$/.test(c);

export function tidyLatin(text: string): string {
  return text.split(' ').map(tidyWord).join(' ');
}

export function tidyWord(word: string): string {
  const chars = [...word];
  const letters = chars.filter(isLetter);
  const digits = chars.filter((c) => /^[0-9]$/.test(c));
  // A word of letters with 0s among them (and no other digit): the 0s are Os.
  if (letters.length > 0 && digits.length > 0 && digits.every((d) => d === '0')) {
    const upper = letters.every(isUpper);
    chars.forEach((c, i) => {
      if (c !== '0' || !(isLetter(chars[i - 1] ?? '') || isLetter(chars[i + 1] ?? ''))) return;
      chars[i] = upper || i === 0 ? 'O' : 'o';
    });
  }
  // A number with Os among it (and no other letter): the Os are 0s.
  if (digits.length > 0 && letters.length > 0 && letters.every((c) => c === 'O' || c === 'o')) {
    chars.forEach((c, i) => {
      if (
        (c === 'O' || c === 'o') &&
        (/[0-9]/.test(chars[i - 1] ?? '') || /[0-9]/.test(chars[i + 1] ?? ''))
      )
        chars[i] = '0';
    });
  }
  const now = chars.filter(isLetter);
  const certain = now.filter((c) => !AMBIGUOUS_CASE.has(c));
  if (certain.length >= 2 && certain.every(isUpper)) {
    // An all-capitals word: its ambiguous letters are capitals too.
    chars.forEach((c, i) => {
      if (AMBIGUOUS_CASE.has(c)) chars[i] = c.toUpperCase();
    });
  } else if (certain.slice(1).length >= 2 && certain.slice(1).every(isLower)) {
    // A lower-case word (perhaps capitalised): after its first letter, lower case.
    let seenLetter = false;
    chars.forEach((c, i) => {
      if (!isLetter(c)) return;
      if (seenLetter && AMBIGUOUS_CASE.has(c)) chars[i] = c.toLowerCase();
      seenLetter = true;
    });
  }
  // A capital I after a lower-case letter is an l ("HoteI").
  chars.forEach((c, i) => {
    if (c === 'I' && isLower(chars[i - 1] ?? '')) chars[i] = 'l';
  });
  return chars.join('');
}
