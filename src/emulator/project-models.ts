/**
 * Which models a project names — so `vtr-wf emulator --config` knows them.
 * The spec loader builds the config and specs best-effort even when they have
 * problems (`validate` is where those are reported); every (id, version) it
 * can read becomes a known model.
 */
import path from 'node:path';
import { namedModels } from '../spec/effective-model.js';
import { loadProject } from '../spec/project.js';
import type { KnownModel } from './models.js';

/** Every model the config at `configFile` names: catalog, environment overrides, inline spec models. */
export async function projectModels(configFile: string): Promise<KnownModel[]> {
  const project = await loadProject({ cwd: path.dirname(configFile), config: configFile });
  const missing = project.diagnostics.find((d) => d.code === 'config-not-found');
  if (missing) throw new Error(missing.message);
  return namedModels(
    project.config,
    project.specs.flatMap((loaded) => loaded.spec.nodes),
  );
}
