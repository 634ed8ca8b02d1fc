/**
 * vtr-wf as a library:
 *
 *   import { loadProject, validate, plan, apply } from 'vtr-wf';
 *
 *   const project = await loadProject({ cwd: 'path/to/repo' });
 *   if (!validate(project).ok) throw new Error('invalid specs');
 *   const { plan: p, diagnostics } = await plan({ cwd: 'path/to/repo', environment: 'staging' });
 *   if (p && p.changes.length) await apply({ cwd: 'path/to/repo', plan: p });
 *
 * The pure core (no I/O) is exported too, for tools that bring their own data.
 */
export { loadProject, validate, plan, apply, type ProjectOptions } from './library.js';

// The pure core.
export { validate as validateSpecs, type ValidateInput } from './spec/validate.js';
export { placeDiagnostics, type Project } from './spec/project.js';
export { plan as planChanges } from './plan/plan.js';
export { resolveDesired } from './plan/resolve.js';
export { normaliseLive } from './plan/normalise.js';
export { diffWorkflows } from './plan/diff.js';
export { specHash, liveFingerprint } from './plan/fingerprint.js';
export { toApiWorkflow } from './plan/to-api.js';
export { effectiveModel, namedModels } from './spec/effective-model.js';

// Formatters: (data) => string.
export { renderValidateText } from './render/validate-text.js';
export { renderValidateJson } from './render/validate-json.js';
export { renderValidateGithub } from './render/validate-github.js';
export { renderValidateSarif } from './render/validate-sarif.js';
export { renderPlanText } from './render/plan-text.js';
export { renderPlanJson, renderPlansJson } from './render/plan-json.js';
export { renderPlanMarkdown } from './render/plan-markdown.js';

// Edges, for scripts that drive Clarifai or the emulator directly.
export { planEnvironment, planAllEnvironments } from './commands/plan-environment.js';
export { applyPlan, StalePlanError, UnownedTargetError } from './commands/apply-plan.js';
// Versions: a workflow's history, a rollback plan (apply it with applyPlan), pruning old versions.
export { history } from './commands/history.js';
export { rollback } from './commands/rollback.js';
export { pruneVersions, type PruneVersionsResult } from './commands/prune-versions.js';
export { connect, startEmulator } from './lazy-edges.js';
/** Runs a live workflow on images (loads gRPC and, for the emulator, the models, only when called). */
export { run, type RunOptions } from './commands/run.js';
export { test, type TestOptions } from './commands/test.js';
export { unlock, type UnlockOptions, type UnlockResult } from './commands/unlock.js';
export type { WorkflowRun, ImageRun, NodeRun, TestReport, TestCaseResult } from './run/types.js';

// Types.
export type { Diagnostic, Severity, UnplacedDiagnostic } from './diagnostic.js';
export type { JsonObject, JsonValue } from './json.js';
export type {
  Config,
  Environment,
  EmulatorEnvironment,
  RemoteEnvironment,
  ModelRef,
  NodeSpec,
  WorkflowSpec,
  LoadedSpec,
  Role,
} from './spec/types.js';
export type {
  CanonicalWorkflow,
  CanonicalNode,
  CanonicalModel,
  DesiredState,
  LiveState,
  LiveWorkflow,
  Plan,
  PlanChange,
  PlanOptions,
  Diff,
  Mark,
} from './plan/types.js';
export type { Report, FailedChange, AppliedChange } from './apply/types.js';
export type { ApiWorkflow, ClarifaiApi } from './clarifai/types.js';
export type { EnvironmentPlan, PlanSelection } from './commands/plan-environment.js';
export type { ApplyResult } from './commands/apply-plan.js';
export type { HistoryOptions, HistoryResult, HistoryVersion } from './commands/history.js';
export type { RollbackOptions } from './commands/rollback.js';
