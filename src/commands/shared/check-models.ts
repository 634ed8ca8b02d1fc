/**
 * Plan-time check that every model version the desired workflows pin exists:
 * one GetModelVersion per distinct (owner, model, version), however many
 * nodes name it, so a missing one is a clear error naming the workflow, node,
 * model and version — not a 21200 halfway through apply.
 */
import type { UnplacedDiagnostic } from '../../diagnostic.js';
import type { ClarifaiApi } from '../../clarifai/types.js';
import type { CanonicalModel, DesiredState } from '../../plan/types.js';
import type { LoadedSpec } from '../../spec/types.js';

export const MODEL_VERSION_NOT_FOUND = 'model-version-not-found';

/** Whether a model version exists: one GetModelVersion per distinct pin, however often asked. */
export type ModelVersionLookups = (model: CanonicalModel) => Promise<boolean>;

/**
 * Lookups over a connection — one that may still be opening: plan starts them
 * as the specs load, and checkModelVersions reads the same answers later. A
 * lookup's failure is seen where it is awaited (or not at all, when the specs'
 * own errors stop the plan first).
 */
export function modelVersionLookups(api: ClarifaiApi | Promise<ClarifaiApi>): ModelVersionLookups {
  const lookups = new Map<string, Promise<boolean>>();
  return (model) => {
    const key = pinKey(model);
    let lookup = lookups.get(key);
    if (!lookup) {
      const owner = {
        id: model.id,
        ...(model.user_id ? { user_id: model.user_id } : {}),
        ...(model.app_id ? { app_id: model.app_id } : {}),
      };
      lookup = Promise.resolve(api)
        .then((connected) => connected.getModelVersion(owner, model.version))
        .then((found) => found !== null);
      lookup.catch(() => undefined);
      lookups.set(key, lookup);
    }
    return lookup;
  };
}

export async function checkModelVersions(
  api: ClarifaiApi,
  desired: DesiredState,
  specs: readonly LoadedSpec[],
  inScope: (id: string) => boolean = () => true,
  exists: ModelVersionLookups = modelVersionLookups(api),
): Promise<UnplacedDiagnostic[]> {
  // Each distinct pin awaited once, then the nodes walked in order: 1000 workflows of three
  // nodes made 3000 promises for three answers.
  const found = new Map<string, boolean>();
  const pins = new Map<string, CanonicalModel>();
  for (const { workflow } of desired.workflows) {
    if (!inScope(workflow.id)) continue;
    for (const node of workflow.nodes) pins.set(pinKey(node.model), node.model);
  }
  await Promise.all([...pins].map(async ([key, model]) => found.set(key, await exists(model))));
  // By place, not a search per workflow: 1000 specs must not cost a million comparisons.
  const specAt = new Map(specs.map((s) => [`${s.source.file}\u0000${s.source.document}`, s]));
  const diagnostics: UnplacedDiagnostic[] = [];
  for (const { workflow, source } of desired.workflows) {
    if (!inScope(workflow.id)) continue;
    for (const node of workflow.nodes) {
      if (found.get(pinKey(node.model))) continue;
      const spec = specAt.get(`${source.file}\u0000${source.document}`);
      const index = spec ? spec.spec.nodes.findIndex((n) => n.id === node.id) : -1;
      const owner = node.model.user_id
        ? ` (owner ${node.model.user_id}/${node.model.app_id ?? ''})`
        : '';
      diagnostics.push({
        code: MODEL_VERSION_NOT_FOUND,
        severity: 'error',
        message:
          `workflow \`${workflow.id}\`, node \`${node.id}\`: model \`${node.model.id}\`${owner} has no version ` +
          `\`${node.model.version}\` in environment \`${desired.environment}\` (${desired.user_id}/${desired.app_id})`,
        file: source.file,
        document: source.document,
        pointer: index >= 0 ? `/nodes/${index}/model` : '',
        suggestion:
          'check the version id, or pin another version in the catalog or the environment override',
      });
    }
  }
  return diagnostics;
}

/** One pinned model version: owner, model and version, each length-prefixed so no two pins share a key. */
function pinKey(model: CanonicalModel): string {
  const user = model.user_id ?? '';
  const app = model.app_id ?? '';
  return `${user.length}:${user}${app.length}:${app}${model.id.length}:${model.id}${model.version}`;
}
