/**
 * A WorkflowSpec as the YAML a person would write: keys in the documented
 * order, `inputs` and inline models on one line, ids and versions quoted (so a
 * version that looks like a number never turns into one) — the layout `fmt`
 * writes, so an exported file is already formatted. Pure.
 */
import { Document, isMap, isScalar, isSeq, Scalar, visit } from 'yaml';
import { stringifyCanonical } from '../fmt/stringify.js';
import type { JsonObject } from '../json.js';
import type { NodeSpec, WorkflowSpec } from '../spec/types.js';

/** Short params stay on one line; longer ones read better as a block. */
const FLOW_PARAMS_MAX_CHARS = 60;

/** One spec as one YAML document, with an optional leading comment (no `#`). */
export function specToYaml(spec: WorkflowSpec, headerComment?: string): string {
  const doc = new Document(orderedSpec(spec));
  styleSpecDocument(doc);
  // Written above the first key, as a person writes it (doc.commentBefore
  // would add a blank line after it).
  return (headerComment ? `# ${headerComment}\n` : '') + stringifyCanonical(doc);
}

/** Several specs as one multi-document stream (`---` between documents). */
export function specsToYamlStream(specs: readonly WorkflowSpec[], headerComment?: string): string {
  return specs
    .map((spec, i) => specToYaml(spec, i === 0 ? headerComment : undefined))
    .join('---\n');
}

function orderedSpec(spec: WorkflowSpec): JsonObject {
  return {
    id: spec.id,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.notes ? { notes: spec.notes } : {}),
    ...(spec.visibility ? { visibility: spec.visibility } : {}),
    ...(spec.use_cases ? { use_cases: spec.use_cases } : {}),
    ...(spec.check_consents ? { check_consents: spec.check_consents } : {}),
    ...(spec.metadata ? { metadata: spec.metadata } : {}),
    ...(spec.image ? { image: { url: spec.image.url } } : {}),
    nodes: spec.nodes.map(orderedNode),
  };
}

function orderedNode(node: NodeSpec): JsonObject {
  const model =
    typeof node.model === 'string'
      ? node.model
      : (Object.fromEntries(
          (['id', 'version', 'user_id', 'app_id', 'role'] as const)
            .filter(
              (k) =>
                node.model !== null &&
                typeof node.model === 'object' &&
                node.model[k] !== undefined,
            )
            .map((k) => [k, (node.model as Record<string, string>)[k] as string]),
        ) as JsonObject);
  return {
    id: node.id,
    model,
    ...(node.inputs.length > 0 ? { inputs: [...node.inputs] } : {}),
    ...(node.suppress_output !== undefined ? { suppress_output: node.suppress_output } : {}),
    ...(node.params && Object.keys(node.params).length > 0 ? { params: node.params } : {}),
    ...(node.concepts
      ? { concepts: node.concepts.map((c): JsonObject => ({ id: c.id, value: c.value })) }
      : {}),
    ...(node.output_config ? { output_config: node.output_config } : {}),
  };
}

/**
 * Flow style for the small collections, double quotes for model ids and
 * versions. Walks the known places only, so a param that happens to be called
 * `model` or `inputs` is left alone.
 */
function styleSpecDocument(doc: Document): void {
  // `image: { url: … }` on one line, as the README writes it.
  const image = doc.get('image', true);
  if (isMap(image)) image.flow = true;
  const nodes = doc.get('nodes', true);
  if (!isSeq(nodes)) return;
  for (const node of nodes.items) {
    if (!isMap(node)) continue;
    const inputs = node.get('inputs', true);
    if (isSeq(inputs)) inputs.flow = true;
    const model = node.get('model', true);
    if (isMap(model)) {
      model.flow = true;
      for (const key of ['id', 'version']) {
        const value = model.get(key, true);
        if (isScalar(value)) value.type = Scalar.QUOTE_DOUBLE;
      }
    }
    // Each concept on one line: `- { id: text, value: 1 }`.
    const concepts = node.get('concepts', true);
    if (isSeq(concepts))
      for (const concept of concepts.items) if (isMap(concept)) concept.flow = true;
    const params = node.get('params', true);
    if (isMap(params) && JSON.stringify(params.toJSON()).length <= FLOW_PARAMS_MAX_CHARS) {
      // Nested collections too: each one's own flag sets its padding when written.
      visit(params, {
        Map: (_, map) => void (map.flow = true),
        Seq: (_, seq) => void (seq.flow = true),
      });
    }
  }
}
