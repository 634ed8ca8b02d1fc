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
import type { ClarifaiApi } from '../clarifai/types.js';
import { plan } from '../plan/plan.js';
import { resolveDesired } from '../plan/resolve.js';
import type { DesiredState, Plan, PlanOptions } from '../plan/types.js';
import type { Project } from '../spec/project.js';
import { checkModelVersions } from './check-models.js';
import {
  connectEnvironment,
  preloadClient,
  type ConnectionOptions,
} from './connect-environment.js';
import { environmentNamed, loadProjectFor, place } from './project.js';
import { readLive, type LiveRead } from './read-live.js';

export interface PlanSelection {
  /** Only these workflow ids (empty: all). */
  ids?: string[];
  prune?: boolean;
  allowEmpty?: boolean;
  adopt?: string[];
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
}

export async function planEnvironment(request: PlanRequest): Promise<EnvironmentPlan> {
  preloadClient();
  const project = await loadProjectFor(request);
  if (hasErrors(project.diagnostics)) return stopped(project.diagnostics);
  const env = environmentNamed(project, request.env);
  const api = await connectEnvironment(project, env, request);
  try {
    return await planWithConnection(project, request.env, api, request);
  } finally {
    await api.close();
  }
}

/** Plans one environment of a loaded, valid project over an open connection. */
export async function planWithConnection(
  project: Project,
  envName: string,
  api: ClarifaiApi,
  selection: PlanSelection,
): Promise<EnvironmentPlan> {
  const resolved = resolveDesired({ config: project.config, specs: project.specs }, envName);
  const early = [...project.diagnostics, ...place(project, resolved.diagnostics)];
  if (hasErrors(early)) return stopped(early, resolved.desired);

  const ids = new Set(selection.ids ?? []);
  const inScope = (id: string) => ids.size === 0 || ids.has(id);
  const [live, missingModels] = await Promise.all([
    readLive(api, resolved.desired.workflows.length),
    checkModelVersions(api, resolved.desired, project.specs, inScope),
  ]);

  const options: PlanOptions = {
    prune: selection.prune ?? false,
    ids: [...ids],
    allow_empty: selection.allowEmpty ?? false,
    adopt: selection.adopt ?? [],
  };
  const result = plan(
    resolved.desired,
    { workflows: live.workflows, api_calls: api.callCount },
    options,
  );
  const diagnostics = [...early, ...placeAll(project, missingModels, result.diagnostics)];
  return { plan: result.plan, diagnostics, live, desired: resolved.desired };
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
  return { plan: null, diagnostics, live: null, desired };
}
