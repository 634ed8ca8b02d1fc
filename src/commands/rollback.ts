/**
 * `vtr-wf rollback -e ENV ID [--to VERSION_ID | --from-backup FILE]`: a
 * normal Plan — one `update` — that restores an earlier version's nodes,
 * description, metadata and visibility. A workflow version carries no notes,
 * use_cases, check_consents or image, so those keep their live values, and
 * the plan says so. It writes nothing: `apply FILE` applies it, with the
 * fingerprint check, the lease and the backups of every plan.
 *
 * Default target: the newest version older than the live one, skipping every
 * version a later rollback rolled away from (`rolled_back_from` in the mark)
 * and every version with the live content, so a second rollback goes further
 * back instead of flipping back and forth.
 */
import { resolve } from 'node:path';
import type { ApiWorkflow } from '../clarifai/types.js';
import { isJsonObject, type JsonObject } from '../json.js';
import { canonicaliseLive } from '../plan/canonical-live.js';
import { diffWorkflows, liveAsCompared, sortDiffs } from '../plan/diff.js';
import { parseMark } from '../plan/mark.js';
import { normaliseLive } from '../plan/normalise.js';
import {
  GETTABLE,
  PLAN_FORMAT_VERSION,
  MARK_KEY,
  type Visibility,
  type Diff,
  type LiveWorkflow,
  type Plan,
  type PlanChange,
} from '../plan/types.js';
import { resolveRevision } from './shared/revision.js';
import { readText } from '../spec/read-text.js';
import { stableJson } from '../plan/stable-json.js';
import { CommandError, openEnvironment, type EnvironmentOptions } from './environment.js';
import { sortVersions, type VersionView } from './version-history.js';

export interface RollbackOptions extends EnvironmentOptions {
  id: string;
  /** The version to restore (default: see above). */
  to?: string;
  /** A backup file apply wrote (`.vtr-wf/backups/ENV/ID.*.json`): restore it instead of a version. */
  fromBackup?: string;
  /** Source revision for the mark (else VTR_WF_REVISION, GITHUB_SHA, git HEAD). */
  revision?: string;
}

/** What a workflow version does not carry: the rollback keeps the live values. */
export const KEPT_ON_ROLLBACK = ['notes', 'use_cases', 'check_consents', 'image'] as const;

/** Backups are whole workflows as read; a bound keeps a wrong path from eating memory. */
const MAX_BACKUP_BYTES = 64 * 1024 * 1024;

export async function rollback(options: RollbackOptions): Promise<Plan> {
  if (options.to !== undefined && options.fromBackup !== undefined)
    throw new CommandError('give either --to VERSION_ID or --from-backup FILE, not both');
  // The backup is read before any call: a bad file must cost no connection.
  const backup = options.fromBackup
    ? fromBackup(resolve(options.cwd, options.fromBackup), options.id)
    : undefined;
  const { project, api, where } = await openEnvironment(options);
  try {
    const liveApi = await api.getWorkflow(options.id);
    if (!liveApi) throw new CommandError(`workflow \`${options.id}\` does not exist in ${where}`);
    const live = normaliseLive(liveApi);
    checkOwnership(live, project.config.project, options.id, where, options.env);
    const target =
      backup ??
      (await fromVersions(options, live, await api.listWorkflowVersions(options.id), where));
    const revision = await resolveRevision(options.revision, project.config.dir);
    const change = restoreChange(
      live,
      visibilityOf(liveApi),
      target,
      options.id,
      project.config.project,
    );
    return {
      format_version: PLAN_FORMAT_VERSION,
      environment: options.env,
      user_id: project.config.environments[options.env]?.user_id ?? '',
      app_id: project.config.environments[options.env]?.app_id ?? '',
      project: project.config.project,
      summary: { create: 0, update: 1, delete: 0, rename: 0, unchanged: 0 },
      changes: [change],
      unmanaged: [],
      foreign: [],
      fingerprints: { [options.id]: live.fingerprint },
      versions: live.version ? { [options.id]: live.version } : {},
      ...(revision ? { revision } : {}),
      api_calls: api.callCount,
    };
  } finally {
    await api.close();
  }
}

interface Target {
  /** A version id, or `backup <file>`. */
  label: string;
  workflow: VersionView['workflow'];
  metadata: JsonObject;
  visibility: number | null;
}

function checkOwnership(
  live: LiveWorkflow,
  project: string,
  id: string,
  where: string,
  env: string,
): void {
  if (live.mark === null) {
    throw new CommandError(
      `workflow \`${id}\` in ${where} has no vtr-wf mark; vtr-wf rolls back only workflows it manages ` +
        `(adopt it first: vtr-wf export -e ${env} ${id} --out workflows/ then vtr-wf apply -e ${env} --adopt ${id})`,
    );
  }
  if (live.mark.project !== project) {
    throw new CommandError(
      `workflow \`${id}\` in ${where} is managed by project \`${live.mark.project}\`; this project will not touch it`,
    );
  }
}

async function fromVersions(
  options: RollbackOptions,
  live: LiveWorkflow,
  listed: Parameters<typeof sortVersions>[0],
  where: string,
): Promise<Target> {
  const versions = sortVersions(listed, options.id, live.version);
  const history = `see \`vtr-wf history -e ${options.env} ${options.id}\``;
  let chosen: VersionView | undefined;
  if (options.to !== undefined) {
    chosen = versions.find((v) => v.id === options.to);
    if (!chosen)
      throw new CommandError(
        `\`${options.to}\` is not a version of workflow \`${options.id}\` in ${where} (${history})`,
      );
    if (chosen.live)
      throw new CommandError(
        `version ${chosen.id} is the live version of \`${options.id}\`: nothing to roll back to`,
      );
  } else {
    chosen = defaultTarget(versions);
    if (!chosen)
      throw new CommandError(
        `workflow \`${options.id}\` in ${where} has no earlier version to roll back to (${history}; ` +
          `for one whose versions were deleted, use --from-backup FILE)`,
      );
  }
  if (chosen.deprecated) {
    throw new CommandError(
      `version ${chosen.id} of \`${options.id}\` is deprecated (a model version it uses was deleted); ` +
        `it cannot be restored — pick another with --to (${history})`,
    );
  }
  return {
    label: chosen.id,
    workflow: chosen.workflow,
    metadata: chosen.metadata,
    visibility: chosen.visibility,
  };
}

