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
    const key = JSON.stringify([model.user_id ?? '', model.app_id ?? '', model.id, model.version]);
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
  // By place, not a search per workflow: 1000 specs must not cost a million comparisons.
  const specAt = new Map(specs.map((s) => [`${s.source.file}\u0000${s.source.document}`, s]));
  const pending: Promise<UnplacedDiagnostic | null>[] = [];
  for (const { workflow, source } of desired.workflows) {
    if (!inScope(workflow.id)) continue;
    const spec = specAt.get(`${source.file}\u0000${source.document}`);
    for (const node of workflow.nodes) {
      pending.push(
        exists(node.model).then((found) => {
          if (found) return null;
          const index = spec ? spec.spec.nodes.findIndex((n) => n.id === node.id) : -1;
          const owner = node.model.user_id
            ? ` (owner ${node.model.user_id}/${node.model.app_id ?? ''})`
            : '';
          return {
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
          } satisfies UnplacedDiagnostic;
        }),
      );
    }
  }
  return (await Promise.all(pending)).filter((d): d is UnplacedDiagnostic => d !== null);
}
