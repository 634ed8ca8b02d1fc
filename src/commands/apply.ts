/**
 * The `apply` use case: plan (or read a saved plan), let the caller review it,
 * apply it, and — with `test` — run the tests of what it created or updated.
 * Returns what happened; never prints, never exits. The CLI (cli/commands/apply.ts)
 * parses flags, prints through render/ and picks the exit code.
 *
 * Two hooks keep the order a person sees: `onDiagnostics` as soon as a stage
 * finds problems (warnings are shown even when a later step throws, as before),
 * and `review` with the plan before anything is written (the CLI prints it and
 * may ask). The order of checks, the lease and the writes live in apply-plan.ts.
 */
import { appliedForTests, type AppliedTests } from '../apply/applied-for-tests.js';
import { planTargetMismatch } from '../apply/plan-file.js';
import type { Report } from '../apply/types.js';
import type { ApiWorkflow } from '../clarifai/types.js';
import { hasErrors, type Diagnostic } from '../diagnostic.js';
import type { Plan } from '../plan/types.js';
import type { TestReport } from '../run/types.js';
import { UserError } from '../user-error.js';
import type { ApplyResult } from './apply-plan.js';
import type { ConnectionOptions } from './shared/connect-environment.js';
import type { Project } from './shared/project.js';
import type { ConnectedApi } from '../clarifai/connect.js';

export interface ApplyOptions extends ConnectionOptions {
  cwd: string;
  config?: string;
  /** The environment (required without a plan file; must match it with one). */
  env?: string;
  /** A plan saved by `plan --out`: applied exactly, today's specs are not read. */
  planFile?: string;
  /** Workflow ids to limit a fresh plan to (empty: all). */
  ids?: string[];
  prune?: boolean;
  allowEmpty?: boolean;
  adopt?: string[];
  revision?: string;
  /** false: --no-lock. */
  lock: boolean;
  /** Progress notes (stderr in the CLI, on a terminal or with --verbose). */
  note?: (line: string) => void;
  onProgress?: (settled: number, total: number) => void;
  /** Problems found by a stage, as soon as it finds them (warnings too). */
  onDiagnostics?: (diagnostics: Diagnostic[]) => void;
  /** `--test`: once applied, run the tests of what was created or updated, over the same connection. */
  test?: boolean;
  /**
   * The apply's result as soon as it is known, before `--test`'s tests run
   * (the CLI shows the report first). Called for every completed apply.
   */
  onApplied?: (applied: ApplyResult) => void | Promise<void>;
  /**
   * The plan, before anything is written. `approved` goes on; a person who took
   * their time makes the plan's read stale, so it is re-read under the lease.
   * Without a hook, the plan is applied as made.
   */
  review?: (plan: Plan) => Promise<'approved' | 'approved-now' | 'declined' | 'interrupted'>;
}

/** `apply --test`: what was selected, the report (null when none ran) and why it could not run. */
export interface ApplyTests {
  selected: AppliedTests;
  report: TestReport | null;
  /** A UserError's message when the tests could not run (the apply stands). */
  error?: string;
}

export type ApplyOutcome =
  /** Diagnostics (given to onDiagnostics) stopped it before any write. */
  | { status: 'invalid' }
  /** The reviewer said no, or a signal came while asking: nothing was written. */
  | { status: 'declined'; plan: Plan }
  | { status: 'interrupted'; plan: Plan }
  | ({
      status: 'applied';
      plan: Plan;
      environment: string;
      /** With `test`: the tests of what the apply created or updated. */
      tests?: ApplyTests;
    } & ApplyResult);

