/**
 * The `unlock` use case: remove a stale lease — the lock workflow a crashed or
 * killed `apply` left behind. A lease whose holder still runs on this host, or
 * that has not expired, is refused without `force` (apply/lease.ts says who
 * holds it). Returns what it did; never prints, never exits.
 */
import { hasErrors, type Diagnostic } from '../diagnostic.js';
import type { ConnectionOptions } from './shared/connect-environment.js';

export interface UnlockOptions extends ConnectionOptions {
  cwd: string;
  config?: string;
  env: string;
  force: boolean;
  /** The config's problems, as soon as they are found (warnings too). */
  onDiagnostics?: (diagnostics: Diagnostic[]) => void;
}

export type UnlockResult =
  | { removed: true; id: string; holder: string; expires_at: string }
  | { removed: false; id: string };

/** null: the config's errors (given to onDiagnostics) stopped it before any call. */
export async function unlock(options: UnlockOptions): Promise<UnlockResult | null> {
  const { cwd } = options;
  const { loadProjectFor, environmentNamed, configDiagnostics } =
    await import('./shared/project.js');
  const project = await loadProjectFor({
    cwd,
    ...(options.config ? { config: options.config } : {}),
  });
  const diagnostics = configDiagnostics(project, cwd);
  if (diagnostics.length > 0) options.onDiagnostics?.(diagnostics);
  if (hasErrors(diagnostics)) return null;
  const env = environmentNamed(project, options.env);
  const { connectEnvironment } = await import('./shared/connect-environment.js');
  const { removeLease, leaseId } = await import('../apply/lease.js');
  const api = await connectEnvironment(project, env, options);
  try {
    const removed = await removeLease(api, project.config.project, {
      envName: options.env,
      force: options.force,
    });
    return removed
      ? { removed: true, id: removed.id, holder: removed.holder, expires_at: removed.expires_at }
      : { removed: false, id: leaseId(project.config.project) };
  } finally {
    await api.close();
  }
}
