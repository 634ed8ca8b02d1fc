/**
 * `vtr-wf history -e ENV ID`: a workflow's versions, newest first — which is
 * live, whether vtr-wf made it (this project's mark) and from which spec hash
 * and revision, and what changed from the version before. Reads only.
 */
import { CommandError, openEnvironment, type EnvironmentOptions } from './environment.js';
import { changesBetween, sortVersions, type VersionView } from './version-history.js';

export interface HistoryOptions extends EnvironmentOptions {
  id: string;
}

export interface HistoryVersion {
  id: string;
  created_at: string;
  /** Exactly one version is live. */
  live: boolean;
  /** Its metadata carries this project's mark. */
  managed: boolean;
  spec_hash?: string;
  revision?: string;
  /** The version it was rolled back from, when a rollback made it. */
  rolled_back_from?: string;
  deprecated?: boolean;
  /** What changed from the version before (absent on the oldest). */
  changes?: string[];
}

export interface HistoryResult {
  format_version: 1;
  environment: string;
  workflow: string;
  versions: HistoryVersion[];
}

export async function history(options: HistoryOptions): Promise<HistoryResult> {
  const { project, api, where } = await openEnvironment(options);
  try {
    const live = await api.getWorkflow(options.id);
    if (!live) throw new CommandError(`workflow \`${options.id}\` does not exist in ${where}`);
    const versions = sortVersions(
      await api.listWorkflowVersions(options.id),
      options.id,
      live.version?.id ?? null,
    );
    return {
      format_version: 1,
      environment: options.env,
      workflow: options.id,
      versions: versions.map((v, i) => entry(v, versions[i + 1], project.config.project)),
    };
  } finally {
    await api.close();
  }
}

function entry(v: VersionView, older: VersionView | undefined, project: string): HistoryVersion {
  const managed = v.mark?.project === project;
  const out: HistoryVersion = { id: v.id, created_at: v.created_at, live: v.live, managed };
  if (v.mark?.spec_hash) out.spec_hash = v.mark.spec_hash;
  if (v.mark?.revision) out.revision = v.mark.revision;
  if (v.mark?.rolled_back_from) out.rolled_back_from = v.mark.rolled_back_from;
  if (v.deprecated) out.deprecated = true;
  if (older) out.changes = changesBetween(v, older);
  return out;
}
