/**
 * "Did you mean …?": the nearest candidate by edit distance, offered only when
 * it is plausibly what the user meant — a typo, or a name sharing a word
 * (`general-concept` → `detect-concept`) — never a random pick.
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (!isPlausible(word, candidate, distance)) continue;
    // Ties go to the first candidate: callers pass candidates in a stable order.
    if (distance < bestScore) {
      best = candidate;
      bestScore = distance;
    }
  }
  return best;
}

export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const match = nearest(word, candidates);
  return match === undefined ? undefined : `did you mean \`${match}\`?`;
}

function isPlausible(word: string, candidate: string, distance: number): boolean {
  const longest = Math.max(word.length, candidate.length);
  if (distance <= Math.max(2, Math.floor(longest * 0.4))) return true;
  return sharesWord(word, candidate);
}

/** Shares a word of 3+ letters, splitting on `-`, `_`, `.` and spaces. */
function sharesWord(a: string, b: string): boolean {
  const words = (s: string) =>
    s
      .toLowerCase()
      .split(/[-_.\s]+/)
      .filter((w) => w.length >= 3);
  const wordsOfA = new Set(words(a));
  return words(b).some((w) => wordsOfA.has(w));
}

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and
 * swaps of neighbours each cost 1 (so `inptus` is one step from `inputs`).
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  // Long inputs (hostile keys) get a cheap bound instead of an O(n·m) table.
  if (a.length > 200 || b.length > 200) return Math.max(a.length, b.length);
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  for (let i = 0; i < rows; i++) d[i]![0] = i;
  for (let j = 0; j < cols; j++) d[0]![j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = value;
    }
  }
  return d[a.length]![b.length]!;
}
