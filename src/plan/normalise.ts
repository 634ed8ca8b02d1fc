/** A live workflow as plan() sees it: canonical content, metadata, mark, fingerprint. */
import type { ApiWorkflow } from '../model/api-types.js';
import { isJsonObject, type JsonObject } from '../json.js';
import { canonicaliseLive, keptFields, unsupportedFields } from './canonical-live.js';
import { fingerprintOf } from './fingerprint.js';
import { parseMark } from './mark.js';
import { comparePointers } from '../json-pointer.js';
import type { LiveWorkflow } from './types.js';

export function normaliseLive(api: ApiWorkflow): LiveWorkflow {
  const metadata: JsonObject = isJsonObject(api.metadata)
    ? (JSON.parse(JSON.stringify(api.metadata)) as JsonObject)
    : {};
  const workflow = canonicaliseLive(api);
  const unsupported = unsupportedFields(api);
  return {
    workflow,
    metadata,
    mark: parseMark(metadata),
    // Same as liveFingerprint(api), without canonicalising twice.
    fingerprint: fingerprintOf(workflow, metadata, unsupported),
    unsupported: Object.keys(unsupported).sort(comparePointers),
    kept: keptFields(api),
    version: liveVersionId(api),
  };
}

/** The workflow's live (latest) version id, as the server filled it; null when absent. */
export function liveVersionId(api: ApiWorkflow): string | null {
  const id = api.version?.id;
  return typeof id === 'string' && id !== '' ? id : null;
}
