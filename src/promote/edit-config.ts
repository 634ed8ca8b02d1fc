/**
 * Applies pin edits to the text of vtr-wf.yaml, keeping the file as the user
 * wrote it. First choice: splices at the positions the YAML Document reports
 * (every other byte untouched). Fallback: the Document API's setIn/deleteIn and
 * String(doc). Either result must parse to exactly the data the edits mean —
 * the old config with only those overrides changed — or nothing is returned.
 * Pure: text in, text out.
 */
import { isDeepStrictEqual } from 'node:util';
import { parseDocument } from 'yaml';
import { assertPlainPath, ConfigEditError, documentEdit } from './document-edit.js';
import type { PinEdit } from './promotion.js';
import { spliceEdit } from './splice-edit.js';

export { ConfigEditError } from './document-edit.js';

export function applyPinEdits(text: string, toEnv: string, edits: readonly PinEdit[]): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new ConfigEditError(
      `the config has YAML errors: ${doc.errors[0]?.message.split('\n')[0] ?? ''}`,
    );
  }
  for (const edit of edits)
    assertPlainPath(doc, ['environments', toEnv, 'models', edit.alias, edit.field]);
  const expected = expectedData(doc.toJS(), toEnv, edits);

  let spliced: string | undefined = text;
  for (const edit of edits)
    spliced = spliced === undefined ? undefined : spliceEdit(spliced, toEnv, edit);
  if (spliced !== undefined && parsesTo(spliced, expected)) return spliced;

  const rewritten = documentEdit(text, toEnv, edits);
  if (parsesTo(rewritten, expected)) return rewritten;
  throw new ConfigEditError(
    `could not edit environments.${toEnv}.models in place without changing anything else; edit it by hand`,
  );
}

/** The config's data as it must read after the edits. */
function expectedData(data: unknown, toEnv: string, edits: readonly PinEdit[]): unknown {
  const copy = structuredClone(data) as { environments: Record<string, Record<string, unknown>> };
  if (edits.length === 0) return copy;
  const env = copy.environments[toEnv] as Record<string, unknown>;
  const models = (env.models ?? {}) as Record<string, Record<string, string>>;
  for (const edit of edits) {
    const override = models[edit.alias] ?? {};
    if (edit.after === undefined) delete override[edit.field];
    else override[edit.field] = edit.after;
    if (Object.keys(override).length > 0) models[edit.alias] = override;
    else delete models[edit.alias];
  }
  if (Object.keys(models).length > 0) env.models = models;
  else if (env.models !== undefined) delete env.models;
  return copy;
}

function parsesTo(text: string, expected: unknown): boolean {
  const doc = parseDocument(text);
  return doc.errors.length === 0 && isDeepStrictEqual(doc.toJS(), expected);
}
