/**
 * Pin edits through yaml's Document API (setIn/deleteIn, then String(doc)):
 * comments, quote styles and flow/block layout survive, though yaml evens out
 * spacing (aligned columns, the gap before a trailing comment). The fallback
 * for shapes splice-edit.ts does not handle. Pure: text in, text out.
 */
import { UserError } from '../user-error.js';
import { isAlias, isMap, isNode, isScalar, parseDocument, Scalar, YAMLMap } from 'yaml';
import type { Document } from 'yaml';
import type { PinEdit } from './promotion.js';

/** The file's shape rules an in-place edit out (anchors, merge keys, syntax errors). */
export class ConfigEditError extends UserError {}

export function documentEdit(text: string, toEnv: string, edits: readonly PinEdit[]): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new ConfigEditError(
      `the config has YAML errors: ${doc.errors[0]?.message.split('\n')[0] ?? ''}`,
    );
  }
  const modelsPath = ['environments', toEnv, 'models'];
  for (const edit of edits) {
    const overridePath = [...modelsPath, edit.alias];
    assertPlainPath(doc, [...overridePath, edit.field]);
    if (edit.after === undefined) {
      deleteKeepingComments(doc, [...overridePath, edit.field]);
      removeIfEmpty(doc, overridePath);
      removeIfEmpty(doc, modelsPath);
    } else if (doc.hasIn(overridePath)) {
      setPinValue(doc, overridePath, edit.field, edit.after);
    } else {
      if (!doc.hasIn(modelsPath) || doc.getIn(modelsPath) === null) {
        doc.setIn(modelsPath, new YAMLMap());
      }
      // A new override is written the way the contract shows them: one line.
      const override = new YAMLMap();
      override.flow = true;
      override.set(edit.field, quoted(edit.after));
      doc.setIn(overridePath, override);
    }
  }
  return doc.toString({ lineWidth: 0 });
}

/**
 * An existing value keeps its node, and with it its quote style and comment;
 * yaml quotes a plain scalar by itself if the new text would read as a number.
 */
function setPinValue(doc: Document, overridePath: string[], field: string, value: string): void {
  const override = doc.getIn(overridePath, true);
  if (!isMap(override)) {
    throw new ConfigEditError(`\`${overridePath.join('.')}\` must be a mapping to be edited`);
  }
  const current = override.get(field, true);
  if (isScalar(current)) current.value = value;
  else override.set(field, quoted(value));
}

function quoted(value: string): Scalar<string> {
  const scalar = new Scalar(value);
  scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
}

function removeIfEmpty(doc: Document, path: string[]): void {
  const node = doc.getIn(path, true);
  if (isMap(node) && node.items.length === 0) deleteKeepingComments(doc, path);
}

/**
 * Deletes a key without losing the comment lines written above it (or inside
 * the emptied map): they move to the next key of the same map, or to the end
 * of the map when the key was the last. A trailing comment on the removed line
 * itself described that value and goes with it.
 */
function deleteKeepingComments(doc: Document, path: string[]): void {
  const parent = doc.getIn(path.slice(0, -1), true);
  const key = path[path.length - 1];
  if (!isMap(parent)) return;
  const index = parent.items.findIndex((pair) => isScalar(pair.key) && pair.key.value === key);
  const pair = parent.items[index];
  if (!pair) return;
  const value = pair.value;
  const carried = [
    isNode(pair.key) ? pair.key.commentBefore : undefined,
    isNode(value) ? value.commentBefore : undefined,
    isMap(value) && value.items.length === 0 ? value.comment : undefined,
  ]
    .filter((c): c is string => Boolean(c))
    .join('\n');
  parent.items.splice(index, 1);
  if (!carried) return;
  const next = parent.items[index];
  if (next && isNode(next.key)) {
    next.key.commentBefore = next.key.commentBefore
      ? `${carried}\n${next.key.commentBefore}`
      : carried;
  } else {
    parent.comment = parent.comment ? `${parent.comment}\n${carried}` : carried;
  }
}

/**
 * Refuses to edit through an anchor/alias (`prod: *staging`) or a merge key:
 * changing the shared node would silently change another environment too.
 */
export function assertPlainPath(doc: Document, path: string[]): void {
  for (let i = 1; i <= path.length; i++) {
    const node = doc.getIn(path.slice(0, i), true);
    const where = path.slice(0, i).join('.');
    if (isAlias(node)) {
      throw new ConfigEditError(
        `\`${where}\` is a YAML alias (*${node.source}); promote can't edit a shared node — write the override out in full`,
      );
    }
    if (isMap(node) && node.items.some((pair) => isScalar(pair.key) && pair.key.value === '<<')) {
      throw new ConfigEditError(
        `\`${where}\` uses a YAML merge key (<<); promote can't edit it in place — write the override out in full`,
      );
    }
    if (node === undefined) return;
  }
}
