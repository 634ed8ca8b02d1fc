/**
 * Workflow versions in the emulator: every PostWorkflows/PatchWorkflows makes
 * one, holding what the API's WorkflowVersion holds (nodes, description,
 * metadata, visibility). Pure helpers over stored workflows.
 */
import { randomBytes } from 'node:crypto';
import type { StoredVersion, StoredWorkflow } from './state-types.js';

/**
 * 32 lowercase hex characters, like the API's version ids: 16 random per
 * emulator process, then a counter from a random start — unique, and without
 * asking the system for randomness on every write of a 1000-workflow apply.
 */
export function newVersionId(): string {
  versionSerial = (versionSerial + 1) % 2 ** 48;
  const serial = (versionSerial + versionBase.readUIntBE(8, 6)) % 2 ** 48;
  return versionPrefix + serial.toString(16).padStart(16, '0');
}
const versionBase = randomBytes(14);
const versionPrefix = versionBase.subarray(0, 8).toString('hex');
let versionSerial = 0;

/** The live content of a workflow as a version, under its live version id. */
export function versionOf(wf: Omit<StoredWorkflow, 'versions'>): StoredVersion {
  return {
    id: wf.version.id,
    created_at: wf.version.created_at,
    description: wf.description,
    metadata: wf.metadata,
    visibility: wf.visibility,
    nodes: wf.nodes,
  };
}

/** Versions newest first (the order the emulator lists them in). */
export function versionsNewestFirst(wf: StoredWorkflow): StoredVersion[] {
  return [...wf.versions].reverse();
}

/** The workflow as it was at `version` (for PostWorkflowResults with a version_id). */
export function workflowAtVersion(wf: StoredWorkflow, version: StoredVersion): StoredWorkflow {
  return {
    ...wf,
    description: version.description,
    metadata: version.metadata,
    visibility: version.visibility,
    nodes: version.nodes,
    version: { id: version.id, created_at: version.created_at },
  };
}
