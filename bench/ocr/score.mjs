// Scoring OCR output against the corpus truth: character accuracy (1 − CER:
// Levenshtein distance over the whole text, whitespace runs folded to one
// space, case kept) and word recall (the share of the truth's words found in
// what was read, each word counted as often as it occurs).

export const fold = (text) => text.replace(/\s+/g, ' ').trim();

/** Edit distance (insert, delete, substitute: 1 each), two rows of memory. */
export function levenshtein(a, b) {
  let previous = new Uint32Array(b.length + 1).map((_, j) => j);
  let current = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const substitute = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(substitute, previous[j] + 1, current[j - 1] + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}

/** { edits, chars, found, words } of one image (sums of these give the corpus figures). */
export function scoreOne(truth, read) {
  const t = fold(truth);
  const r = fold(read);
  const remaining = new Map();
  for (const w of r.split(' ').filter(Boolean)) remaining.set(w, (remaining.get(w) ?? 0) + 1);
  let found = 0;
  const words = t.split(' ').filter(Boolean);
  for (const w of words) {
    const left = remaining.get(w) ?? 0;
    if (left > 0) {
      found++;
      remaining.set(w, left - 1);
    }
  }
  return { edits: levenshtein(t, r), chars: t.length, found, words: words.length };
}

/** Corpus figures, in percent: accuracy = 1 − Σedits / Σchars; recall = Σfound / Σwords. */
export function scoreAll(truth, reads) {
  let edits = 0;
  let chars = 0;
  let found = 0;
  let words = 0;
  const perImage = {};
  for (const [image, text] of Object.entries(truth)) {
    const s = scoreOne(text, reads[image] ?? '');
    perImage[image] = s;
    edits += s.edits;
    chars += s.chars;
    found += s.found;
    words += s.words;
  }
  return {
    accuracy: 100 * Math.max(0, 1 - edits / chars),
    recall: (100 * found) / words,
    perImage,
  };
}
