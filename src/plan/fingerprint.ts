/**
 * Hashes that tie a plan to what it was made from: sha256 of the keys-sorted
 * JSON (stableJson = stableStringify's text, faster). Hashing is pure, so
 * node:crypto belongs in the core.
 */
import { createHash } from 'node:crypto';
import type { ApiWorkflow } from '../model/api-types.js';
import type { JsonObject } from '../json.js';
import { canonicaliseLive, unsupportedFields } from './canonical-live.js';
import { stableJson } from './stable-json.js';
import type { CanonicalWorkflow } from './types.js';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Hash of a desired canonical workflow: goes into the mark as `spec_hash`. */
export function specHash(workflow: CanonicalWorkflow): string {
  return sha256(stableJson(workflow));
}

/**
 * Fingerprint of a live workflow as read: its canonical form, its whole
 * metadata and the values of fields vtr-wf does not model. Node order and
 * server-filled fields leave it unchanged (a re-read of an untouched workflow
 * matches); any meaningful edit by another client changes it.
 */
export function liveFingerprint(api: ApiWorkflow): string {
  return fingerprintOf(canonicaliseLive(api), api.metadata ?? {}, unsupportedFields(api));
}

/** The same hash from parts already computed (normaliseLive has them at hand). */
export function fingerprintOf(
  workflow: CanonicalWorkflow,
  metadata: JsonObject,
  unsupported: Record<string, unknown>,
): string {
  return sha256(stableJson({ workflow, metadata, unsupported }));
}
