/**
 * Test support (not shipped: package.json excludes dist/**\/*.test.*): what a
 * Clarifai server does to a workflow it stores — reorders nodes and inputs,
 * fills timestamps, versions, owners, model details and proto defaults — plus
 * builders for canonical workflows. Pure and seeded, so fast-check can shrink.
 */
import fc from 'fast-check';
import type { ApiNode, ApiWorkflow } from '../model/api-types.js';
import type { JsonObject, JsonValue } from '../json.js';
import { VTR_MODELS } from '../vtr-models.js';
import { compareStrings, sortedBy } from './order.js';
import type { CanonicalModel, CanonicalNode, CanonicalWorkflow } from './types.js';

/** A deterministic permutation from a seed (a small LCG is plenty for tests). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The workflow as a server hands it back after storing `sent`. */
export function serverFill(
  sent: ApiWorkflow,
  seed = 7,
  owner = { user_id: 'me', app_id: 'app' },
): ApiWorkflow {
  const nodes = shuffled(sent.nodes, seed).map((node, index): ApiNode => {
    const known = VTR_MODELS.find((m) => m.id === node.model.id);
    return {
      ...node,
      node_inputs: shuffled(node.node_inputs ?? [], seed + index),
      suppress_output: node.suppress_output ?? false,
      output_info_override: node.output_info_override ?? { params: {} },
      model: {
        ...node.model,
        user_id: node.model.user_id ?? known?.user_id ?? owner.user_id,
        app_id: node.model.app_id ?? known?.app_id ?? owner.app_id,
        name: known?.name ?? 'some model',
        model_type_id: known?.model_type_id ?? 'visual-classifier',
        created_at: '2024-01-02T03:04:05.123456Z',
        model_version: {
          id: node.model.model_version?.id ?? 'latest-version',
          created_at: '2024-01-02T03:04:05Z',
          status: { code: 21100, description: 'Model is trained and ready' },
          user_id: 'clarifai',
          app_id: 'main',
        },
      },
    };
  });
  return {
    ...sent,
    nodes,
    description: sent.description ?? '',
    notes: sent.notes ?? '',
    metadata: sent.metadata ?? {},
    user_id: owner.user_id,
    app_id: owner.app_id,
    created_at: '2024-05-06T07:08:09.5Z',
    modified_at: `2024-05-06T07:08:${String(seed % 60).padStart(2, '0')}Z`,
    version: { id: `v-${seed}`, created_at: '2024-05-06T07:08:09Z' },
    visibility: { gettable: 10 },
    is_starred: false,
    star_count: 0,
    use_cases: [],
    check_consents: [],
  };
}

export function node(
  id: string,
  version: string,
  inputs: string[] = [],
  extra: Partial<CanonicalNode> = {},
): CanonicalNode {
  return {
    id,
    model: { id: `model-${id}`, version },
    inputs,
    suppress_output: false,
    params: {},
    ...extra,
  };
}

/** The contract's visual-text-recognition workflow, canonical. */
export function vtrWorkflow(
  id = 'visual-text-recognition',
  recognizerVersion?: string,
): CanonicalWorkflow {
  const [detector, cropper, recognizer] = VTR_MODELS as [
    (typeof VTR_MODELS)[number],
    (typeof VTR_MODELS)[number],
    (typeof VTR_MODELS)[number],
  ];
  return {
    id,
    description: 'Detect, crop and read text in images',
    notes: '',
    nodes: [
      {
        id: 'detect-concept',
        model: { id: detector.id, version: detector.version },
        inputs: [],
        suppress_output: false,
        params: {},
      },
      {
        id: 'image-crop',
        model: { id: cropper.id, version: cropper.version },
        inputs: ['detect-concept'],
        suppress_output: false,
        params: {},
      },
      {
        id: 'image-to-text',
        model: { id: recognizer.id, version: recognizerVersion ?? recognizer.version },
        inputs: ['image-crop'],
        suppress_output: false,
        params: {},
      },
    ],
  };
}

const idArb = fc.stringMatching(/^[a-z0-9]{1,6}(-[a-z0-9]{1,4})?$/);
/** Keys with `~` and `/` exercise pointer escaping in params diffs. */
const paramKeyArb = fc.stringMatching(/^[a-z~/_]{1,5}$/);
const paramsArb: fc.Arbitrary<JsonObject> = fc.dictionary(
  paramKeyArb,
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>,
  { maxKeys: 3 },
);
const modelArb: fc.Arbitrary<CanonicalModel> = fc.record(
  {
    id: fc.stringMatching(/^[0-9a-f]{4,8}$/),
    version: fc.stringMatching(/^[0-9a-f]{4,8}$/),
    user_id: fc.constantFrom('clarifai', 'acme'),
    app_id: fc.constantFrom('main', 'models'),
  },
  { requiredKeys: ['id', 'version'] },
);

/** Any canonical workflow: unique node ids, inputs among its nodes, sorted as canonical. */
export const canonicalWorkflowArb: fc.Arbitrary<CanonicalWorkflow> = fc
  .uniqueArray(idArb, { minLength: 1, maxLength: 6 })
  .chain((ids) =>
    fc.record({
      id: idArb,
      description: fc.string({ maxLength: 12 }),
      notes: fc.string({ maxLength: 12 }),
      nodes: fc.tuple(
        ...ids.map((id) =>
          fc.record({
            id: fc.constant(id),
            model: modelArb,
            inputs: fc.subarray(ids.filter((other) => other !== id)),
            suppress_output: fc.boolean(),
            params: paramsArb,
          }),
        ),
      ),
    }),
  )
  .map((w) => ({
    ...w,
    nodes: sortedBy(
      w.nodes.map((n) => ({ ...n, inputs: [...n.inputs].sort(compareStrings) })),
      (n) => n.id,
    ),
  }));
