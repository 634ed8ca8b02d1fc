/**
 * The spec loader as plan and apply use it: load the project, place
 * diagnostics the core reports by JSON pointer, and tell config errors (which
 * stop everything) from spec errors (which a saved plan does not depend on).
 */
import { UserError } from '../../user-error.js';
import { relative } from 'node:path';
import type { Diagnostic, UnplacedDiagnostic } from '../../diagnostic.js';
import {
  loadProject,
  placeDiagnostics,
  type LoadProjectOptions,
  type Project,
} from '../../spec/project.js';
import type { Environment } from '../../spec/types.js';
import { nearest } from '../../spec/suggest.js';

export type { Project };

export async function loadProjectFor(
  opts: Pick<LoadProjectOptions, 'cwd' | 'config' | 'onSpecFiles' | 'onSpec' | 'saveCacheLater'>,
): Promise<Project> {
  // plan and apply run again and again over the same specs: reuse their parses.
  return loadProject({
    cwd: opts.cwd,
    cache: true,
    ...(opts.config ? { config: opts.config } : {}),
    ...(opts.onSpecFiles ? { onSpecFiles: opts.onSpecFiles } : {}),
    ...(opts.onSpec ? { onSpec: opts.onSpec } : {}),
    ...(opts.saveCacheLater ? { saveCacheLater: opts.saveCacheLater } : {}),
  });
}

export function place(project: Project, unplaced: readonly UnplacedDiagnostic[]): Diagnostic[] {
  return placeDiagnostics(project, unplaced);
}

/** Problems with vtr-wf.yaml itself (or no file at all): nothing can run without a config. */
export function configDiagnostics(project: Project, cwd: string): Diagnostic[] {
  const configFile = relative(cwd, project.config.file);
  return project.diagnostics.filter((d) => d.file === configFile || d.file === '');
}

/** The named environment, or a user-facing error listing the defined ones. */
export function environmentNamed(project: Project, name: string): Environment {
  const environments = project.config.environments;
  const env = Object.hasOwn(environments, name) ? environments[name] : undefined;
  if (env) return env;
  const known = Object.keys(environments);
  const match = nearest(name, known);
  throw new UserError(
    `unknown environment \`${name}\`; vtr-wf.yaml defines ${known.length ? known.join(', ') : 'none'}` +
      (match ? ` (did you mean \`${match}\`?)` : ''),
  );
}
