/**
 * A fleet of workflows for the stress tests: a project folder whose `test`
 * environment points at an in-process emulator over loopback, specs in two
 * generations (v1 to seed the app, v2 whose plan mixes creates, updates and
 * deletes), foreign workflows nobody may touch, and the library's own plan
 * and apply path with a client tuned so faults cost milliseconds, not minutes.
 */
import { connect, type ConnectedApi } from '../../../src/clarifai/connect.js';
import type { ApiWorkflow } from '../../../src/clarifai/types.js';
import type { RunningEmulator } from '../../../src/emulator/server.js';
import { applyPlan, type ApplyResult } from '../../../src/commands/apply-plan.js';
import { planWithConnection } from '../../../src/commands/plan-environment.js';
import {
  environmentNamed,
  loadProjectFor,
  type Project,
} from '../../../src/commands/shared/project.js';
import type { Plan } from '../../../src/plan/types.js';
import {
  handMadeWorkflow,
  makeProject,
  specYaml,
  TEST_PAT,
  TEST_PAT_ENV,
  vtrNodes,
  writeSpecs,
  type NodeSpecInput,
} from '../../helpers/cli.js';

export const idOf = (i: number) => `wf${String(i).padStart(4, '0')}`;

/** How v2 changes v1: kept as is, updated (three kinds), deleted, created. */
export interface FleetShape {
  unchanged: number;
  updated: number;
  deleted: number;
  created: number;
}

/** 150 updates + 100 deletes + 250 creates = 500 planned changes. */
export const FLEET_500: FleetShape = { unchanged: 150, updated: 150, deleted: 100, created: 250 };

export function plannedChanges(shape: FleetShape): number {
  return shape.updated + shape.deleted + shape.created;
}

/** Three kinds of update: a new description, params on a node, a node removed. */
function updatedSpec(id: string, i: number): string {
  switch (i % 3) {
    case 0:
      return specYaml(id, vtrNodes(), `updated ${i}`);
    case 1: {
      const nodes: NodeSpecInput[] = vtrNodes();
      (nodes[2] as NodeSpecInput).params = { min_value: (i % 10) / 10, max_concepts: i };
      return specYaml(id, nodes);
    }
    default:
      return specYaml(id, vtrNodes().slice(0, 2));
  }
}

export function specsV1(shape: FleetShape): Record<string, string> {
  const total = shape.unchanged + shape.updated + shape.deleted;
  return Object.fromEntries(
    Array.from({ length: total }, (_, i) => [`v1/${idOf(i)}.yaml`, specYaml(idOf(i))]),
  );
}

export function specsV2(shape: FleetShape): Record<string, string> {
  const specs: Record<string, string> = {};
  let i = 0;
  for (; i < shape.unchanged; i++) specs[`v1/${idOf(i)}.yaml`] = specYaml(idOf(i));
  for (const end = i + shape.updated; i < end; i++)
    specs[`v1/${idOf(i)}.yaml`] = updatedSpec(idOf(i), i);
  i += shape.deleted;
  // New ones, several to a file: the loader reads multi-document files too.
  for (const end = i + shape.created; i < end; i += 5) {
    const docs = [];
    for (let k = i; k < Math.min(end, i + 5); k++) docs.push(specYaml(idOf(k)));
    specs[`v2/batch-${idOf(i)}.yaml`] = docs.join('---\n');
  }
  return specs;
}

/** Workflows this project must never touch: hand-made ones, and another project's. */
export function foreignWorkflows(count: number): ApiWorkflow[] {
  return Array.from({ length: count }, (_, i) =>
    i % 2 === 0
      ? handMadeWorkflow(`hand-made-${i}`, { owner: 'someone else' })
      : handMadeWorkflow(`other-project-${i}`, {
          'vtr-wf': { project: 'other-project', spec_hash: `h${i}` },
        }),
  );
}

export interface Fleet {
  dir: string;
  appId: string;
  project: Project;
}

export async function makeFleet(emulator: RunningEmulator, appId: string): Promise<Fleet> {
  const dir = await makeProject({ endpoint: emulator.address, appId, project: 'stress' });
  return { dir, appId, project: await loadProjectFor({ cwd: dir }) };
}

/** Replaces the specs and reloads the project (which must be valid). */
export async function useSpecs(fleet: Fleet, specs: Record<string, string>): Promise<void> {
  await writeSpecs(fleet.dir, specs);
  fleet.project = await loadProjectFor({ cwd: fleet.dir });
  const errors = fleet.project.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`invalid specs: ${JSON.stringify(errors.slice(0, 3))}`);
}

/** Client settings for faults at test speed: short deadlines, millisecond backoffs. */
export const FAST_CLIENT = {
  deadlineMs: 400,
  listDeadlineMs: 3000,
  retry: {
    maxAttempts: 6,
    baseDelayMs: 5,
    maxDelayMs: 60,
    throttleBaseDelayMs: 10,
    throttleMaxDelayMs: 120,
    maxTotalMs: 10_000,
  },
} as const;

/** Our client to the fleet's app, as `apply -e test` builds it (but fast). */
export async function connectFleet(fleet: Fleet, fast = true): Promise<ConnectedApi> {
  process.env[TEST_PAT_ENV] = TEST_PAT;
  return connect(environmentNamed(fleet.project, 'test'), {
    ratePerSecond: 0,
    ...(fast ? FAST_CLIENT : {}),
  });
}

/** `plan -e test --prune` over an open connection; throws on any diagnostic error. */
export async function planFleet(
  fleet: Fleet,
  api: ConnectedApi,
): Promise<{ plan: Plan; live: Map<string, ApiWorkflow> }> {
  const result = await planWithConnection(fleet.project, 'test', api, { prune: true });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (!result.plan || !result.live || errors.length > 0)
    throw new Error(`plan failed: ${JSON.stringify(errors.slice(0, 3))}`);
  return { plan: result.plan, live: result.live.raw };
}

export interface ApplyRun {
  result?: ApplyResult;
  /** What applyPlan threw, if it did (then nothing may have been written). */
  error?: Error;
  /** Lines apply logged (warnings after a failed lease release land here). */
  log: string[];
}

/** `apply -e test --prune --auto-approve`, right after its plan (the plan's read is fresh). */
export async function applyFleet(
  fleet: Fleet,
  api: ConnectedApi,
  plan: Plan,
  freshLive?: ReadonlyMap<string, ApiWorkflow>,
  tuning: { batchSize?: number; concurrency?: number } = {},
): Promise<ApplyRun> {
  const log: string[] = [];
  try {
    const result = await applyPlan({
      config: fleet.project.config,
      plan,
      api,
      lock: true,
      log: (line) => log.push(line),
      ...(freshLive ? { freshLive } : {}),
      ...tuning,
    });
    return { result, log };
  } catch (e) {
    return { error: e as Error, log };
  }
}

/** Every workflow of the app as a healthy client reads it, by id (ids must be unique). */
export async function readApp(api: ConnectedApi): Promise<Map<string, ApiWorkflow>> {
  const list = await api.listWorkflows();
  const byId = new Map(list.map((w) => [w.id, w]));
  if (byId.size !== list.length) {
    const seen = new Set<string>();
    const dupes = list.filter((w) => (seen.has(w.id) ? true : (seen.add(w.id), false)));
    throw new Error(`the app lists some ids twice: ${dupes.map((w) => w.id).join(', ')}`);
  }
  return byId;
}
