/**
 * Workflow versions in the emulator: every PostWorkflows/PatchWorkflows makes
 * one, holding what the API's WorkflowVersion holds (nodes, description,
 * metadata, visibility). Pure helpers over stored workflows.
 */
import { uniqueHex } from '../unique-hex.js';
import type { StoredVersion, StoredWorkflow } from './state-types.js';

/** 32 lowercase hex characters, like the API's version ids. */
export const newVersionId = uniqueHex(32);

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