/** Newest first after the live one; skips what later rollbacks rolled away from, and the live content. */
export function defaultTarget(versions: readonly VersionView[]): VersionView | undefined {
  const live = versions.find((v) => v.live);
  if (!live) return undefined;
  const skipped = new Set<string>();
  const liveContent = contentKey(live);
  let seenLive = false;
  for (const v of versions) {
    if (v.mark?.rolled_back_from) skipped.add(v.mark.rolled_back_from);
    if (v === live) {
      seenLive = true;
      continue;
    }
    if (!seenLive || skipped.has(v.id) || contentKey(v) === liveContent) continue;
    return v;
  }
  return undefined;
}

function contentKey(v: VersionView): string {
  const { [MARK_KEY]: _mark, ...metadata } = v.metadata;
  return stableJson({ workflow: v.workflow, metadata, visibility: v.visibility });
}

function fromBackup(file: string, id: string): Target {
  const read = readText(file, `the backup ${file}`, 'backup', MAX_BACKUP_BYTES);
  if (!read.ok) throw new CommandError(read.message);
  let data: unknown;
  try {
    data = JSON.parse(read.text);
  } catch (e) {
    throw new CommandError(`${file} is not a vtr-wf backup (not JSON: ${(e as Error).message})`);
  }
  if (!isJsonObject(data) || typeof data.id !== 'string' || !Array.isArray(data.nodes))
    throw new CommandError(`${file} is not a vtr-wf backup (no workflow id and nodes)`);
  if (data.id !== id)
    throw new CommandError(`${file} is a backup of \`${data.id}\`, not of \`${id}\``);
  const api = data as unknown as ApiWorkflow;
  return {
    label: `backup ${file}`,
    workflow: canonicaliseLive(api),
    metadata: isJsonObject(api.metadata) ? api.metadata : {},
    visibility: visibilityOf(api),
  };
}

function restoreChange(
  live: LiveWorkflow,
  liveVisibility: number,
  target: Target,
  id: string,
  project: string,
): PlanChange {
  // Live fields a version does not carry stay; what it does carry is restored. Metadata and
  // visibility are restored below, as the change's own: left in the workflow, the live ones
  // would be laid over them when the body is built, and the write would restore neither.
  const { metadata: _liveDeclared, visibility: _liveVisibility, ...liveRest } = live.workflow;
  const workflow = {
    ...liveRest,
    description: target.workflow.description,
    nodes: target.workflow.nodes,
  };
  const { [MARK_KEY]: _oldMark, ...restoredMetadata } = target.metadata;
  const diffs: Diff[] = diffWorkflows(workflow, live.workflow);
  const { [MARK_KEY]: _liveMark, ...liveMetadata } = live.metadata;
  if (stableJson(restoredMetadata) !== stableJson(liveMetadata))
    diffs.push({ path: '/metadata', before: liveMetadata, after: restoredMetadata });
  const visibility = target.visibility ?? DEFAULT_VISIBILITY;
  if (visibility !== liveVisibility)
    diffs.push({
      path: '/visibility',
      before: visibilityName(liveVisibility),
      after: visibilityName(visibility),
    });
  if (diffs.length === 0) {
    throw new CommandError(
      `${target.label.startsWith('backup') ? 'the backup' : `version ${target.label}`} has the same nodes, description, metadata and visibility as live \`${id}\`: nothing to roll back`,
    );
  }
  return {
    action: 'update',
    id,
    diffs: sortDiffs(diffs),
    workflow,
    metadata: restoredMetadata,
    before: liveAsCompared(workflow, live.workflow),
    // Live fields vtr-wf does not model (use_cases, check_consents, image, …) are written back as they are.
    ...(live.kept ? { kept: live.kept } : {}),
    rollback: {
      to_version: target.label,
      from_version: live.version ?? '',
      kept: [...KEPT_ON_ROLLBACK],
      visibility,
      ...restoredMark(target.metadata, project),
    },
  };
}

/** The restored version's spec hash and revision, when this project's mark is on it. */
function restoredMark(
  metadata: JsonObject,
  project: string,
): { spec_hash?: string; revision?: string } {
  const mark = parseMark(metadata);
  if (!mark || mark.project !== project || !/^[0-9a-f]{64}$/.test(mark.spec_hash)) return {};
  return { spec_hash: mark.spec_hash, ...(mark.revision ? { revision: mark.revision } : {}) };
}

/** As a spec names it (and every other plan shows it); a value specs cannot name stays a number. */
function visibilityName(gettable: number): string | number {
  const name = (Object.keys(GETTABLE) as Visibility[]).find((v) => GETTABLE[v] === gettable);
  return name ?? gettable;
}

/** Visibility.Gettable PRIVATE: what an unset visibility means for a workflow. */
const DEFAULT_VISIBILITY = 10;

function visibilityOf(api: ApiWorkflow): number {
  const gettable = (api.visibility as { gettable?: unknown } | undefined)?.gettable;
  return typeof gettable === 'number' && gettable !== 0 ? gettable : DEFAULT_VISIBILITY;
}
