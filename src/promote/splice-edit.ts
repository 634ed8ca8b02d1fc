/**
 * One pin edit applied as a splice of the original text at positions the YAML
 * Document reports, so every byte outside the edited value stays as it was —
 * comments, blank lines, the aligned columns of a catalog, quote styles.
 * (Re-stringifying the Document keeps comments but not that alignment or the
 * spacing before a trailing comment; a promotion PR should show only the pins.)
 *
 * Returns undefined for a shape it does not handle; edit-config.ts then falls
 * back to the Document API's own stringify. Pure.
 */
import { isMap, isScalar, parseDocument, Scalar } from 'yaml';
import type { Pair, YAMLMap } from 'yaml';
import type { PinEdit } from './promotion.js';

type Splice = { start: number; end: number; insert: string };

export function spliceEdit(text: string, toEnv: string, edit: PinEdit): string | undefined {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return undefined;
  const env = doc.getIn(['environments', toEnv], true);
  if (!isMap(env)) return undefined;
  const models = env.get('models', true);
  const override = isMap(models) ? models.get(edit.alias, true) : undefined;

  let splice: Splice | undefined;
  if (edit.after === undefined) {
    if (!isMap(models) || !isMap(override)) return text; // nothing to remove
    const pair = findPair(override, edit.field);
    if (!pair) return text;
    if (override.items.length > 1) splice = deletePair(text, override, pair);
    else if (models.items.length > 1)
      splice = deletePair(text, models, findPair(models, edit.alias));
    else splice = deletePair(text, env, findPair(env, 'models'));
  } else if (isMap(override)) {
    const current = override.get(edit.field, true);
    splice = isScalar(current)
      ? replaceScalar(current, edit.after)
      : insertPair(text, override, edit.field, quote(edit.after));
  } else if (isMap(models)) {
    if (override !== undefined) return undefined; // `alias:` with a non-map value
    splice = insertPair(
      text,
      models,
      keyText(edit.alias),
      `{ ${edit.field}: ${quote(edit.after)} }`,
    );
  } else {
    if (models !== undefined && !(isScalar(models) && models.value === null)) return undefined;
    if (models !== undefined) {
      // `models:` with no value: drop the empty key, then add it whole.
      const without = apply(text, deletePair(text, env, findPair(env, 'models')));
      return without === undefined ? undefined : spliceEdit(without, toEnv, edit);
    }
    const entry = `${keyText(edit.alias)}: { ${edit.field}: ${quote(edit.after)} }`;
    splice = env.flow
      ? insertPair(text, env, 'models', `{ ${entry} }`)
      : insertBlockPairWithChild(text, env, 'models', entry);
  }
  return apply(text, splice);
}

function apply(text: string, splice: Splice | undefined): string | undefined {
  if (!splice) return undefined;
  return text.slice(0, splice.start) + splice.insert + text.slice(splice.end);
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => isScalar(pair.key) && pair.key.value === key);
}

/** The new value in the old value's quote style (plain only where it reads back the same). */
function replaceScalar(node: Scalar, value: string): Splice | undefined {
  if (!node.range) return undefined;
  let rendered: string;
  if (node.type === Scalar.QUOTE_SINGLE) rendered = `'${value.replace(/'/g, "''")}'`;
  else if (node.type === Scalar.PLAIN && isPlainSafe(value)) rendered = value;
  else rendered = quote(value);
  return { start: node.range[0], end: node.range[1], insert: rendered };
}

function insertPair(text: string, map: YAMLMap, key: string, value: string): Splice | undefined {
  if (!map.range) return undefined;
  const last = map.items[map.items.length - 1];
  if (map.flow) {
    if (!last) {
      const open = map.range[0];
      if (text[open] !== '{') return undefined;
      return { start: open + 1, end: open + 1, insert: ` ${key}: ${value} ` };
    }
    const end = nodeEnd(last);
    return end === undefined ? undefined : { start: end, end, insert: `, ${key}: ${value}` };
  }
  const indent = keyColumn(text, map);
  const end = last ? nodeEnd(last) : undefined;
  if (indent === undefined || end === undefined) return undefined;
  const at = lineEnd(text, end);
  const lead = at === text.length && !text.endsWith('\n') ? '\n' : '';
  return { start: at, end: at, insert: `${lead}${' '.repeat(indent)}${key}: ${value}\n` };
}