export async function applyEnvironment(options: ApplyOptions): Promise<ApplyOutcome> {
  const stops = (diagnostics: Diagnostic[]): boolean => {
    if (diagnostics.length > 0) options.onDiagnostics?.(diagnostics);
    return hasErrors(diagnostics);
  };

  const opened =
    options.planFile !== undefined
      ? await openSavedPlan(options, options.planFile, stops)
      : await openFreshPlan(options, stops);
  if (opened === null) return { status: 'invalid' };
  const { project, plan, api } = opened;
  let { freshLive } = opened;
  const saveSpecCache = opened.saveSpecCache ?? (() => Promise.resolve());

  let applied: ApplyResult;
  let tests: ApplyTests | undefined;
  try {
    const verdict = options.review ? await options.review(plan) : 'approved-now';
    if (verdict === 'declined') return { status: 'declined', plan };
    if (verdict === 'interrupted') return { status: 'interrupted', plan };
    // A person took their time: the plan's read is no longer fresh.
    if (verdict === 'approved') freshLive = undefined;
    const { applyPlan } = await import('./apply-plan.js');
    applied = await applyPlan({
      config: project.config,
      plan,
      api,
      lock: options.lock,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.log ? { log: options.log } : {}),
      ...(options.note ? { note: options.note } : {}),
      ...(freshLive ? { freshLive } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      afterWrites: saveSpecCache,
    });
    await options.onApplied?.(applied);
    if (options.test)
      tests = await testsAfterApply(applied.report, plan.environment, options, { project, api });
  } finally {
    // Written once the writes are out (afterWrites), or here when the apply stopped before them.
    await Promise.all([api.close(), saveSpecCache()]);
  }
  return {
    status: 'applied',
    plan,
    environment: plan.environment,
    ...applied,
    ...(tests ? { tests } : {}),
  };
}

/**
 * `apply -e ENV`: plan as `plan` does (the connection and the live read start
 * while the specs load), keeping the connection open for the writes. null:
 * diagnostics (given to `stops`) stopped it, and the connection is closed.
 */
async function openFreshPlan(
  options: ApplyOptions,
  stops: (diagnostics: Diagnostic[]) => boolean,
): Promise<OpenedPlan | null> {
  const { planEnvironmentOpen } = await import('./plan-environment.js');
  const opened = await planEnvironmentOpen({
    ...options,
    ...(options.config ? { config: options.config } : {}),
    env: options.env as string,
    ids: options.ids ?? [],
    prune: options.prune ?? false,
    allowEmpty: options.allowEmpty ?? false,
    adopt: options.adopt ?? [],
    ...(options.revision !== undefined ? { revision: options.revision } : {}),
  });
  const { project, result, api } = opened;
  // Stopped before any write: the connection closed, the spec cache written now.
  const finish = () => Promise.all([api?.close(), opened.saveSpecCache()]);
  try {
    if (stops(result.diagnostics) || !result.plan || !api) {
      await finish();
      return null;
    }
  } catch (e) {
    await finish();
    throw e;
  }
  const plan = result.plan;
  // With changes, taking the lease would say the same, louder.
  if (plan.changes.length === 0) for (const note of result.notes) options.log?.(`warning: ${note}`);
  return {
    project,
    plan,
    api,
    saveSpecCache: opened.saveSpecCache,
    ...(result.live?.raw ? { freshLive: result.live.raw } : {}),
  };
}

/**
 * `apply PLANFILE`: the config (only its errors stop: a saved plan does not
 * depend on today's specs), the plan read and checked against the config's
 * environment and app, then the connection. null: the config's errors stopped it.
 */
async function openSavedPlan(
  options: ApplyOptions,
  planFile: string,
  stops: (diagnostics: Diagnostic[]) => boolean,
): Promise<OpenedPlan | null> {
  const { readPlanFile } = await import('../apply/plan-file.js');
  return openPlan(options, { name: planFile, read: () => readPlanFile(planFile) }, stops);
}

interface OpenedPlan {
  project: Project;
  plan: Plan;
  api: ConnectedApi;
  /** A fresh plan's live read, reused by the writes when no one took their time over it. */
  freshLive?: ReadonlyMap<string, ApiWorkflow>;
  /** A fresh plan's parsed-spec cache, written once the writes are out (OpenEnvironmentPlan). */
  saveSpecCache?: () => Promise<void>;
}

type OpenPlanOptions = Pick<ApplyOptions, 'cwd' | 'config' | 'env' | 'adopt'> & ConnectionOptions;

/**
 * A plan from outside (a file, or an object a library caller holds), checked
 * the one way: the config first, then the plan's shape, its target (the
 * config's environment and app), its adoptions (confirmed by `adopt`), and
 * only then a connection. null: the config's errors stopped it.
 */
