/** The mark: `metadata["vtr-wf"] = {project, spec_hash}` on workflows vtr-wf manages. */
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
  return { project, spec_hash: specHash };
}
