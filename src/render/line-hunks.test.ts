import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineHunks, oneBlockHunk, patchHunks } from './line-hunks.js';

describe('lineHunks', () => {
  it('builds the one-block hunk itself: context, header, removals before additions', () => {
    const old = ['id: w', 'description: old', 'nodes:', '  - id: a', '    model:', '      id: m'];
    const now = ['id: w', 'description: new', 'nodes:', '  - id: a', '    model:', '      id: m'];
    const expected = [
      '@@ -1,5 +1,5 @@',
      ' id: w',
      '-description: old',
      '+description: new',
      ' nodes:',
      '   - id: a',
      '     model:',
    ];
    expect(oneBlockHunk(old, now, 3, 60)).toEqual(expected);
    expect(patchHunks(old, now, 3, 60)).toEqual(expected);
  });

  it('leaves a block whose lines recur around it to jsdiff', () => {
    // Middles `a` and `x` share nothing, yet jsdiff keeps the first `x`.
    expect(oneBlockHunk(['a', 'x'], ['x', 'x'], 3, 60)).toBeUndefined();
    expect(lineHunks(['a', 'x'], ['x', 'x'], 3, 60)).toEqual(['@@ -1,2 +1,2 @@', '-a', ' x', '+x']);
  });

  it('shows more edits than the bound as one hunk replacing everything', () => {
    expect(lineHunks(['a', 'b', 'c'], ['a', 'x', 'y'], 3, 3)).toEqual([
      '@@ -1,3 +1,3 @@',
      '-a',
      '-b',
      '-c',
      '+a',
      '+x',
      '+y',
    ]);
  });
});

describe('lineHunks (property): exactly what jsdiff gives', () => {
  // Few distinct lines, so that lines repeat within and across the sides.
  const line = fc.constantFrom('a', 'b', 'c', '', ' a', 'x\r', 'd: 1');
  const lines = fc.array(line, { maxLength: 12 });
  /** An edit at a position biased to the ends, where prefix and suffix trimming can go wrong. */
  const edit = fc.record({
    at: fc.oneof(fc.constantFrom(0, 1, -1, -2), fc.integer({ min: 0, max: 12 })),
    remove: fc.integer({ min: 0, max: 3 }),
    insert: fc.array(line, { maxLength: 3 }),
  });
  const edited = (base: string[], edits: { at: number; remove: number; insert: string[] }[]) => {
    const out = [...base];
    for (const { at, remove, insert } of edits) {
      const start = Math.max(0, Math.min(out.length, at < 0 ? out.length + at : at));
      out.splice(start, remove, ...insert);
    }
    return out;
  };
  const pair = fc.oneof(
    fc
      .tuple(lines, fc.array(edit, { maxLength: 3 }))
      .map(([base, edits]) => [base, edited(base, edits)]),
    fc.tuple(lines, lines),
  );
  const context = fc.integer({ min: 0, max: 4 });
  const maxEditLength = fc.oneof(fc.constant(60), fc.integer({ min: 0, max: 8 }));

  it('agrees with the jsdiff path on random pairs', () => {
    fc.assert(
      fc.property(pair, context, maxEditLength, ([old, now], ctx, max) => {
        expect(lineHunks(old!, now!, ctx, max)).toEqual(patchHunks(old!, now!, ctx, max));
      }),
      { numRuns: 3000 },
    );
  });

  it('takes the one-block path for a typical changed line', () => {
    const unique = fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), {
      minLength: 1,
      maxLength: 20,
    });
    fc.assert(
      fc.property(unique, fc.nat(), (base, i) => {
        const at = i % base.length;
        const now = base.map((l, j) => (j === at ? l.toUpperCase() : l));
        const fast = oneBlockHunk(base, now, 3, 60);
        expect(fast).toBeDefined();
        expect(fast).toEqual(patchHunks(base, now, 3, 60));
      }),
      { numRuns: 300 },
    );
  });
});
