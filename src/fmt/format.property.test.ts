/**
 * Property tests on generated specs: whatever the key order, style, quoting,
 * comments and indentation of a valid spec file, fmt keeps its meaning and
 * every comment, puts the keys in canonical order, and is idempotent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Node as YamlNode } from 'yaml';
import {
  Document,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  Scalar,
  visit,
} from 'yaml';
import { commentsOf } from './comments.js';
import { formatSpec } from './format.js';
import { NODE_KEY_ORDER, WORKFLOW_KEY_ORDER } from './key-order.js';

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4})?$/);
// Strings YAML might misread if written carelessly: fmt must keep them strings.
const trickyString = fc.oneof(
  word,
  fc.constantFrom(
    'yes',
    'no',
    'true',
    'null',
    '~',
    '123',
    '0x1f',
    '1e3',
    '',
    ' lead',
    'a: b',
    '#x',
    '- a',
  ),
  fc.constantFrom('two\nlines', 'ünïcödé ✓', 'tab\there', 'trailing\n'),
  fc.string({ maxLength: 12 }),
);
const unknownKey = fc.constantFrom('extra', 'x-note', 'zeta', 'alpha', 'labels');
const anyValue = fc.oneof(trickyString, fc.integer(), fc.boolean(), fc.constant(null));

/** Picks some of the entries and shuffles them: any key order, any subset. */
function shuffledObject(
  entries: fc.Arbitrary<[string, unknown]>[],
): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(...entries.map((e) => fc.option(e, { nil: undefined })))
    .chain((picked) =>
      fc.shuffledSubarray(
        picked.filter((p) => p !== undefined),
        { minLength: picked.filter((p) => p !== undefined).length },
      ),
    )
    .map((pairs) => Object.fromEntries(pairs as [string, unknown][]));
}

const inlineModel = shuffledObject([
  fc.tuple(fc.constant('id'), trickyString),
  fc.tuple(fc.constant('version'), trickyString),
  fc.tuple(fc.constant('role'), fc.constantFrom('detector', 'cropper', 'recognizer')),
]);

const nodeSpec = shuffledObject([
  fc.tuple(fc.constant('id'), word),
  fc.tuple(fc.constant('model'), fc.oneof(word, inlineModel)),
  fc.tuple(fc.constant('inputs'), fc.array(word, { maxLength: 3 })),
  fc.tuple(fc.constant('suppress_output'), fc.boolean()),
  fc.tuple(fc.constant('params'), fc.dictionary(word, anyValue, { maxKeys: 3 })),
  fc.tuple(unknownKey, anyValue),
]);

const workflowSpec = shuffledObject([
  fc.tuple(fc.constant('id'), word),
  fc.tuple(fc.constant('description'), trickyString),
  fc.tuple(fc.constant('notes'), trickyString),
  fc.tuple(fc.constant('nodes'), fc.array(nodeSpec, { maxLength: 4 })),
  fc.tuple(unknownKey, anyValue),
]);

const comment = fc.stringMatching(/^ ?[a-z0-9 :#-]{0,10}$/);
/** Presentation choices applied to every node, in visiting order. */
const decoration = fc.record({
  flow: fc.boolean(),
  commentBefore: fc.option(comment, { nil: undefined, freq: 4 }),
  comment: fc.option(comment, { nil: undefined, freq: 4 }),
  spaceBefore: fc.boolean(),
  scalarType: fc.constantFrom(
    undefined,
    Scalar.PLAIN,
    Scalar.QUOTE_DOUBLE,
    Scalar.QUOTE_SINGLE,
    Scalar.BLOCK_LITERAL,
    Scalar.BLOCK_FOLDED,
  ),
});

const specFile = fc.record({
  docs: fc.array(fc.tuple(workflowSpec, fc.array(decoration, { minLength: 1, maxLength: 40 })), {
    minLength: 1,
    maxLength: 3,
  }),
  header: fc.boolean(),
  indent: fc.constantFrom(2, 3, 4),
  indentSeq: fc.boolean(),
});

type Decoration = {
  flow: boolean;
  commentBefore: string | undefined;
  comment: string | undefined;
  spaceBefore: boolean;
  scalarType: Scalar.Type | undefined;
};

function decorate(doc: Document, decorations: Decoration[]): void {
  let i = 0;
  visit(doc, (_key, node) => {
    if (!isNode(node)) return;
    const d = decorations[i++ % decorations.length]!;
    const n = node as YamlNode;
    if (d.commentBefore !== undefined) n.commentBefore = d.commentBefore;
    if (d.comment !== undefined) n.comment = d.comment;
    if (d.spaceBefore) n.spaceBefore = true;
    if ((isMap(node) || isSeq(node)) && d.flow) node.flow = true;
    if (isScalar(node) && d.scalarType) node.type = d.scalarType;
  });
}

function renderFile(file: {
  docs: [Record<string, unknown>, Decoration[]][];
  header: boolean;
  indent: number;
  indentSeq: boolean;
}): string {
  const header = file.header
    ? '# yaml-language-server: $schema=../schemas/workflow.schema.json\n'
    : '';
  return (
    header +
    file.docs
      .map(([spec, decorations], index) => {
        const doc = new Document(spec);
        decorate(doc, decorations);
        if (index > 0) doc.directives!.docStart = true;
        return doc.toString({ indent: file.indent, indentSeq: file.indentSeq, lineWidth: 0 });
      })
      .join('')
  );
}

function keyOrder(map: unknown): string[] {
  return isMap(map)
    ? map.items.map((p) => (isPair(p) && isScalar(p.key) ? String(p.key.value) : '?'))
    : [];
}

function isCanonical(keys: string[], order: readonly string[]): boolean {
  const ranks = keys.map((k) => (order.includes(k) ? order.indexOf(k) : order.length));
  return ranks.every((r, i) => i === 0 || ranks[i - 1]! <= r);
}

// More runs for a deeper search: FMT_PROPERTY_RUNS=5000 npx vitest run src/fmt/format.property.test.ts
const RUNS = Number(process.env.FMT_PROPERTY_RUNS ?? 200);

const meaning = (text: string) => parseAllDocuments(text) as Document[];

describe('formatSpec on generated specs', () => {
  it(
    'keeps meaning and comments, orders keys, and is idempotent',
    () => {
      fc.assert(
        fc.property(specFile, (file) => {
          const input = renderFile(file);
          const inputDocs = meaning(input);
          fc.pre(inputDocs.every((d) => d.errors.length === 0));

          const once = formatSpec(input);
          expect(once.problems).toEqual([]);
          const twice = formatSpec(once.text);
          expect(twice.text).toBe(once.text);
          expect(twice.changed).toBe(false);

          const outputDocs = meaning(once.text);
          expect(outputDocs.map((d) => d.toJS())).toEqual(inputDocs.map((d) => d.toJS()));
          expect(commentsOf(once.text).sort()).toEqual(commentsOf(input).sort());
          if (file.header) expect(once.text.split('\n')[0]).toMatch(/^# yaml-language-server:/);
          for (const doc of outputDocs) {
            expect(isCanonical(keyOrder(doc.contents), WORKFLOW_KEY_ORDER)).toBe(true);
            const nodes = isMap(doc.contents) ? doc.contents.get('nodes') : undefined;
            if (isSeq(nodes)) {
              for (const node of nodes.items)
                expect(isCanonical(keyOrder(node), NODE_KEY_ORDER)).toBe(true);
            }
          }
        }),
        { numRuns: RUNS },
      );
    },
    Math.max(120_000, RUNS * 200),
  );
});
