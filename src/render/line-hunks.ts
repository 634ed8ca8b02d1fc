/**
 * Unified-diff hunk lines (`@@ -a,b +c,d @@`, ` ctx`, `-old`, `+new`) of two
 * texts given as lines. A plan shows one per changed workflow, and most
 * changes are one edited block (a description, a version) in otherwise equal
 * YAML: that case is built directly, byte for byte what jsdiff's
 * `structuredPatch` gives; anything else goes to jsdiff.
 * (line-hunks.test.ts checks the two agree on random inputs.)
 */
import { structuredPatch } from 'diff';

/**
 * Hunk lines of `oldLines` → `newLines` (each a line without its `\n`), with
 * `context` equal lines around changes. Past `maxEditLength` edits the change
 * is one hunk replacing everything. Equal sides give [].
 */
export function lineHunks(
  oldLines: readonly string[],
  newLines: readonly string[],
  context: number,
  maxEditLength: number,
): string[] {
  return (
    oneBlockHunk(oldLines, newLines, context, maxEditLength) ??
    patchHunks(oldLines, newLines, context, maxEditLength)
  );
}

/**
 * The hunk when the sides differ in one block whose lines appear nowhere else:
 * old = P A S, new = P B S (P and S the longest common prefix and suffix), no
 * line of A in B or S, no line of B in A or S. Then every shortest edit script
 * matches P and S line for line and edits A and B only, so jsdiff's is
 * "P, -A, +B, S" (it removes before it adds within a block), one hunk.
 * Undefined when unsure — e.g. old `[a, x]`, new `[x, x]` share no line in
 * their middles (`a` / `x`), yet jsdiff keeps the first `x` ("-a, x, +x").
 */
export function oneBlockHunk(
  oldLines: readonly string[],
  newLines: readonly string[],
  context: number,
  maxEditLength: number,
): string[] | undefined {
  const oldLength = oldLines.length;
  const newLength = newLines.length;
  const shorter = Math.min(oldLength, newLength);
  let prefix = 0;
  while (prefix < shorter && oldLines[prefix] === newLines[prefix]) prefix++;
  if (prefix === oldLength && prefix === newLength) return [];
  let suffix = 0;
  while (
    suffix < shorter - prefix &&
    oldLines[oldLength - 1 - suffix] === newLines[newLength - 1 - suffix]
  ) {
    suffix++;
  }
  const oldEnd = oldLength - suffix;
  const newEnd = newLength - suffix;
  // jsdiff gives up past maxEditLength edits; this block needs all of A and B.
  if (oldEnd - prefix + (newEnd - prefix) > maxEditLength) return undefined;
  for (let i = prefix; i < oldEnd; i++) {
    const line = oldLines[i];
    for (let j = prefix; j < newLength; j++) if (newLines[j] === line) return undefined;
  }
  for (let j = prefix; j < newEnd; j++) {
    const line = newLines[j];
    for (let i = oldEnd; i < oldLength; i++) if (oldLines[i] === line) return undefined;
  }
  const before = Math.min(prefix, context);
  const after = Math.min(suffix, context);
  // jsdiff counts lines from 1 and starts a hunk at its first context line,
  // also when a side has no lines in it (`@@ -1,0 +1,2 @@`).
  const start = prefix - before + 1;
  const hunk = [
    `@@ -${start},${before + oldEnd - prefix + after} +${start},${before + newEnd - prefix + after} @@`,
  ];
  for (let i = prefix - before; i < prefix; i++) hunk.push(' ' + oldLines[i]);
  for (let i = prefix; i < oldEnd; i++) hunk.push('-' + oldLines[i]);
  for (let j = prefix; j < newEnd; j++) hunk.push('+' + newLines[j]);
  for (let i = oldEnd; i < oldEnd + after; i++) hunk.push(' ' + oldLines[i]);
  return hunk;
}

/** The general case: jsdiff's Myers diff, hunks as `structuredPatch` makes them. */
export function patchHunks(
  oldLines: readonly string[],
  newLines: readonly string[],
  context: number,
  maxEditLength: number,
): string[] {
  // Myers' diff costs O(D²) in the number of edits; past a bound the change is
  // a rewrite anyway, and one hunk replacing everything reads as well.
  const patch = structuredPatch('live', 'desired', text(oldLines), text(newLines), '', '', {
    context,
    maxEditLength,
  });
  if (!patch) {
    return [
      `@@ -1,${oldLines.length} +1,${newLines.length} @@`,
      ...oldLines.map((l) => '-' + l),
      ...newLines.map((l) => '+' + l),
    ];
  }
  const lines: string[] = [];
  for (const hunk of patch.hunks) {
    lines.push(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`);
    // Both texts end in a newline, so no "\ No newline" markers appear.
    for (const line of hunk.lines) if (!line.startsWith('\\')) lines.push(line);
  }
  return lines;
}

/** Lines as a text in which each ends in `\n` (none: the empty text). */
function text(lines: readonly string[]): string {
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}
