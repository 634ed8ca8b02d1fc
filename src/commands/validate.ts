/**
 * `validate`: load the project (config and specs, which runs every check) and
 * hand back what was found. Offline: nothing here loads gRPC.
 */
import { hasErrors, type Diagnostic } from '../diagnostic.js';
import { loadProject as loadProjectFiles, type Project } from '../spec/project.js';

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
  const project = await loadProjectFiles({
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

/** Where the library finds the project: like the CLI's --config, relative to cwd. */
export interface ProjectOptions {
  /** Directory relative paths resolve from (default: process.cwd()). */
  cwd?: string;
  /** Path of vtr-wf.yaml (default: `<cwd>/vtr-wf.yaml`). */
  config?: string;
}

/** The library's `loadProject`: vtr-wf.yaml and every spec, checked (`project.diagnostics`). */
export async function loadProject(
  options: ProjectOptions & { paths?: string[] } = {},
): Promise<Project> {
  return loadProjectFiles({
    cwd: options.cwd ?? process.cwd(),
    ...(options.config ? { config: options.config } : {}),
    ...(options.paths ? { paths: options.paths } : {}),
  });
}

/**
 * The library's `validate`: every problem in a loaded project (schema, graph,
 * roles, pins in every environment), positioned `file:line:col`. Loading
 * already ran the checks; this is the question "is it valid?" asked of the
 * result, with `--strict`'s meaning.
 */
export function validate(
  project: Project,
  options: { strict?: boolean } = {},
): { diagnostics: Diagnostic[]; ok: boolean } {
  return {
    diagnostics: project.diagnostics,
    ok: !hasErrors(project.diagnostics, options.strict ?? false),
  };
}
