/**
 * How a canonical spec is written: 2-space indent, block sequences indented
 * under their key, no line folding (a long description or a long inline
 * `model: { … }` stays on its line), and flow collections written as
 * `{ a: 1 }` and `[a, b]` — the style of the contract's examples.
 */
import type { Document, ToStringOptions, YAMLMap, YAMLSeq } from 'yaml';
import { Scalar, visit } from 'yaml';

const CANONICAL_OPTIONS: ToStringOptions = {
  indent: 2,
  indentSeq: true,
  lineWidth: 0,
  flowCollectionPadding: true,
};

/** Writes one document; mutates its flow collections' padding (see below). */
export function stringifyCanonical(doc: Document): string {
  visit(doc, {
    Map(_key, map) {
      if (map.flow) setFlowPadding(map, ' ');
    },
    Seq(_key, seq) {
      if (seq.flow) setFlowPadding(seq, '');
    },
    Scalar(_key, scalar) {
      // yaml writes an empty block scalar's header comment into its body,
      // turning the comment into content; `""` keeps both.
      const isBlock = scalar.type === Scalar.BLOCK_LITERAL || scalar.type === Scalar.BLOCK_FOLDED;
      if (isBlock && scalar.value === '' && scalar.comment) scalar.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return doc.toString(CANONICAL_OPTIONS);
}

/**
 * yaml has one padding option for both flow maps and flow sequences; the
 * canonical style pads maps only. The option travels in the stringify context,
 * so each flow collection sets it for itself (its children set their own).
 */
function setFlowPadding(collection: YAMLMap | YAMLSeq, padding: string): void {
  const toString = Object.getPrototypeOf(collection).toString as YAMLSeq['toString'];
  Object.defineProperty(collection, 'toString', {
    configurable: true,
    value: (...[ctx, onComment, onChompKeep]: Parameters<YAMLSeq['toString']>) =>
      toString.call(
        collection,
        ctx ? { ...ctx, flowCollectionPadding: padding } : ctx,
        onComment,
        onChompKeep,
      ),
  });
}
