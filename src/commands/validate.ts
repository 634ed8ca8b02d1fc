/**
 * `validate`: load the project (config and specs, which runs every check) and
 * hand back what was found. Offline: nothing here loads gRPC.
 */
import type { Diagnostic } from '../diagnostic.js';
import { loadProject } from '../spec/project.js';

export interface ValidateOptions {
  cwd: string;
  /** --config PATH */
  config?: string;
  /** Spec files or folders; empty means the config's `workflows`. */
  paths: string[];
}

export interface ValidateResult {
  diagnostics: Diagnostic[];
  /** Every spec file read, as the loader names it. */
  specFiles: string[];
  /** How many workflows the specs declare. */
  workflows: number;
}

export async function validateProject(opts: ValidateOptions): Promise<ValidateResult> {
  const project = await loadProject({
    cwd: opts.cwd,
    ...(opts.config !== undefined ? { config: opts.config } : {}),
    paths: opts.paths,
  });
  return {
    diagnostics: project.diagnostics,
    specFiles: project.specFiles,
    workflows: project.specs.length,
  };
}
