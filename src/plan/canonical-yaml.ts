/**
 * A canonical workflow as spec-shaped YAML: stable (same workflow, same text),
 * readable, defaults omitted. The text and markdown plans diff two of these
 * line by line, for hundreds of workflows, hence the direct emitter.
 */
import type { JsonObject } from '../json.js';
import type { CanonicalNode, CanonicalWorkflow } from './types.js';
import { entryLines, flowStrings } from './yaml-emit.js';

export function workflowToYaml(workflow: CanonicalWorkflow): string {
  const lines = entryLines('id', workflow.id, 0);
  if (workflow.description !== '')
    lines.push(...entryLines('description', workflow.description, 0));
  if (workflow.notes !== '') lines.push(...entryLines('notes', workflow.notes, 0));
  if (workflow.visibility) lines.push(...entryLines('visibility', workflow.visibility, 0));
  if (workflow.use_cases) lines.push(`use_cases: ${flowStrings(workflow.use_cases)}`);
  if (workflow.check_consents)
    lines.push(`check_consents: ${flowStrings(workflow.check_consents)}`);
  if (workflow.metadata) lines.push(...entryLines('metadata', workflow.metadata, 0));
  if (workflow.image) lines.push(...entryLines('image', workflow.image, 0));
  lines.push(workflow.nodes.length > 0 ? 'nodes:' : 'nodes: []');
  for (const node of workflow.nodes) lines.push(...nodeLines(node));
  return lines.join('\n') + '\n';
}

function nodeLines(node: CanonicalNode): string[] {
  const model: JsonObject = { id: node.model.id, version: node.model.version };
  if (node.model.user_id !== undefined) model.user_id = node.model.user_id;
  if (node.model.app_id !== undefined) model.app_id = node.model.app_id;
  const lines = entryLines('id', node.id, 4);
  lines[0] = '  - ' + (lines[0] as string).slice(4);
  lines.push(...entryLines('model', model, 4));
  // Inputs read best on one line (`inputs: [detect-concept]`), as in a spec.
  if (node.inputs.length > 0) lines.push(`    inputs: ${flowStrings(node.inputs)}`);
  if (node.suppress_output) lines.push('    suppress_output: true');
  if (Object.keys(node.params).length > 0) lines.push(...entryLines('params', node.params, 4));
  if (node.concepts) {
    const concepts = node.concepts.map((c): JsonObject => ({ id: c.id, value: c.value }));
    lines.push(...entryLines('concepts', concepts, 4));
  }
  if (node.output_config) lines.push(...entryLines('output_config', node.output_config, 4));
  return lines;
}
