/**
 * Matching expectations against the text read (CONTRACT.md): case-folded,
 * every run of whitespace (line breaks included) counts as one space, and an
 * expectation matches only on word boundaries — not preceded or followed by a
 * letter or digit — so RENT is not found in CURRENT.
 */

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

export function normaliseText(text: string): string {
  return caseFold(text.normalize('NFC')).replace(/\s+/gu, ' ').trim();
}

/**
 * Unicode full case folding as far as matching needs it: lower → upper →
 * lower maps ß/ẞ to ss and ligatures like ﬁ to fi (toLowerCase alone keeps
 * them), and the final sigma ς folds to σ, so `STRASSE` matches `Straße`.
 */
function caseFold(text: string): string {
  return text.toLowerCase().toUpperCase().toLowerCase().replace(/ς/gu, 'σ');
}

export function containsWords(haystack: string, expectation: string): boolean {
  const text = normaliseText(haystack);
  const needle = normaliseText(expectation);
  if (needle === '') return true;
  // Bounded: each step moves past the previous hit.
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    const before = at > 0 ? text[at - 1]! : '';
    const after = text.slice(at + needle.length, at + needle.length + 2);
    const afterChar = after ? String.fromCodePoint(after.codePointAt(0)!) : '';
    const beforeChar = before ? lastCodePoint(text.slice(Math.max(0, at - 2), at)) : '';
    if (!LETTER_OR_DIGIT.test(beforeChar) && !LETTER_OR_DIGIT.test(afterChar)) return true;
  }
  return false;
}

function lastCodePoint(s: string): string {
  const chars = [...s];
  return chars.at(-1) ?? '';
}
