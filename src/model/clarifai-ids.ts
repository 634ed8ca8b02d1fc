/**
 * Clarifai's own rules for what it stores, the one home: the id alphabets,
 * the id length limit and the node count. The spec rules (what `validate`
 * reports) and the emulator (what it refuses with 22104) both read them, and
 * a test holds schemas/workflow.schema.json to the same values.
 *
 * Workflow ids and node ids are separate facts on purpose: the API accepts
 * wider node ids than workflow ids, so each can change on its own.
 */

/** A workflow id: letters and digits, joined by single `-` or `_`. */
export const WORKFLOW_ID_PATTERN = /^[0-9A-Za-z]+([-_][0-9A-Za-z]+)*$/;

/** A node id (within one workflow). */
export const NODE_ID_PATTERN = /^[0-9A-Za-z]+([-_][0-9A-Za-z]+)*$/;

/** Characters, for workflow ids and node ids alike. */
export const MAX_ID_LENGTH = 48;

/** Nodes in one workflow. */
export const MAX_NODES = 20;

export type IdKind = 'workflow' | 'node';

export function idPattern(kind: IdKind): RegExp {
  return kind === 'workflow' ? WORKFLOW_ID_PATTERN : NODE_ID_PATTERN;
}
