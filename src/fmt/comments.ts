/**
 * Every comment in a YAML text, read from yaml's concrete syntax tree (the
 * lexer alone can't tell a comment from a block scalar line starting with #).
 * fmt compares these before and after so a comment can never be lost silently.
 * A bare `#` says nothing and yaml drops it after a block scalar's `|`, so it
 * is not counted.
 */
import { Parser } from 'yaml';

export function commentsOf(text: string): string[] {
  const comments: string[] = [];
  for (const token of new Parser().parse(text)) collectComments(token, comments);
  return comments;
}

function collectComments(value: unknown, into: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectComments(item, into);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const token = value as { type?: unknown; source?: unknown };
  if (token.type === 'comment' && typeof token.source === 'string') {
    const comment = token.source.trimEnd();
    if (comment !== '#') into.push(comment);
    return;
  }
  for (const child of Object.values(value)) collectComments(child, into);
}

/** True when both lists hold the same comments, whatever their order. */
export function sameComments(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sortedB = [...b].sort();
  return [...a].sort().every((comment, index) => comment === sortedB[index]);
}
