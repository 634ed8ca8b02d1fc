/**
 * Inputs for the fuzz tests: the corpus of shipped specs (the repo's and the
 * validate fixtures', valid and broken alike), the config, and mutations of
 * them — deleted, duplicated, swapped and inserted characters, with tokens
 * that make YAML parsers and loaders stumble.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { REPO_ROOT } from '../helpers/cli.js';

/** Every spec of the repo and of the validate fixtures (valid and broken ones alike). */
export function corpus(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      // Regular files only: the fixtures hold a dangling link and other oddities on purpose.
      else if (entry.isFile() && /\.ya?ml$/.test(entry.name) && entry.name !== 'vtr-wf.yaml')
        files.push(path);
    }
  };
  walk(join(REPO_ROOT, 'workflows'));
  walk(join(REPO_ROOT, 'test/fixtures/validate'));
  return [...new Set(files.map((f) => readFileSync(f, 'utf8')))];
}

export const SPECS = corpus();
export const CONFIG = readFileSync(join(REPO_ROOT, 'vtr-wf.yaml'), 'utf8');

/** Tokens that make YAML parsers and loaders stumble. */
export const NASTY = [
  '\t',
  ':',
  ': ',
  ' #',
  '- ',
  '-',
  '---\n',
  '...\n',
  '"',
  "'",
  '{',
  '}',
  '[',
  ']',
  ',',
  '&a ',
  '*a',
  '*b',
  '<<: *a\n',
  '&a [*a]',
  '? ',
  '|',
  '>-',
  '!',
  '!!str ',
  '!!binary ',
  '!!js/function ',
  '!<tag:yaml.org,2002:int> ',
  '%YAML 1.1\n',
  '%TAG ! tag:x,2000:\n',
  '__proto__: {polluted: true}\n',
  'constructor: {prototype: {x: 1}}\n',
  '__proto__',
  'prototype',
  '1e999',
  '-.inf',
  '.nan',
  '0x1F',
  '0o17',
  '99999999999999999999999999999',
  '~',
  'null',
  'yes',
  'on',
  '\u0000',
  '\uFEFF',
  '\r',
  '\r\n',
  '\u2028',
  '😀',
  '\n',
  '\n  ',
  '    ',
  '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[',
  '{a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: {a: ',
];

export type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'swap'; at: number; other: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'truncate'; at: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 12 }),
  }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
      { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
    ),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

export function mutate(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % (out.length + 1);
    if (m.kind === 'delete') out = out.slice(0, at) + out.slice(at + m.length);
    else if (m.kind === 'duplicate') out = out.slice(0, at + m.length) + out.slice(at);
    else if (m.kind === 'insert') out = out.slice(0, at) + m.text + out.slice(at);
    else if (m.kind === 'truncate') out = out.slice(0, at);
    else {
      const chars = [...out];
      if (chars.length < 2) continue;
      const i = m.at % chars.length;
      const j = m.other % chars.length;
      [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
      out = chars.join('');
    }
  }
  return out;
}

export const mutatedSpec = fc
  .tuple(fc.constantFrom(...SPECS), fc.array(mutation, { minLength: 1, maxLength: 6 }))
  .map(([text, mutations]) => mutate(text, mutations));

export const mutatedConfig = fc
  .array(mutation, { minLength: 1, maxLength: 5 })
  .map((mutations) => mutate(CONFIG, mutations));
