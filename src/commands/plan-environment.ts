/**
 * The library's `plan`: specs + the live app → one Plan per environment.
 *
 *   load project ──(errors? stop: nothing is read)──► resolve desired
 *        └─► connect ─► ListWorkflows (all pages) ┐
 *                     ─► GetModelVersion (each distinct pin once) ┴─► plan()
 *
 * Diagnostics come back placed (file:line:col); the caller decides how to
 * show them. The connection is the caller's when it passes one (apply reuses
 * it to write), otherwise opened and closed here.
 */
import { hasErrors, type Diagnostic, type UnplacedDiagnostic } from '../diagnostic.js';
import { leaseId, leaseInfo, leaseStatus } from '../apply/lease.js';
import type { ApiWorkflow, ClarifaiApi } from '../clarifai/types.js';
import { plan } from '../plan/plan.js';
import { resolveDesired } from '../plan/resolve.js';
import type { DesiredState, Plan, PlanOptions } from '../plan/types.js';
import type { Project } from '../spec/project.js';
import {
  checkModelVersions,
  modelVersionLookups,
  type ModelVersionLookups,
} from './shared/check-models.js';
import { pinnedModel } from '../plan/resolve.js';
import {
  connectEnvironment,
  preloadClient,
  type ConnectionOptions,
} from './shared/connect-environment.js';
import { environmentNamed, loadProjectFor, place } from './shared/project.js';
import { readLive, type LiveRead } from './shared/read-live.js';
import { phase } from '../phases.js';
import type { ConnectedApi } from '../clarifai/connect.js';
import type { Config, WorkflowSpec } from '../spec/types.js';
import { resolveRevision } from './shared/revision.js';

export interface PlanSelection {
  /** Only these workflow ids (empty: all). */
  ids?: string[];
  prune?: boolean;
  allowEmpty?: boolean;
  adopt?: string[];
  /** `--revision`: the source revision for the mark (else VTR_WF_REVISION, GITHUB_SHA, git HEAD). */
  revision?: string;
}

export interface PlanRequest extends PlanSelection, ConnectionOptions {
  cwd: string;
  config?: string;
  env: string;
}

export interface EnvironmentPlan {
  /** null when diagnostics stopped the run before a plan could be made. */
  plan: Plan | null;
  /** Every problem found (loader, resolve, model checks, plan), placed and sorted by the caller. */
  diagnostics: Diagnostic[];
  live: LiveRead | null;
  desired: DesiredState | null;
  /** For people (stderr in the CLI): e.g. a stale lease left by a run that did not finish. */
  notes: string[];
}

export async function planEnvironment(request: PlanRequest): Promise<EnvironmentPlan> {
  const { result, api, saveSpecCache } = await planEnvironmentOpen(request);
  await Promise.all([api?.close(), saveSpecCache()]);
  return result;
}

/** A plan, and the connection it was read over, still open: apply writes over it. */
export interface OpenEnvironmentPlan {
  project: Project;
  result: EnvironmentPlan;
  /** null when the project's diagnostics stopped the run before connecting. The caller closes it. */
  api: ConnectedApi | null;
  /**
   * Writes the parsed-spec cache (spec-cache.ts), once, however often called; never
   * rejects. Left to the caller, to run while its thread has nothing else to do: apply
   * runs it while the read confirming its writes is awaited.
   */
  saveSpecCache: () => Promise<void>;
}

/**
 * planEnvironment, leaving the connection open for the caller (apply): the
 * connection and the live read start while the specs load, for apply as for plan.
 */
