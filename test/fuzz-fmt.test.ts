/**
 * Fuzzing `fmt`'s core with mutated shipped specs (src/fmt/format.property.test.ts
 * covers generated valid specs): whatever the input, formatSpec never throws;
 * it either refuses — returning the text untouched, with problems — or returns
 * a text that means the same (same documents, same comments), formats to
 * itself again, and is reported as changed exactly when it differs.
 *
 * Deeper search: FUZZ_RUNS=5000 npx vitest run test/fuzz-fmt.test.ts
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { commentsOf } from '../src/fmt/comments.js';
import { formatSpec } from '../src/fmt/format.js';
import { mutatedSpec, SPECS } from './fuzz/inputs.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

/** What a YAML text means: its documents as data (null for one that does not convert). */
function meaning(text: string): unknown[] {
  return parseAllDocuments(text.replace(/^\uFEFF/, '')).map((doc) => {
    try {
      return doc.toJS({ maxAliasCount: 100 });
    } catch {
      return null;
    }
  });
}

function checkFormatted(input: string): void {
  const once = formatSpec(input);
  if (once.problems.length > 0) {
    expect(once.text).toBe(input);
    expect(once.changed).toBe(false);
    for (const p of once.problems) {
      expect(['yaml-syntax', 'fmt-unsafe']).toContain(p.code);
      expect(p.message).not.toBe('');
    }
    return;
  }
  expect(once.changed).toBe(once.text !== input);
  expect(meaning(once.text)).toEqual(meaning(input));
  expect(commentsOf(once.text).sort()).toEqual(commentsOf(input).sort());
  const twice = formatSpec(once.text);
  expect(twice.problems).toEqual([]);
  expect(twice.text).toBe(once.text);
  expect(twice.changed).toBe(false);
}

describe('fmt under fuzzing', () => {
  it('formats every shipped spec to a fixed point that means the same', () => {
    for (const spec of SPECS) checkFormatted(spec);
  });

  it('never throws on mutated specs: it refuses untouched, or keeps meaning and comments, idempotently', () => {
    fc.assert(
      fc.property(mutatedSpec, (text) => checkFormatted(text)),
      { numRuns: RUNS },
    );
  });
});