async function openPlan(
  options: OpenPlanOptions,
  source: { name: string; read: () => Promise<Plan> },
  stops: (diagnostics: Diagnostic[]) => boolean,
): Promise<OpenedPlan | null> {
  const { cwd } = options;
  const { preloadClient, connectEnvironment } = await import('./shared/connect-environment.js');
  const { loadProjectFor, environmentNamed, configDiagnostics } =
    await import('./shared/project.js');
  preloadClient();
  const project = await loadProjectFor({
    cwd,
    ...(options.config ? { config: options.config } : {}),
  });
  if (stops(configDiagnostics(project, cwd))) return null;
  const plan = await source.read();
  refuseMismatch(plan, project, source.name, options.env);
  const { unconfirmedAdoption } = await import('../apply/ownership.js');
  const adoption = unconfirmedAdoption(plan.changes, options.adopt ?? []);
  if (adoption)
    throw new UserError(`refusing to apply ${source.name}: ${adoption}; nothing was written`);
  const env = environmentNamed(project, plan.environment);
  return { project, plan, api: await connectEnvironment(project, env, options) };
}

export interface ApplyPlanObjectOptions extends ConnectionOptions {
  /** Directory relative paths resolve from (default: process.cwd()). */
  cwd?: string;
  config?: string;
  /** A plan from `plan()`, or one a script parsed from a file: checked like `apply PLANFILE`. */
  plan: Plan;
  /** Confirms the plan's adoptions, like `apply PLANFILE --adopt ID…`: exactly the ids it adopts. */
  adopt?: string[];
  /** false: do not take the lease. */
  lock?: boolean;
}

/**
 * The library's `apply({ plan })`: a plan object applied exactly as `apply
 * PLANFILE` applies a file — the same checks in the same order, then the
 * lease, backups, batched writes and a confirming re-read. A config error
 * throws (there is no terminal to show diagnostics on).
 */
export async function applyPlanObject(options: ApplyPlanObjectOptions): Promise<ApplyResult> {
  const { checkPlan } = await import('../apply/plan-file.js');
  const opened = await openPlan(
    { ...options, cwd: options.cwd ?? process.cwd() },
    { name: 'the plan', read: async () => checkPlan(options.plan, 'the plan') },
    throwConfigErrors,
  );
  if (opened === null) throw new Error('unreachable: config errors throw');
  const { project, plan, api } = opened;
  try {
    const { applyPlan } = await import('./apply-plan.js');
    return await applyPlan({
      config: project.config,
      plan,
      api,
      lock: options.lock ?? true,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
  } finally {
    await api.close();
  }
}

/** A config error, as one message: the library's caller gets it thrown. */
function throwConfigErrors(diagnostics: Diagnostic[]): false {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    throw new UserError(
      `${errors[0]?.file || 'the config'} has errors: ${errors.map((d) => d.message).join('; ')}`,
    );
  }
  return false;
}

/** A saved plan for another environment or app than the config's is refused before any call. */
function refuseMismatch(plan: Plan, project: Project, file: string, envName?: string): void {
  const mismatch = planTargetMismatch(plan, {
    config: project.config,
    ...(envName ? { envName } : {}),
  });
  if (mismatch) throw new UserError(`refusing to apply ${file}: ${mismatch}; nothing was written`);
}

/**
 * `apply --test`: run the tests of what an apply created or updated, only after
 * a successful one, over the project and connection the apply used.
 */
async function testsAfterApply(
  report: Report,
  environment: string,
  options: Pick<ApplyOptions, 'cwd' | 'config' | 'timeout' | 'verbose' | 'log' | 'signal'>,
  session: { project: Project; api: ConnectedApi },
): Promise<ApplyTests> {
  const selected = report.interrupted
    ? ({ run: false, why: 'apply-failed' } as const)
    : appliedForTests(report);
  if (!selected.run) {
    const nothing = selected.why === 'nothing-created-or-updated';
    return {
      selected,
      report: nothing ? { format_version: 1, environment, passed: 0, failed: 0, cases: [] } : null,
    };
  }
  const { test } = await import('./test.js');
  try {
    const tests = await test({
      cwd: options.cwd,
      environment,
      ids: selected.ids,
      ...(options.config ? { config: options.config } : {}),
      ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
      ...(options.verbose !== undefined ? { verbose: options.verbose } : {}),
      ...(options.log ? { log: options.log } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      session,
    });
    return { selected, report: tests };
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return { selected, report: null, error: e.message };
  }
}