export async function planEnvironmentOpen(request: PlanRequest): Promise<OpenEnvironmentPlan> {
  preloadClient();
  let early: EarlyRead | undefined;
  let pendingSave: (() => Promise<void>) | undefined;
  let saving: Promise<void> | undefined;
  const saveSpecCache = () =>
    (saving ??= (pendingSave?.() ?? Promise.resolve()).catch(() => undefined));
  const specsDone = phase('specs');
  const project = await loadProjectFor({
    ...request,
    // The connection and the live read start before the first spec file is read.
    onSpecFiles: (found) => (early = startEarlyRead(found, request)),
    // The versions each spec pins are looked up as it loads, not after the last one.
    onSpec: (spec) => early?.lookUpPins(spec),
    // Written by the caller, off the path from the specs to the plan (1000 changed: ~20 ms).
    saveCacheLater: (save) => (pendingSave = save),
  });
  specsDone();
  if (hasErrors(project.diagnostics)) {
    await early?.abandon();
    return { project, result: stopped(project.diagnostics), api: null, saveSpecCache };
  }
  let api: ConnectedApi;
  try {
    const env = environmentNamed(project, request.env);
    api = early ? await early.connected() : await connectEnvironment(project, env, request);
  } catch (e) {
    await early?.abandon();
    throw e;
  }
  try {
    const result = await planWithConnection(project, request.env, api, request, early);
    return { project, result, api, saveSpecCache };
  } catch (e) {
    await api.close();
    throw e;
  }
}

/** A connection and live read started while the specs load; nothing of it is shown until used. */
interface EarlyRead {
  /** The connection; its warnings and verbose lines, held back until now, are logged. */
  connected(): Promise<ConnectedApi>;
  live: Promise<LiveRead>;
  /** The source revision for the mark: git, when asked, runs while the specs load too. */
  revision: Promise<string | undefined>;
  /** Model version lookups over this connection, shared with checkModelVersions. */
  lookups: ModelVersionLookups;
  /** Starts the lookups of the versions a spec's nodes pin in this environment. */
  lookUpPins(spec: WorkflowSpec): void;
  /** The specs had errors: close quietly, whatever state the read is in. */
  abandon(): Promise<void>;
}

/**
 * Only for a remote environment of a config without errors: the in-process
 * emulator needs the specs' models to start, and a broken config connects to
 * nothing. A failure here surfaces exactly where the late path would have
 * raised it (connected(), or the live read in planWithConnection) — and not
 * at all when the specs' own errors stop the plan first.
 */
