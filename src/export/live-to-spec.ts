/**
 * A live workflow → the spec that describes it, as small as it can be while
 * still meaning exactly the live workflow in this environment. Pure.
 *
 * - A node's model becomes a catalog alias when the alias's effective model in
 *   this environment (catalog + override) is that id and version; otherwise an
 *   inline `{id, version}`.
 * - An inline model names its owner only when the owner differs from the one
 *   the server would fill in for that id and version anyway (see defaultOwner),
 *   so exporting does not litter specs with `user_id: clarifai`.
 * - Defaults are left out: no empty description or notes, no `inputs: []`, no
 *   `suppress_output: false`, no empty params, concepts or output_config.
 * - Nodes come out in dependency order (inputs before the nodes reading them,
 *   ties by id), the order a person would write them.
 */
import type { CanonicalModel, CanonicalNode, LiveWorkflow } from '../plan/types.js';
import { effectiveModel } from '../spec/effective-model.js';
import type { Config, ModelRef, NodeSpec, WorkflowSpec } from '../spec/types.js';
import { VTR_MODELS } from '../vtr-models.js';
import { findCatalogAlias } from './catalog-match.js';

export interface ExportContext {
  config: Pick<Config, 'models' | 'environments'>;
  envName: string;
}

export interface ExportedSpec {
  spec: WorkflowSpec;
  /** Human-readable; each names the workflow and the field. */
  warnings: string[];
}

export function liveToSpec(live: LiveWorkflow, ctx: ExportContext): ExportedSpec {
  const { workflow } = live;
  const catalog = effectiveCatalog(ctx);
  const nodes = dependencyOrder(workflow.nodes).map((node) => nodeToSpec(node, catalog, ctx));
  const spec: WorkflowSpec = {
    id: workflow.id,
    ...(workflow.description ? { description: workflow.description } : {}),
    ...(workflow.notes ? { notes: workflow.notes } : {}),
    ...(workflow.visibility ? { visibility: workflow.visibility } : {}),
    ...(workflow.use_cases ? { use_cases: workflow.use_cases } : {}),
    ...(workflow.check_consents ? { check_consents: workflow.check_consents } : {}),
    ...(workflow.metadata ? { metadata: workflow.metadata } : {}),
    ...(workflow.image ? { image: { url: workflow.image.url } } : {}),
    nodes,
  };
  const warnings = live.unsupported.map(
    (pointer) =>
      `workflow \`${workflow.id}\`: live field \`${pointer}\` can't be expressed in a spec and is not exported`,
  );
  return { spec, warnings };
}

/** Every alias with this environment's override laid over it. */
function effectiveCatalog(ctx: ExportContext): Record<string, ModelRef> {
  const catalog: Record<string, ModelRef> = {};
  for (const alias of Object.keys(ctx.config.models)) {
    const effective = effectiveModel(ctx.config, ctx.envName, { model: alias });
    if (effective.ok) catalog[alias] = effective.model;
  }
  return catalog;
}

function nodeToSpec(
  node: CanonicalNode,
  catalog: Record<string, ModelRef>,
  ctx: ExportContext,
): NodeSpec {
  const alias = findCatalogAlias(catalog, node.model);
  return {
    id: node.id,
    model: alias ?? inlineModel(node.model, catalog, ctx),
    inputs: [...node.inputs],
    ...(node.suppress_output ? { suppress_output: true } : {}),
    ...(Object.keys(node.params).length > 0 ? { params: node.params } : {}),
    ...(node.concepts
      ? { concepts: node.concepts.map((c) => ({ id: c.id, value: c.value })) }
      : {}),
    ...(node.output_config ? { output_config: node.output_config } : {}),
  };
}

function inlineModel(
  model: CanonicalModel,
  catalog: Record<string, ModelRef>,
  ctx: ExportContext,
): ModelRef {
  const inline: ModelRef = { id: model.id, version: model.version };
  if (model.user_id === undefined && model.app_id === undefined) return inline;
  const fallback = defaultOwner(model.id, catalog, ctx);
  if (model.user_id !== fallback?.user_id || model.app_id !== fallback?.app_id) {
    if (model.user_id !== undefined) inline.user_id = model.user_id;
    if (model.app_id !== undefined) inline.app_id = model.app_id;
  }
  return inline;
}

/**
 * The owner the server reports for a model when the spec names none: the owner
 * the project's catalog gives that model id, else the owner of Clarifai's own
 * VTR models, else the target app itself (a model of the app's own).
 */
function defaultOwner(
  modelId: string,
  catalog: Record<string, ModelRef>,
  ctx: ExportContext,
): { user_id: string; app_id: string } | undefined {
  for (const entry of Object.values(catalog)) {
    if (entry.id === modelId && entry.user_id && entry.app_id) {
      return { user_id: entry.user_id, app_id: entry.app_id };
    }
  }
  const vtr = VTR_MODELS.find((m) => m.id === modelId);
  if (vtr) return { user_id: vtr.user_id, app_id: vtr.app_id };
  const env = ctx.config.environments[ctx.envName];
  return env ? { user_id: env.user_id, app_id: env.app_id } : undefined;
}

/**
 * Inputs before the nodes that read them; among nodes ready at the same time,
 * by id. A cycle (which the API refuses, but a foreign tool might have left)
 * cannot stop the export: its nodes follow in id order.
 */
export function dependencyOrder(nodes: readonly CanonicalNode[]): CanonicalNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const placed = new Set<string>();
  const ordered: CanonicalNode[] = [];
  const sorted = [...nodes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let progress = true;
  while (ordered.length < nodes.length && progress) {
    progress = false;
    for (const node of sorted) {
      if (placed.has(node.id)) continue;
      const ready = node.inputs.every(
        (input) => placed.has(input) || !byId.has(input) || input === node.id,
      );
      if (!ready) continue;
      placed.add(node.id);
      ordered.push(node);
      progress = true;
      break; // restart from the smallest id: the order stays stable and readable
    }
  }
  for (const node of sorted) if (!placed.has(node.id)) ordered.push(node);
  return ordered;
}
