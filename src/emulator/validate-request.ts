/**
 * The API's checks on a workflow it is asked to store, in the API's order of
 * severity: malformed arguments (22104), then the graph (22107), then the
 * models (21200). Each returns the first problem as a status whose details
 * name the culprit, or null when the workflow is acceptable.
 */
import { findCycles } from '../graph/cycles.js';
import { buildGraph } from '../graph/workflow-graph.js';
import { idPattern, MAX_NODES, maxIdLength, type IdKind } from '../model/clarifai-ids.js';
import type { ModelCatalog, ModelOwner } from './models.js';
import type { NodeDraft, StoredNode } from './state-types.js';
import { StatusCode, status, type EmulatorStatus } from './status.js';

/** `what` names the id in the details; `kind` picks Clarifai's rule for it. */
export function checkId(
  what: string,
  id: string,
  kind: IdKind = 'workflow',
): EmulatorStatus | null {
  if (!id) return status(StatusCode.WORKFLOW_INVALID_ARGUMENT, `${what} id is required`);
  if (id.length > maxIdLength(kind)) {
    return status(
      StatusCode.WORKFLOW_INVALID_ARGUMENT,
      `${what} id '${id}' is ${id.length} characters long; the maximum is ${maxIdLength(kind)}`,
    );
  }
  if (!idPattern(kind).test(id)) {
    return status(
      StatusCode.WORKFLOW_INVALID_ARGUMENT,
      `${what} id '${id}' is invalid: use letters and digits, separated by single '-' or '_'`,
    );
  }
  return null;
}

/** Ids, node count and node fields (22104), then the graph (22107). */
export function checkWorkflowShape(workflow: {
  id: string;
  nodes: readonly NodeDraft[];
}): EmulatorStatus | null {
  const idProblem = checkId('workflow', workflow.id);
  if (idProblem) return idProblem;
  const { nodes } = workflow;
  if (nodes.length === 0) {
    return status(StatusCode.WORKFLOW_INVALID_ARGUMENT, `workflow '${workflow.id}' has no nodes`);
  }
  if (nodes.length > MAX_NODES) {
    return status(
      StatusCode.WORKFLOW_INVALID_ARGUMENT,
      `workflow '${workflow.id}' has ${nodes.length} nodes; the maximum is ${MAX_NODES}`,
    );
  }
  for (const node of nodes) {
    const nodeProblem = checkId(`node of workflow '${workflow.id}': node`, node.id, 'node');
    if (nodeProblem) return nodeProblem;
    if (!node.model.id) {
      return status(
        StatusCode.WORKFLOW_INVALID_ARGUMENT,
        `node '${node.id}' of workflow '${workflow.id}' has no model id`,
      );
    }
  }
  return checkGraph(workflow.id, nodes);
}

function checkGraph(workflowId: string, nodes: readonly NodeDraft[]): EmulatorStatus | null {
  const invalid = (details: string) =>
    status(StatusCode.WORKFLOW_INVALID_GRAPH, `workflow '${workflowId}': ${details}`);
  const ids = new Set<string>();
  for (const node of nodes) {
    if (ids.has(node.id)) return invalid(`duplicate node id '${node.id}'`);
    ids.add(node.id);
  }
  for (const node of nodes) {
    for (const input of node.node_inputs) {
      if (input === node.id) return invalid(`node '${node.id}' takes itself as input`);
      if (!ids.has(input))
        return invalid(
          `node '${node.id}' takes input from '${input}', which is not a node of this workflow`,
        );
    }
  }
  // The spec rules' cycle finder: same path, same data-flow order as validate prints.
  const graph = buildGraph({ nodes: nodes.map((n) => ({ id: n.id, inputs: n.node_inputs })) });
  const [cycle] = findCycles(graph);
  return cycle ? invalid(`cycle ${cycle.map((i) => graph.ids[i]).join(' -> ')}`) : null;
}

/** Resolves every node's model version (empty → latest); 21200 naming the first unknown one. */
export function resolveModels(
  workflowId: string,
  nodes: readonly NodeDraft[],
  catalog: ModelCatalog,
  app?: ModelOwner,
): { ok: true; nodes: StoredNode[] } | { ok: false; status: EmulatorStatus } {
  const resolved: StoredNode[] = [];
  for (const node of nodes) {
    const named = { user_id: node.model.user_id ?? '', app_id: node.model.app_id ?? '' };
    const found = catalog.resolve(node.model.id, node.model.version_id, named, app);
    if (!found) {
      const details = catalog.find(node.model.id, named, app)
        ? `model version '${node.model.version_id}' of model '${node.model.id}' (node '${node.id}' of workflow '${workflowId}') does not exist`
        : `model '${node.model.id}' (node '${node.id}' of workflow '${workflowId}') does not exist`;
      return { ok: false, status: status(StatusCode.MODEL_DOES_NOT_EXIST, details) };
    }
    // The model's real owner is kept (a public model stays clarifai/main's); none for the app's own.
    const owner =
      found.model.user_id && found.model.app_id
        ? { user_id: found.model.user_id, app_id: found.model.app_id }
        : {};
    resolved.push({
      ...node,
      model: { id: found.model.id, version_id: found.version.id, ...owner },
    });
  }
  return { ok: true, nodes: resolved };
}
