/**
 * A canonical workflow as spec-shaped YAML: stable (same workflow, same text),
 * readable, defaults omitted. The text plan diffs two of these line by line.
 */
import { Document, isMap, isSeq } from 'yaml';
import type { JsonObject } from '../json.js';
import type { CanonicalNode, CanonicalWorkflow } from './types.js';

export function workflowToYaml(workflow: CanonicalWorkflow): string {
  const doc = new Document(specShape(workflow));
  // Inputs read best on one line (`inputs: [detect-concept]`), as in a spec.
  const nodes = doc.get('nodes', true);
  for (const item of isSeq(nodes) ? nodes.items : []) {
    const inputs = isMap(item) ? item.get('inputs', true) : undefined;
    if (isSeq(inputs)) inputs.flow = true;
  }
  return doc.toString({ lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false });
}

function specShape(workflow: CanonicalWorkflow): JsonObject {
  const shape: JsonObject = { id: workflow.id };
  if (workflow.description !== '') shape.description = workflow.description;
  if (workflow.notes !== '') shape.notes = workflow.notes;
  shape.nodes = workflow.nodes.map(nodeShape);
  return shape;
}

function nodeShape(node: CanonicalNode): JsonObject {
  const model: JsonObject = { id: node.model.id, version: node.model.version };
  if (node.model.user_id !== undefined) model.user_id = node.model.user_id;
  if (node.model.app_id !== undefined) model.app_id = node.model.app_id;
  const shape: JsonObject = { id: node.id, model };
  if (node.inputs.length > 0) shape.inputs = [...node.inputs];
  if (node.suppress_output) shape.suppress_output = true;
  if (Object.keys(node.params).length > 0) shape.params = node.params;
  return shape;
}
