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
  // Every keyword is at most 5 characters: longer text needs no lower-cased copy.
  if (
    plain.test(text) &&
    !NUMBER_LIKE.test(text) &&
    (text.length > 5 || !KEYWORDS.has(text.toLowerCase()))
  ) {
    return text;
  }
  return JSON.stringify(text).replace(
    YAML_UNSAFE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Indents by depth, made once (`' '.repeat` per line showed in profiles). */
const pads: string[] = [];

function pad(indent: number): string {
  let text = pads[indent];
  if (text === undefined) {
    text = ' '.repeat(indent);
    pads[indent] = text;
  }
  return text;
}

function scalar(value: Exclude<JsonValue, object> | null): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quoteString(value);
  return JSON.stringify(value);
}

/**
 * Appends the `key: value` lines (or `key:` and a nested block) of a mapping
 * entry at `indent` to `out`. The emitter writes into one array per document:
 * no per-entry arrays to spread or flatten.
 */
export function pushEntry(out: string[], key: string, value: JsonValue, indent: number): void {
  const head = pad(indent) + quoteString(key) + ':';
  if (typeof value === 'string' && value.includes('\n') && LITERAL_SAFE.test(value)) {
    out.push(`${head} ${literalHeader(value)}`);
    pushLiteralBody(out, value, indent + 2);
  } else if (value !== null && typeof value === 'object') {
    if (isEmpty(value)) out.push(`${head} ${Array.isArray(value) ? '[]' : '{}'}`);
    else {
      out.push(head);
      pushBlock(out, value, indent + 2);
    }
  } else out.push(`${head} ${scalar(value)}`);
}

/** Appends a non-empty mapping or sequence as block lines at `indent` to `out`. */
export function pushBlock(out: string[], value: JsonValue, indent: number): void {
  if (Array.isArray(value)) {
    const dash = pad(indent) + '- ';
    for (const item of value as JsonValue[]) {
      if (item !== null && typeof item === 'object' && !isEmpty(item)) {
        // `- key: v` / `- - x`: the item's block with its first indent turned into the dash.
        const first = out.length;
        pushBlock(out, item, indent + 2);
        out[first] = dash + (out[first] as string).slice(indent + 2);
      } else if (typeof item === 'string' && item.includes('\n') && LITERAL_SAFE.test(item)) {
        out.push(dash + literalHeader(item));
        pushLiteralBody(out, item, indent + 2);
      } else {
        const text =
          item !== null && typeof item === 'object'
            ? Array.isArray(item)
              ? '[]'
              : '{}'
            : scalar(item);
        out.push(dash + text);
      }
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) pushEntry(out, key, value[key] as JsonValue, indent);
  } else out.push(pad(indent) + scalar(value));
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

function pushLiteralBody(out: string[], text: string, indent: number): void {
  const indentText = pad(indent);
  const body = text.replace(/\n+$/, '');
  const trailing = text.length - body.length;
  for (const line of body.split('\n')) out.push(line === '' ? '' : indentText + line);
  for (let i = 1; i < trailing; i++) out.push('');
}
