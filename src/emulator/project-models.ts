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

export interface ProjectModels {
  /** Every model the config names: catalog, environment overrides, inline spec models. */
  models: KnownModel[];
  /**
   * How many errors the config file itself has (YAML syntax, wrong shapes):
   * its models may be missing from `models`, which the caller should say —
   * otherwise the first sign is a "model not found" from a later request.
   */
  configErrors: number;
}

export async function projectModels(configFile: string): Promise<ProjectModels> {
  const project = await loadProject({ cwd: path.dirname(configFile), config: configFile });
  const missing = project.diagnostics.find((d) => d.code === 'config-not-found');
  if (missing) throw new Error(missing.message);
  // Diagnostics name files relative to the folder the project was loaded from.
  const folder = path.dirname(configFile);
  const configPath = path.resolve(configFile);
  const configErrors = project.diagnostics.filter(
    (d) => d.severity === 'error' && d.file !== '' && path.resolve(folder, d.file) === configPath,
  ).length;
  return {
    models: namedModels(
      project.config,
      project.specs.flatMap((loaded) => loaded.spec.nodes),
    ),
    configErrors,
  };
}