/** `key:` and an indented `child` line under it, at the end of a block map. */
function insertBlockPairWithChild(
  text: string,
  map: YAMLMap,
  key: string,
  child: string,
): Splice | undefined {
  const indent = keyColumn(text, map);
  const last = map.items[map.items.length - 1];
  const end = last ? nodeEnd(last) : undefined;
  if (indent === undefined || end === undefined) return undefined;
  const at = lineEnd(text, end);
  const lead = at === text.length && !text.endsWith('\n') ? '\n' : '';
  const pad = ' '.repeat(indent);
  return { start: at, end: at, insert: `${lead}${pad}${key}:\n${pad}  ${child}\n` };
}

function deletePair(text: string, map: YAMLMap, pair: Pair | undefined): Splice | undefined {
  if (!pair || !isScalar(pair.key) || !pair.key.range) return undefined;
  const start = pair.key.range[0];
  const end = nodeEnd(pair);
  if (end === undefined) return undefined;
  if (map.flow) {
    const index = map.items.indexOf(pair);
    const next = map.items[index + 1];
    if (next && isScalar(next.key) && next.key.range)
      return { start, end: next.key.range[0], insert: '' };
    const previous = map.items[index - 1];
    const previousEnd = previous ? nodeEnd(previous) : undefined;
    if (previousEnd !== undefined) return { start: previousEnd, end, insert: '' };
    return { start, end, insert: '' };
  }
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (text.slice(lineStart, start).trim() !== '') return undefined; // key not at the start of its line
  const stop = lineEnd(text, end);
  // Whole-line comments inside the removed block are the user's words: kept,
  // at the removed key's indentation.
  const comments = text
    .slice(lineStart, stop)
    .split('\n')
    .filter((line) => line.trimStart().startsWith('#'))
    .map((line) => ' '.repeat(start - lineStart) + line.trimStart() + '\n')
    .join('');
  return { start: lineStart, end: stop, insert: comments };
}

/** Where a pair's value (or its key, when it has none) ends. */
function nodeEnd(pair: Pair): number | undefined {
  const value = pair.value as { range?: [number, number, number] } | null;
  if (
    value?.range &&
    !(isScalar(value) && value.value === null && value.range[0] === value.range[1])
  ) {
    return value.range[1];
  }
  return (pair.key as { range?: [number, number, number] } | null)?.range?.[1];
}

/**
 * Just past the newline ending the line where a node that ends at `end` ends
 * (a block collection's range already stops after its last newline).
 */
function lineEnd(text: string, end: number): number {
  if (end > 0 && text[end - 1] === '\n') return end;
  const newline = text.indexOf('\n', end);
  return newline === -1 ? text.length : newline + 1;
}

function keyColumn(text: string, map: YAMLMap): number | undefined {
  const first = map.items[0];
  const start = first && isScalar(first.key) ? first.key.range?.[0] : undefined;
  if (start === undefined) return undefined;
  return start - (text.lastIndexOf('\n', start - 1) + 1);
}

function quote(value: string): string {
  // JSON's string syntax is valid YAML double-quoted syntax.
  return JSON.stringify(value);
}

const YAML_WORDS = /^(true|false|yes|no|on|off|null|y|n|~)$/i;

/** An alias as a key: plain when it can only read back as itself. */
function keyText(key: string): string {
  return isPlainSafe(key) ? key : quote(key);
}

function isPlainSafe(value: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(value) && !YAML_WORDS.test(value);
}
