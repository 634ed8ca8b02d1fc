/**
 * A canonical workflow as spec-shaped YAML: stable (same workflow, same text),
 * readable, defaults omitted. The text and markdown plans diff two of these
 * line by line, for hundreds of workflows, hence the direct emitter.
 */
import type { JsonObject } from '../json.js';
import type { CanonicalNode, CanonicalWorkflow } from './types.js';
import { flowStrings, pushEntry } from './yaml-emit.js';

export function workflowToYaml(workflow: CanonicalWorkflow): string {
  return workflowYamlLines(workflow).join('\n') + '\n';
}

/**
 * The lines of `workflowToYaml`, without their `\n` (no line holds one): what
 * a line diff needs, without joining the text only to split it again.
 */
export function workflowYamlLines(workflow: CanonicalWorkflow): string[] {
  const lines: string[] = [];
  pushEntry(lines, 'id', workflow.id, 0);
  if (workflow.description !== '') pushEntry(lines, 'description', workflow.description, 0);
  if (workflow.notes !== '') pushEntry(lines, 'notes', workflow.notes, 0);
  if (workflow.visibility) pushEntry(lines, 'visibility', workflow.visibility, 0);
  if (workflow.use_cases) lines.push(`use_cases: ${flowStrings(workflow.use_cases)}`);
  if (workflow.check_consents)
    lines.push(`check_consents: ${flowStrings(workflow.check_consents)}`);
  if (workflow.metadata) pushEntry(lines, 'metadata', workflow.metadata, 0);
  if (workflow.image) pushEntry(lines, 'image', workflow.image, 0);
  lines.push(workflow.nodes.length > 0 ? 'nodes:' : 'nodes: []');
  for (const node of workflow.nodes) pushNode(lines, node);
  return lines;
}

function pushNode(lines: string[], node: CanonicalNode): void {
  const first = lines.length;
  pushEntry(lines, 'id', node.id, 4);
  lines[first] = '  - ' + (lines[first] as string).slice(4);
  // The model's lines as `model: {id, version, user_id?, app_id?}` would give, without the object.
  lines.push('    model:');
  pushEntry(lines, 'id', node.model.id, 6);
  pushEntry(lines, 'version', node.model.version, 6);
  if (node.model.user_id !== undefined) pushEntry(lines, 'user_id', node.model.user_id, 6);
  if (node.model.app_id !== undefined) pushEntry(lines, 'app_id', node.model.app_id, 6);
  // Inputs read best on one line (`inputs: [detect-concept]`), as in a spec.
  if (node.inputs.length > 0) lines.push(`    inputs: ${flowStrings(node.inputs)}`);
  if (node.suppress_output) lines.push('    suppress_output: true');
  if (Object.keys(node.params).length > 0) pushEntry(lines, 'params', node.params, 4);
  if (node.concepts) {
    const concepts = node.concepts.map((c): JsonObject => ({ id: c.id, value: c.value }));
    pushEntry(lines, 'concepts', concepts, 4);
  }
  if (node.output_config) pushEntry(lines, 'output_config', node.output_config, 4);
}
