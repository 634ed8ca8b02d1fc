/**
 * A small, fast YAML emitter for plain JSON data in block style. The `yaml`
 * package's Document API is general and comment-preserving but takes ~5 ms a
 * workflow; plans render hundreds of workflows, so the canonical YAML is
 * written here directly. Output always parses back (with any YAML 1.2 reader)
 * to exactly the data given; strings that could read as anything else are
 * double-quoted.
 */
import type { JsonValue } from '../json.js';

const PLAIN = /^[A-Za-z0-9_][A-Za-z0-9_.\-/,()]*(?: [A-Za-z0-9_.\-/,()]+)*$/;
/** In flow collections (`[a, b]`) commas and brackets are syntax. */
const PLAIN_IN_FLOW = /^[A-Za-z0-9_][A-Za-z0-9_.\-/]*$/;
/** Anything a YAML 1.1 or 1.2 reader might take for a number, boolean or null. */
const NUMBER_LIKE = /^(?:[-+]?[0-9_.:]*(?:[eE][-+]?[0-9_]*)?|0[xXoObB][0-9a-fA-F_]*)$/;
const KEYWORDS = new Set(['true', 'false', 'null', 'yes', 'no', 'on', 'off', 'y', 'n', '~']);
/** Characters JSON leaves unescaped that YAML treats as breaks or forbids. */
const YAML_UNSAFE = /[\u007f-\u009f\u2028\u2029\ufeff]/g;
/** Multi-line text a literal block (`|`) can hold exactly. */
const LITERAL_SAFE = /^[^ \n][\u0020-\u007e\u00a0-\ud7ff\ue000-\ufffc\n]*$/;

export function quoteString(text: string, inFlow = false): string {
  const plain = inFlow ? PLAIN_IN_FLOW : PLAIN;
  if (plain.test(text) && !NUMBER_LIKE.test(text) && !KEYWORDS.has(text.toLowerCase())) return text;
  return JSON.stringify(text).replace(
    YAML_UNSAFE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function scalar(value: Exclude<JsonValue, object> | null): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quoteString(value);
  return JSON.stringify(value);
}

/** `key: value` lines (or `key:` and a nested block) for a mapping entry at `indent`. */
export function entryLines(key: string, value: JsonValue, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const k = quoteString(key);
  if (typeof value === 'string' && value.includes('\n') && LITERAL_SAFE.test(value)) {
    return [`${pad}${k}: ${literalHeader(value)}`, ...literalBody(value, indent + 2)];
  }
  if (value !== null && typeof value === 'object') {
    const empty = Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
    if (empty) return [`${pad}${k}: ${Array.isArray(value) ? '[]' : '{}'}`];
    return [`${pad}${k}:`, ...blockLines(value, indent + 2)];
  }
  return [`${pad}${k}: ${scalar(value)}`];
}

/** A non-empty mapping or sequence as block lines at `indent`. */
export function blockLines(value: JsonValue, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      if (item !== null && typeof item === 'object' && !isEmpty(item)) {
        // `- key: v` / `- - x`: the item's block with its first indent turned into the dash.
        const lines = blockLines(item, indent + 2);
        lines[0] = `${pad}- ${(lines[0] as string).slice(indent + 2)}`;
        return lines;
      }
      if (typeof item === 'string' && item.includes('\n') && LITERAL_SAFE.test(item)) {
        return [`${pad}- ${literalHeader(item)}`, ...literalBody(item, indent + 2)];
      }
      const text =
        item !== null && typeof item === 'object'
          ? Array.isArray(item)
            ? '[]'
            : '{}'
          : scalar(item);
      return [`${pad}- ${text}`];
    });
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => entryLines(key, item, indent));
  }
  return [`${pad}${scalar(value)}`];
}

/** `[a, b]` for short lists of strings (node inputs). */
export function flowStrings(items: readonly string[]): string {
  return `[${items.map((item) => quoteString(item, true)).join(', ')}]`;
}

function isEmpty(value: object): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

/** Chomping keeps the exact trailing newlines: `|-` none, `|` one, `|+` more. */
function literalHeader(text: string): string {
  const trailing = text.length - text.replace(/\n+$/, '').length;
  return trailing === 0 ? '|-' : trailing === 1 ? '|' : '|+';
}

function literalBody(text: string, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const body = text.replace(/\n+$/, '');
  const trailing = text.length - body.length;
  const lines = body.split('\n').map((line) => (line === '' ? '' : pad + line));
  for (let i = 1; i < trailing; i++) lines.push('');
  return lines;
}