function startEarlyRead(
  found: { config: Config; configOk: boolean; files: number },
  request: PlanRequest,
): EarlyRead | undefined {
  const { config, configOk, files } = found;
  const env = Object.hasOwn(config.environments, request.env)
    ? config.environments[request.env]
    : undefined;
  if (!configOk || !env || env.kind !== 'remote') return undefined;
  const held: string[] = [];
  let log: ((line: string) => void) | undefined = (line) => held.push(line);
  const options: ConnectionOptions = {
    ...(request.verbose ? { verbose: true } : {}),
    ...(request.log ? { log: (line: string) => (log ? log(line) : request.log?.(line)) } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
    ...(request.timeout !== undefined ? { timeout: request.timeout } : {}),
  };
  const connectDone = phase('connect');
  const api = connectEnvironment({ config, specs: [] }, env, options);
  void api.then(connectDone, () => undefined);
  const live = api.then((a) => readLive(a, files));
  live.catch(() => undefined); // seen where it is awaited, or not at all
  const revision = resolveRevision(request.revision, config.dir);
  const lookups = modelVersionLookups(api);
  const ids = new Set(request.ids ?? []);
  // Catalog aliases already looked up: 1000 specs name the same few, resolved once each.
  const aliasesSeen = new Set<string>();
  return {
    revision,
    lookups,
    lookUpPins(spec) {
      // Only what the plan will check: in scope, and pinned (else resolving reports it).
      if (ids.size > 0 && !ids.has(spec.id)) return;
      for (const node of Array.isArray(spec.nodes) ? spec.nodes : []) {
        if (typeof node?.model === 'string') {
          if (aliasesSeen.has(node.model)) continue;
          aliasesSeen.add(node.model);
        }
        let model;
        try {
          model = pinnedModel(config, request.env, node);
        } catch {
          continue; // a node too broken to resolve: the spec's own diagnostics say why
        }
        if (model) void lookups(model);
      }
    },
    async connected() {
      const connected = await api;
      for (const line of held) request.log?.(line);
      log = undefined;
      return connected;
    },
    live,
    async abandon() {
      log = () => undefined;
      try {
        await (await api).close();
      } catch {
        // It never connected: nothing to close.
      }
    },
  };
}

/** Plans one environment of a loaded, valid project over an open connection. */
export async function planWithConnection(
  project: Project,
  envName: string,
  api: ClarifaiApi,
  selection: PlanSelection,
  /** The live read, the revision and the model lookups, when the caller started them early (planEnvironment). */
  started?: Pick<EarlyRead, 'live' | 'revision' | 'lookups'>,
): Promise<EnvironmentPlan> {
  const resolved = resolveDesired({ config: project.config, specs: project.specs }, envName);
  const early = [...project.diagnostics, ...place(project, resolved.diagnostics)];
  if (hasErrors(early)) return stopped(early, resolved.desired);

  const ids = new Set(selection.ids ?? []);
  const inScope = (id: string) => ids.size === 0 || ids.has(id);
  const reading = started?.live ?? readLive(api, resolved.desired.workflows.length);
  const checking = checkModelVersions(
    api,
    resolved.desired,
    project.specs,
    inScope,
    started?.lookups,
  );
  const revising = started?.revision ?? resolveRevision(selection.revision, project.config.dir);
  // All three run at once; when more than one fails, the live read's failure is the one told
  // (the model lookups, started while the specs loaded, may fail first against a hung server).
  checking.catch(() => undefined);
  revising.catch(() => undefined);
  const live = await reading;
  const missingModels = await checking;
  const revision = await revising;

  const options: PlanOptions = {
    prune: selection.prune ?? false,
    ids: [...ids],
    allow_empty: selection.allowEmpty ?? false,
    adopt: selection.adopt ?? [],
    ...(revision ? { revision } : {}),
  };
  const diffDone = phase('diff');
  const result = plan(
    resolved.desired,
    { workflows: live.workflows, api_calls: api.callCount },
    options,
  );
  diffDone();
  const diagnostics = [...early, ...placeAll(project, missingModels, result.diagnostics)];
  const notes = staleLeaseNotes(live.leases, project.config.project, envName);
  return { plan: result.plan, diagnostics, live, desired: resolved.desired, notes };
}

export interface AllEnvironmentsPlan {
  /** By environment name, in the config's order. */
  environments: Record<string, EnvironmentPlan>;
  /** Problems with the project itself (then no environment was planned). */
  diagnostics: Diagnostic[];
}

/** `plan --all-envs`: every environment, one after another, each over its own connection. */
export async function planAllEnvironments(
  request: Omit<PlanRequest, 'env'>,
): Promise<AllEnvironmentsPlan> {
  preloadClient();
  const project = await loadProjectFor(request);
  if (hasErrors(project.diagnostics)) return { environments: {}, diagnostics: project.diagnostics };
  const environments: Record<string, EnvironmentPlan> = {};
  for (const [name, env] of Object.entries(project.config.environments)) {
    const api = await connectEnvironment(project, env, request);
    try {
      environments[name] = await planWithConnection(project, name, api, request);
    } finally {
      await api.close();
    }
  }
  return { environments, diagnostics: project.diagnostics };
}

function placeAll(project: Project, ...groups: readonly UnplacedDiagnostic[][]): Diagnostic[] {
  return place(project, groups.flat());
}

function stopped(diagnostics: Diagnostic[], desired: DesiredState | null = null): EnvironmentPlan {
  return { plan: null, diagnostics, live: null, desired, notes: [] };
}

/** This project's lease, when a run that did not finish left it: the next apply would be refused. */
function staleLeaseNotes(
  leases: readonly ApiWorkflow[],
  project: string,
  envName: string,
): string[] {
  const mine = leases.find((w) => w.id === leaseId(project));
  if (!mine) return [];
  const info = leaseInfo(mine);
  const status = leaseStatus(info, new Date());
  if (!status.stale) return [];
  return [
    `a stale lease \`${info.id}\` is left by ${info.holder} (${status.reason}); apply will refuse until it is removed with \`vtr-wf unlock -e ${envName}\``,
  ];
}
