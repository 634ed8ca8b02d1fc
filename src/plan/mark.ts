/** The mark: `metadata["vtr-wf"] = {project, spec_hash, revision?, rolled_back_from?}` on workflows vtr-wf manages. */
import { isJsonObject, type JsonObject } from '../json.js';
import { MARK_KEY, type Mark } from './types.js';

/**
 * Reads the mark from live metadata. Anything that does not name a project
 * (missing, junk, a hand-edited value) means "unmarked": such workflows are
 * never changed or deleted without `--adopt`. A missing spec_hash on an
 * otherwise valid mark is tolerated as '' — the project is what decides
 * ownership; the hash is informational.
 */
export function parseMark(metadata: JsonObject | undefined): Mark | null {
  const value = metadata?.[MARK_KEY];
  if (!isJsonObject(value)) return null;
  const project = value.project;
  if (typeof project !== 'string' || project === '') return null;
  const specHash = typeof value.spec_hash === 'string' ? value.spec_hash : '';
  const mark: Mark = { project, spec_hash: specHash };
  if (typeof value.revision === 'string' && value.revision !== '') mark.revision = value.revision;
  if (typeof value.rolled_back_from === 'string' && value.rolled_back_from !== '')
    mark.rolled_back_from = value.rolled_back_from;
  return mark;
}

/** The mark as written: optional keys only when set, so an unchanged mark reads the same. */
export function markJson(mark: Mark): JsonObject {
  const json: JsonObject = { project: mark.project, spec_hash: mark.spec_hash };
  if (mark.revision) json.revision = mark.revision;
  if (mark.rolled_back_from) json.rolled_back_from = mark.rolled_back_from;
  return json;
}
