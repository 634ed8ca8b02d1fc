/**
 * Turns a YAML node's character range into the 1-based line/column span a
 * Diagnostic carries. Pure: it needs only the node and the LineCounter that
 * was filled while parsing.
 */
import type { LineCounter, Node } from 'yaml';

export interface Span {
  line: number;
  column: number;
  end_line: number;
  end_column: number;
}

const NO_SPAN: Span = { line: 0, column: 0, end_line: 0, end_column: 0 };

export function spanOf(node: Node | null | undefined, lineCounter: LineCounter): Span {
  const range = node?.range;
  if (!range) return NO_SPAN;
  const start = lineCounter.linePos(range[0]);
  const end = lineCounter.linePos(range[1]);
  return { line: start.line, column: start.col, end_line: end.line, end_column: end.col };
}
