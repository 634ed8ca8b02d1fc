/**
 * Clarifai's own rules for what it stores, the one home: the id alphabets,
 * the id length limit and the node count. The spec rules (what `validate`
 * reports) and the emulator (what it refuses with 22104) both read them, and
 * a test holds schemas/workflow.schema.json to the same values.
 *
 * Workflow ids and node ids are separate facts on purpose: the API accepts
 * wider node ids than workflow ids. Node ids are not validated as ids at all —
 * the Python SDK's own validator (clarifai/workflows/validate.py) says "Node
 * IDs are not validated as IDs by the API" and takes any non-empty string, and
 * Clarifai's General workflow has the node `general-v1.5-concept` (the docs'
 * knn example `face-v1.3-embed`) — so the only node id rule is "not empty".
 */

/** A workflow id: letters and digits, joined by single `-` or `_`. */
export const WORKFLOW_ID_PATTERN = /^[0-9A-Za-z]+([-_][0-9A-Za-z]+)*$/;

/** A node id (within one workflow): any non-empty string. */
export const NODE_ID_PATTERN = /^[\s\S]+$/;

/** Characters, for workflow ids (node ids have no limit of their own). */
export const MAX_ID_LENGTH = 48;

/** Nodes in one workflow. */
export const MAX_NODES = 20;

export type IdKind = 'workflow' | 'node';

export function idPattern(kind: IdKind): RegExp {
  return kind === 'workflow' ? WORKFLOW_ID_PATTERN : NODE_ID_PATTERN;
}

/** The length limit for an id of this kind (Infinity: none). */
export function maxIdLength(kind: IdKind): number {
  return kind === 'workflow' ? MAX_ID_LENGTH : Infinity;
}

/** Whether the API accepts `id` as an id of this kind. */
export function isValidId(kind: IdKind, id: string): boolean {
  return idPattern(kind).test(id) && id.length <= maxIdLength(kind);
}
