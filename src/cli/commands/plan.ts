/**
 * `vtr-wf plan -e ENV [ID…]` / `plan --all-envs`: what apply would change.
 * Light at the top: the planner, the client and the renderers load inside the
 * action, only when plan runs.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import {
  addCommonOptions,
  action,
  colors,
  err,
  UserError,
  EXIT_CHANGES,
  EXIT_ERROR,
  EXIT_OK,
} from '../common.js';
import type { CommonOptions, TimeoutOption } from '../common.js';
import { addTimeoutOption, timeoutPart } from '../common.js';
import type { Plan } from '../../plan/types.js';
import type { PlanRequest } from '../../commands/plan-environment.js';
import { phase } from '../../phases.js';
import { redactValues } from '../../secrets.js';
import { emitPlan } from '../emit-plan.js';
import { underSignals } from '../signals.js';

/** What both halves hand the planner (the flags, as the use case takes them). */
type PlanSelectionFlags = Omit<PlanRequest, 'env'>;

interface PlanFlags extends CommonOptions, TimeoutOption {
  env?: string;
  allEnvs: boolean;
  prune: boolean;
  allowEmpty: boolean;
  adopt?: string[];
  detailedExitcode: boolean;
  out?: string;
  lock: boolean;
  revision?: string;
}

export function definePlan(program: Command): void {
  addCommonOptions(
    addTimeoutOption(
      program
        .command('plan')
        .description('show what `apply` would change in the live app (reads only)')
        .argument('[ids...]', 'only these workflow ids')
        .option('-e, --env <name>', 'the environment to plan (see `environments:` in vtr-wf.yaml)')
        .option('--all-envs', 'plan every environment: a summary table, then each plan', false)
        .option('--prune', "also delete this project's workflows that no spec declares", false)
        .option(
          '--allow-empty',
          'with --prune and no specs at all, plan the deletions anyway',
          false,
        )
        .option(
          '--adopt <ids...>',
          'preview adopting these unmarked live workflows (see `apply --adopt`)',
        )
        .option('--detailed-exitcode', 'exit 2 when there are changes (0: none, 1: error)', false)
        .option(
          '--out <file>',
          'save the plan (JSON, exactly as --format json prints it) for `apply FILE`',
        )
        .option(
          '--revision <rev>',
          'the source revision to record in the mark (default: $VTR_WF_REVISION, $GITHUB_SHA, or git HEAD)',
        )
        .addOption(
          new Option('--no-lock', 'accepted for symmetry with apply; plan never takes the lease'),
        ),
    ),
    'plan',
  ).action(action(runPlan));
}

async function runPlan(ids: string[], flags: PlanFlags): Promise<number> {
  if (flags.allEnvs && flags.env) throw new UserError('give either -e ENV or --all-envs, not both');
  if (!flags.allEnvs && !flags.env)
    throw new UserError('which environment? give -e ENV (or --all-envs)');
  return underSignals(
    (line) => err(line),
    (signals) => planUnderSignals(ids, flags, signals.signal),
  );
}

async function planUnderSignals(
  ids: string[],
  flags: PlanFlags,
  signal: AbortSignal,
): Promise<number> {
  const cwd = process.cwd();
  const selection = {
    cwd,
    ids,
    prune: flags.prune,
    allowEmpty: flags.allowEmpty,
    adopt: splitIds(flags.adopt),
    ...(flags.revision !== undefined ? { revision: flags.revision } : {}),
    verbose: flags.verbose,
    signal,
    log: (line: string) => err(line),
    ...(flags.config ? { config: flags.config } : {}),
    ...timeoutPart(flags),
  };
  return flags.allEnvs ? planAll(selection, flags) : planOne(selection, flags);
}

/** `plan -e ENV`. */
async function planOne(selection: PlanSelectionFlags, flags: PlanFlags): Promise<number> {
  const { cwd } = selection;
  const shown = colors(flags);
  const { printDiagnostics } = await import('../print-diagnostics.js');
  const { planEnvironment } = await import('../../commands/plan-environment.js');
  const result = await planEnvironment({ ...selection, env: flags.env as string });
  if (printDiagnostics(result.diagnostics, { color: shown.stderrColor, cwd }) || !result.plan)
    return EXIT_ERROR;
  for (const note of result.notes) err(`warning: ${note}`);
  const renderDone = phase('render');
  const plan = await emitPlan('plan', result.plan, {
    format: flags.format,
    out: flags.out,
    cwd,
    ...shown,
  });
  renderDone();
  if (flags.verbose) err(`${plan.api_calls} API calls.`);
  return flags.detailedExitcode && plan.changes.length > 0 ? EXIT_CHANGES : EXIT_OK;
}

/** `plan --all-envs`: each environment's problems under its name, then every plan in one output. */
async function planAll(selection: PlanSelectionFlags, flags: PlanFlags): Promise<number> {
  const { cwd } = selection;
  const shown = colors(flags);
  const { printDiagnostics } = await import('../print-diagnostics.js');
  const { planAllEnvironments } = await import('../../commands/plan-environment.js');
  const result = await planAllEnvironments(selection);
  let failed = printDiagnostics(result.diagnostics, { color: shown.stderrColor, cwd });
  const plans: Record<string, Plan> = {};
  for (const [name, envPlan] of Object.entries(result.environments)) {
    const diagnostics = envPlan.diagnostics.filter((d) => !result.diagnostics.includes(d));
    if (diagnostics.length > 0 || envPlan.notes.length > 0) err(`In environment \`${name}\`:`);
    for (const note of envPlan.notes) err(`warning: ${note}`);
    failed = printDiagnostics(diagnostics, { color: shown.stderrColor, cwd }) || failed;
    if (envPlan.plan) plans[name] = redactValues(envPlan.plan);
    else failed = true;
  }
  if (failed) return EXIT_ERROR;
  if (flags.out) {
    const { renderPlansJson } = await import('../../render/plan-json.js');
    const { writeOutputFile } = await import('../../fs/write-output.js');
    await writeOutputFile(flags.out, renderPlansJson(plans), cwd);
  }
  const { emit } = await import('../emit.js');
  await emit(
    'plan',
    flags.format,
    { plans },
    { ...shown, ...(flags.out ? { planFile: flags.out } : {}) },
  );
  const changed = Object.values(plans).some((p) => p.changes.length > 0);
  return flags.detailedExitcode && changed ? EXIT_CHANGES : EXIT_OK;
}

/** `--adopt a b` and `--adopt a,b` both work. */
export function splitIds(values: string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}
