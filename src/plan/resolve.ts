/**
 * Specs + catalog + one environment's overrides → the desired state: one
 * canonical workflow per spec, exactly what should be live. Validation proper
 * happens in spec/; here only what stops resolving is reported.
 */
import type { UnplacedDiagnostic } from '../diagnostic.js';
import { effectiveModel } from '../spec/effective-model.js';
import type { JsonObject } from '../json.js';
import type { Config, LoadedSpec, NodeSpec } from '../spec/types.js';
import { specHash } from './fingerprint.js';
import { defineLazy } from './lazy-property.js';
import { nearest } from '../spec/suggest.js';
import { compareStrings, sortedBy } from './order.js';
import { canonicalConcepts, canonicalOutputConfig } from './override-fields.js';
import type {
  CanonicalModel,
  CanonicalNode,
  CanonicalWorkflow,
  DesiredState,
  DesiredWorkflow,
} from './types.js';

export interface ResolveInput {
  config: Config;
  specs: LoadedSpec[];
}

// Over 80 lines: the unknown-environment diagnostic, then per spec its nodes (model resolved
// in resolveModel) and every optional workflow field mapped to its canonical form, field by
// field; one flat list that grows by a line per spec field.
export function resolveDesired(
  input: ResolveInput,
  envName: string,
): { desired: DesiredState; diagnostics: UnplacedDiagnostic[] } {
  const { config, specs } = input;
  const env = Object.hasOwn(config.environments, envName)
    ? config.environments[envName]
    : undefined;
  const desired: DesiredState = {
    environment: envName,
    user_id: env?.user_id ?? '',
    app_id: env?.app_id ?? '',
    project: config.project,
    workflows: [],
  };
  if (!env) {
    const known = Object.keys(config.environments).sort(compareStrings);
    const match = nearest(envName, known);
    const diagnostic: UnplacedDiagnostic = {
      code: 'unknown-environment',
      severity: 'error',
      message:
        `unknown environment \`${envName}\`; ` +
        (known.length ? `vtr-wf.yaml defines: ${known.join(', ')}` : 'vtr-wf.yaml defines none'),
      file: '',
      pointer: '',
      document: 0,
    };
    if (match) diagnostic.suggestion = `did you mean \`${match}\`?`;
    return { desired, diagnostics: [diagnostic] };
  }

  const diagnostics: UnplacedDiagnostic[] = [];
  for (const { spec, source } of specs) {
    const nodes: CanonicalNode[] = [];
    let resolved = true;
    spec.nodes.forEach((node, index) => {
      const model = resolveModel(config, envName, node);
      if ('problem' in model) {
        resolved = false;
        diagnostics.push({
          code: model.problem,
          severity: 'error',
          message: model.message.replace(
            '{node}',
            `node \`${node.id}\` of workflow \`${spec.id}\``,
          ),
          file: source.file,
          document: source.document,
          pointer: `/nodes/${index}/model`,
          ...(model.suggestion ? { suggestion: model.suggestion } : {}),
        });
        return;
      }
      nodes.push({
        id: node.id,
        model,
        inputs: [...(node.inputs ?? [])].sort(compareStrings),
        suppress_output: node.suppress_output ?? false,
        params: node.params ?? {},
        ...(node.concepts ? { concepts: canonicalConcepts(node.concepts) } : {}),
        ...(node.output_config ? { output_config: canonicalOutputConfig(node.output_config) } : {}),
      });
    });
    // A workflow with an unresolvable node cannot be planned; its diagnostic stops the run.
    if (!resolved) continue;
    const workflow: CanonicalWorkflow = {
      id: spec.id,
      description: spec.description ?? '',
      notes: spec.notes ?? '',
      nodes: sortedBy(nodes, (n) => n.id),
    };
    if (spec.visibility) workflow.visibility = spec.visibility;
    if (spec.use_cases) workflow.use_cases = [...spec.use_cases];
    if (spec.check_consents) workflow.check_consents = [...spec.check_consents];
    if (spec.image) workflow.image = { url: spec.image.url };
    if (spec.metadata && Object.keys(spec.metadata).length > 0)
      workflow.metadata = JSON.parse(JSON.stringify(spec.metadata)) as JsonObject;
    const entry = withLazySpecHash({ workflow, source: { ...source } });
    if (spec.previous_ids && spec.previous_ids.length > 0)
      entry.previous_ids = [...new Set(spec.previous_ids)].sort(compareStrings);
    desired.workflows.push(entry);
  }
  desired.workflows = sortedBy(desired.workflows, (w) => w.workflow.id);
  return { desired, diagnostics };
}

/** The entry with `spec_hash` hashed on first read: only adopting and writing need it. */
function withLazySpecHash(entry: Omit<DesiredWorkflow, 'spec_hash'>): DesiredWorkflow {
  return defineLazy(entry, 'spec_hash', () => specHash(entry.workflow));
}

type ModelResolution =
  | CanonicalModel
  | { problem: 'unknown-model' | 'missing-version'; message: string; suggestion?: string };

/**
 * The model version a node pins in an environment, or null when it does not
 * resolve (resolveDesired reports why). Pure; plan uses it to start checking
 * versions while specs still load.
 */
export function pinnedModel(
  config: Config,
  envName: string,
  node: NodeSpec,
): CanonicalModel | null {
  const model = resolveModel(config, envName, node);
  return 'problem' in model ? null : model;
}

function resolveModel(config: Config, envName: string, node: NodeSpec): ModelResolution {
  const effective = effectiveModel(config, envName, node);
  if (!effective.ok) {
    const match = nearest(effective.alias, Object.keys(config.models));
    return {
      problem: 'unknown-model',
      message: `{node} names model \`${effective.alias}\`, which the catalog does not define`,
      ...(match ? { suggestion: `did you mean \`${match}\`?` } : {}),
    };
  }
  const { id, version, user_id, app_id } = effective.model;
  const named = effective.alias ? `model \`${effective.alias}\`` : 'its inline model';
  if (!id) {
    return { problem: 'missing-version', message: `{node}: ${named} has no model id` };
  }
  if (!version) {
    return {
      problem: 'missing-version',
      message: `{node}: ${named} pins no version in environment \`${envName}\``,
      suggestion: effective.alias
        ? `add \`version\` to the catalog entry or to environments.${envName}.models.${effective.alias}`
        : 'add `version` to the inline model',
    };
  }
  const model: CanonicalModel = { id, version };
  if (user_id) model.user_id = user_id;
  if (app_id) model.app_id = app_id;
  return model;
}
