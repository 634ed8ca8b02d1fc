/**
 * What the version commands (history, rollback, versions prune) share: load
 * the project (only config errors stop them — they do not read specs), pick
 * the environment and open its connection; and their user-facing errors.
 */
import type { ConnectedApi } from '../clarifai/connect.js';
import type { Diagnostic } from '../diagnostic.js';
import { connectEnvironment, type ConnectionOptions } from './shared/connect-environment.js';
import {
  configDiagnostics,
  environmentNamed,
  loadProjectFor,
  type Project,
} from './shared/project.js';
import type { Environment } from '../spec/types.js';
import { UserError } from '../user-error.js';

export interface EnvironmentOptions extends ConnectionOptions {
  cwd: string;
  config?: string;
  env: string;
}

/** A refusal the user can act on: a UserError, so the CLI prints the message as is (exit 1). */
export class CommandError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'CommandError';
  }
}

/** vtr-wf.yaml itself is broken: nothing can run. Carries the diagnostics whole. */
export class ConfigError extends UserError {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(
      diagnostics
        .map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`)
        .join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export interface OpenEnvironment {
  project: Project;
  env: Environment;
  api: ConnectedApi;
  /** `user/app (env)` for messages. */
  where: string;
}

export async function openEnvironment(options: EnvironmentOptions): Promise<OpenEnvironment> {
  const project = await loadProjectFor(options);
  const broken = configDiagnostics(project, options.cwd).filter((d) => d.severity === 'error');
  if (broken.length > 0) throw new ConfigError(broken);
  const env = environmentNamed(project, options.env);
  const api = await connectEnvironment(project, env, {
    ...(options.verbose ? { verbose: true } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
  });
  return { project, env, api, where: `${options.env} (${env.user_id}/${env.app_id})` };
}
