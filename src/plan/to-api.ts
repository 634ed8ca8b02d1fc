/**
 * Canonical workflow → the exact PostWorkflows / PatchWorkflows body. What
 * vtr-wf models comes from the plan; an update starts from the live fields it
 * does not model (`kept`) and lays the plan over them, so a write never drops
 * a field the plan does not show. The server fills the rest, and
 * normalisation strips it again on the next read, so plan-after-apply is empty.
 */
import type { ApiModel, ApiNode, ApiWorkflow } from '../model/api-types.js';
import { cloneJson, isJsonObject, type JsonObject } from '../json.js';
import { specHash } from './fingerprint.js';
import { markJson } from './mark.js';
import { compareStrings } from './order.js';
import {
  GETTABLE,
  MARK_KEY,
  type CanonicalNode,
  type CanonicalWorkflow,
  type KeptFields,
  type Mark,
  type PlanChange,
} from './types.js';

export function toApiWorkflow(
  workflow: CanonicalWorkflow,
  metadata: JsonObject,
  mark: Mark,
  kept: KeptFields = { workflow: {}, nodes: {} },
): ApiWorkflow {
  const body: ApiWorkflow = {
    ...cloneJson(kept.workflow),
    id: workflow.id,
    description: workflow.description,
    notes: workflow.notes,
    nodes: inputsFirst(workflow.nodes).map((node) =>
      toApiNode(node, Object.hasOwn(kept.nodes, node.id) ? kept.nodes[node.id] : undefined),
    ),
    // Live keys are kept exactly; the spec's own keys are laid over them; the mark is ours.
    metadata: {
      ...metadata,
      ...cloneJson(workflow.metadata ?? {}),
      [MARK_KEY]: markJson(mark),
    },
  };
  // Declared: written; otherwise the live visibility rides along in `kept`.
  if (workflow.visibility !== undefined)
    body.visibility = { gettable: GETTABLE[workflow.visibility] };
  if (workflow.use_cases !== undefined) body.use_cases = [...workflow.use_cases];
  if (workflow.check_consents !== undefined) body.check_consents = [...workflow.check_consents];
  // The live image (hosted copies and all) rides along in `kept` while its url is the one
  // wanted; a new url is sent alone. No image wanted: see imageRemoval (its own call).
  if (workflow.image !== undefined && imageUrlOf(kept.workflow.image) !== workflow.image.url)
    body.image = { url: workflow.image.url };
  return body;
}

/**
 * The PatchWorkflows `remove` body that takes away the live cover image an
 * update's workflow no longer has, or null. An overwrite without an image
 * keeps the live one; the API's `remove` action, given the image's current
 * url, is what removes it.
 */
export function imageRemoval(change: PlanChange): ApiWorkflow | null {
  if (!change.workflow || change.workflow.image !== undefined) return null;
  const url = imageUrlOf(change.kept?.workflow.image);
  return url === undefined ? null : { id: change.id, nodes: [], image: { url } };
}

function imageUrlOf(image: unknown): string | undefined {
  const url = isJsonObject(image) ? image.url : undefined;
  return typeof url === 'string' && url !== '' ? url : undefined;
}

/**
 * The request body for a create or update change of a plan (the writer's one
 * call). The mark carries the plan's revision, when known, and a rollback's
 * `rolled_back_from`; a rollback to a marked version restores that version's
 * spec hash and revision.
 */
export function changeToApiWorkflow(
  change: PlanChange,
  project: string,
  revision?: string,
): ApiWorkflow {
  if (!change.workflow) throw new Error(`change ${change.action} ${change.id} has no workflow`);
  const restored = change.rollback?.spec_hash ? change.rollback : undefined;
  const mark: Mark = { project, spec_hash: restored?.spec_hash ?? specHash(change.workflow) };
  const markRevision = restored ? restored.revision : revision;
  if (markRevision) mark.revision = markRevision;
  if (change.rollback) mark.rolled_back_from = change.rollback.from_version;
  const body = toApiWorkflow(change.workflow, change.metadata ?? {}, mark, change.kept);
  if (change.rollback?.visibility !== undefined)
    body.visibility = { gettable: change.rollback.visibility };
  return body;
}

function toApiNode(node: CanonicalNode, kept: JsonObject = {}): ApiNode {
  const model: ApiModel = { id: node.model.id, model_version: { id: node.model.version } };
  if (node.model.user_id !== undefined) model.user_id = node.model.user_id;
  if (node.model.app_id !== undefined) model.app_id = node.model.app_id;
  const api: ApiNode = {
    ...(cloneJson(kept) as Partial<ApiNode>),
    id: node.id,
    model,
    node_inputs: node.inputs.map((nodeId) => ({ node_id: nodeId })),
    suppress_output: node.suppress_output,
  };
  const override = overrideOf(node, kept);
  if (Object.keys(override).length > 0) api.output_info_override = override;
  else delete api.output_info_override;
  return api;
}

/**
 * The node's output_info_override: the live one it does not model (kept), with
 * params, and the concepts and output_config a spec declares, laid over it.
 */
function overrideOf(node: CanonicalNode, kept: JsonObject): JsonObject {
  const override: JsonObject = isJsonObject(kept.output_info_override)
    ? cloneJson(kept.output_info_override)
    : {};
  if (Object.keys(node.params).length > 0) override.params = node.params;
  if (node.concepts !== undefined) {
    const data: JsonObject = isJsonObject(override.data) ? override.data : {};
    const live = Array.isArray(data.concepts) ? data.concepts.filter(isJsonObject) : [];
    // A concept the live one has keeps what the server filled in (its name, say).
    data.concepts = node.concepts.map((concept) => ({
      ...(live.find((l) => l.id === concept.id) ?? {}),
      id: concept.id,
      value: concept.value,
    }));
    if (node.concepts.length > 0 || Object.keys(data).length > 1) override.data = data;
    else delete override.data;
  }
  if (node.output_config !== undefined) {
    if (Object.keys(node.output_config).length > 0)
      override.output_config = cloneJson(node.output_config);
    else delete override.output_config;
  }
  return override;
}

/**
 * Nodes in dependency order (a node after the nodes it reads), ties by id:
 * order carries no meaning for vtr-wf, but a server or a human reading the
 * request may expect inputs to come first. A cycle (refused by validate) keeps
 * its nodes, appended by id.
 */
function inputsFirst(nodes: readonly CanonicalNode[]): CanonicalNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const placed = new Set<string>();
  const ordered: CanonicalNode[] = [];
  const remaining = [...nodes].sort((a, b) => compareStrings(a.id, b.id));
  let progress = true;
  while (remaining.length > 0 && progress) {
    progress = false;
    for (let i = 0; i < remaining.length; i++) {
      const node = remaining[i] as CanonicalNode;
      if (
        node.inputs.every((input) => placed.has(input) || !byId.has(input) || input === node.id)
      ) {
        ordered.push(node);
        placed.add(node.id);
        remaining.splice(i, 1);
        progress = true;
        break;
      }
    }
  }
  return [...ordered, ...remaining];
}
