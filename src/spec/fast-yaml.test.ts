import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fastYaml } from './fast-yaml.js';
import { documentToJson } from './to-json.js';

/** What the general parser makes of `text`, when it reads cleanly as one document. */
function general(text: string): unknown {
  const docs = parseAllDocuments(text, {
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
    version: '1.2',
  });
  if (!Array.isArray(docs) || docs.length !== 1) return { unreadable: true };
  const doc = docs[0]!;
  if (doc.errors.length > 0 || doc.warnings.length > 0) return { unreadable: true };
  return documentToJson(doc);
}

/** The fast reader either gives up or agrees with the general parser exactly. */
function expectAgrees(text: string): void {
  const fast = fastYaml(text);
  if (fast !== undefined) expect(fast, JSON.stringify(text)).toStrictEqual(general(text));
}

const SPEC = `id: visual-text-recognition
description: reads text in images # a comment
notes: "quoted: with a colon"
metadata:
  team: ocr
  tier: 2
  ratio: 0.5
  on: yes
nodes:
  - id: detect-concept
    model: text-detector
  - id: image-crop
    model: cropper
    inputs: [detect-concept]
  -   id: image-to-text
      model: text-recognizer
      inputs:
      - image-crop
      suppress_output: false
      params: { min_value: 0.5, mode: fast }
use_cases: []
`;

describe('fastYaml', () => {
  it('reads a typical spec exactly as the general parser does', () => {
    expect(fastYaml(SPEC)).toBeDefined();
    expectAgrees(SPEC);
  });

  it('agrees with the general parser on every spec and config shipped in the repository', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.name === 'node_modules') continue;
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.ya?ml$/.test(entry.name)) files.push(path);
      }
    };
    for (const dir of ['workflows', 'examples', 'test', 'schemas', '.github', 'bench']) {
      try {
        walk(dir);
      } catch {
        // not in this checkout
      }
    }
    expect(files.length).toBeGreaterThan(0);
    let read = 0;
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue; // a fixture that is a dangling link on purpose
      }
      if (fastYaml(text) !== undefined) read++;
      expectAgrees(text);
    }
    expect(read).toBeGreaterThan(10);
  });

  it.each([
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['tags', 'a: !!str 1\n'],
    ['block scalars', 'a: |\n  text\n'],
    ['multi-line plain scalars', 'a: one\n  two\n'],
    ['duplicate keys', 'a: 1\na: 2\n'],
    ['document markers', '---\na: 1\n'],
    ['several documents', 'a: 1\n---\nb: 2\n'],
    ['tabs', 'a:\t1\n'],
    ['CRLF line ends', 'a: 1\r\nb: 2\r\n'],
    ['escapes', 'a: "x\\ny"\n'],
    ['single-quote escapes', "a: 'it''s'\n"],
    ['other numbers', 'a: 0x1F\nb: 1e3\nc: .5\nd: +1\ne: .inf\nf: 007\n'],
    ['other spellings of true and null', 'a: True\nb: NULL\n'],
    ['keys that are not plain words', '"a": 1\n? b\n: 2\ntrue: 3\n1: 4\n'],
    ['__proto__', '__proto__: 1\n'],
    ['empty values', 'a:\nb: 1\n'],
    ['nested flow mappings', 'a: {b: {c: 1}}\n'],
    ['flow mappings without a space after the colon', 'a: {b:1}\n'],
    ['duplicate keys in a flow mapping', 'a: {b: 1, b: 2}\n'],
    ['trailing commas', 'a: [b, c,]\n'],
    ['nested flow', 'a: [[b]]\n'],
    ['a comment glued to a value', 'a: "b"#c\n'],
    ['a BOM', '\uFEFFa: 1\n'],
    ['an empty text', '# only a comment\n'],
    ['a scalar document', 'hello\n'],
    ['colons in a plain scalar', 'a: b: c\n'],
    ['huge integers', 'a: 123456789012345678901234567890\n'],
  ])('gives up on %s (left to the general parser)', (_, text) => {
    expect(fastYaml(text)).toBeUndefined();
  });

  it.each([
    ['sequences at the key indentation', 'a:\n- 1\n- x\nb: 2\n'],
    ['items that are mappings', '- a: 1\n  b: [x, "y", z]\n- c: d\n'],
    ['nested sequences', 'a:\n  -\n    - 1\n    - 2\n'],
    ['indented root', '  a: 1\n  b: 2\n'],
    ['plain scalars with odd but legal characters', "a: it's a#b, 50% (c) @ d\nb: x:y\nc: -\n"],
    ['comments everywhere', '# head\na: 1 # one\n# mid\nb: # two\n  - x # ex\n'],
    ['flow mappings', 'a: { min_value: 0.5, b: "x, y", c: \'q: r\', d: [] }\ne: {f: g}\n'],
    ['quoted and special values', "a: ''\nb: \"\"\nc: ~\nd: null\ne: 'x # y'\nf: -1\ng: 0\n"],
    ['words that are strings in YAML 1.2', 'a: yes\nb: no\nc: on\nd: off\ne: y\nf: NaN\n'],
  ])('agrees on %s', (_, text) => {
    expectAgrees(text);
  });

  it('agrees on generated texts (either gives up or reads the same)', () => {
    // A small deterministic generator of spec-like YAML with the usual pitfalls mixed in.
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    const keys = ['id', 'a', 'b-c', 'd_e', 'yes', 'null', 'True', 'x1', '_k'];
    const scalars = [
      'word',
      'two words',
      '1',
      '-1',
      '0.25',
      '1.0',
      '01',
      '1e2',
      'true',
      'False',
      '~',
      'null',
      '"q"',
      "'s'",
      '"a: b"',
      "'a # b'",
      'a # comment',
      'a#b',
      '[]',
      '[x, y]',
      '[x, "y, z"]',
      '{}',
      '{a: 1}',
      '{ min_value: 0.5 }',
      '{a: 1, b: x y}',
      '{a: "1, 2"}',
      '{a: 1,}',
      '{a: {b: 1}}',
      '{a:1}',
      '&a x',
      '*a',
      '!t x',
      '|',
      'x:',
      ':x',
      '- x',
      '@x',
      '%x',
      'é ü',
      "it's",
      '"\\t"',
      'a  b  ',
    ];
    const block = (indent: number, depth: number): string => {
      const pad = ' '.repeat(indent);
      let out = '';
      const count = 1 + Math.floor(random() * 3);
      const seq = random() < 0.3;
      for (let i = 0; i < count; i++) {
        const head = seq ? `${pad}- ` : `${pad}${pick(keys)}:`;
        if (depth < 3 && random() < 0.35) {
          if (seq && random() < 0.5) {
            // `- key: value` items
            out += `${pad}- ${pick(keys)}: ${pick(scalars)}\n${pad}  ${pick(keys)}: ${pick(scalars)}\n`;
          } else {
            const inner = random() < 0.2 && !seq ? indent : indent + pick([1, 2, 4]);
            out += `${head}${random() < 0.1 ? ' # c' : ''}\n${block(inner, depth + 1)}`;
          }
        } else {
          out += `${head}${seq ? '' : ' '}${pick(scalars)}\n`;
        }
        if (random() < 0.05) out += `${pad}# a comment\n`;
      }
      return out;
    };
    let read = 0;
    for (let n = 0; n < 3000; n++) {
      const text = block(0, 0);
      if (fastYaml(text) !== undefined) read++;
      expectAgrees(text);
    }
    // The generator must exercise the fast path, not only its refusals.
    expect(read).toBeGreaterThan(300);
  });
});
