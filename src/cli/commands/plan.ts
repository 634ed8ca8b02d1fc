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
  err,
  out,
  useColor,
  UserError,
  EXIT_CHANGES,
  EXIT_ERROR,
  EXIT_OK,
} from '../common.js';
import type { CommonOptions, TimeoutOption } from '../common.js';
import { addTimeoutOption, timeoutPart } from '../common.js';
import type { Plan } from '../../plan/types.js';
import { phase } from '../../phases.js';
import { redactValues } from '../../secrets.js';
import { emitPlan } from '../emit-plan.js';
import { underSignals } from '../signals.js';

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
    ['text', 'json', 'markdown'],
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

// Over 80 lines: one environment or --all-envs, each with its --out/--format choices; splitting would pass the flags and the signal to both halves.
async function planUnderSignals(
  ids: string[],
  flags: PlanFlags,
  signal: AbortSignal,
): Promise<number> {
  const cwd = process.cwd();
  const log = (line: string) => err(line);
  const adopt = splitIds(flags.adopt);
  const selection = {
    cwd,
    ids,
    prune: flags.prune,
    allowEmpty: flags.allowEmpty,
    adopt,
    ...(flags.revision !== undefined ? { revision: flags.revision } : {}),
    verbose: flags.verbose,
    signal,
    log,
    ...(flags.config ? { config: flags.config } : {}),
    ...timeoutPart(flags),
  };
  const { printDiagnostics } = await import('../print-diagnostics.js');
  const color = useColor(flags);

  if (!flags.allEnvs) {
    const { planEnvironment } = await import('../../commands/plan-environment.js');
    const result = await planEnvironment({ ...selection, env: flags.env as string });
    if (
      printDiagnostics(result.diagnostics, { color: useColor(flags, process.stderr), cwd }) ||
      !result.plan
    ) {
      return EXIT_ERROR;
    }
    for (const note of result.notes) log(`warning: ${note}`);
    const renderDone = phase('render');
    const plan = await emitPlan(result.plan, { format: flags.format, out: flags.out, cwd, color });
    renderDone();
    if (flags.verbose) log(`${plan.api_calls} API calls.`);
    return flags.detailedExitcode && plan.changes.length > 0 ? EXIT_CHANGES : EXIT_OK;
  }

  const { planAllEnvironments } = await import('../../commands/plan-environment.js');
  const result = await planAllEnvironments(selection);
  let failed = printDiagnostics(result.diagnostics, {
    color: useColor(flags, process.stderr),
    cwd,
  });
  const plans: Record<string, Plan> = {};
  for (const [name, envPlan] of Object.entries(result.environments)) {
    const diagnostics = envPlan.diagnostics.filter((d) => !result.diagnostics.includes(d));
    if (diagnostics.length > 0 || envPlan.notes.length > 0) err(`In environment \`${name}\`:`);
    for (const note of envPlan.notes) err(`warning: ${note}`);
    failed =
      printDiagnostics(diagnostics, { color: useColor(flags, process.stderr), cwd }) || failed;
    if (envPlan.plan) plans[name] = redactValues(envPlan.plan);
    else failed = true;
  }
  if (failed) return EXIT_ERROR;
  const { renderPlansJson } = await import('../../render/plan-json.js');
  if (flags.out) {
    const { writeOutputFile } = await import('../../commands/shared/write-output.js');
    await writeOutputFile(flags.out, renderPlansJson(plans), cwd);
  }
  if (flags.format === 'json') out(renderPlansJson(plans));
  else if (flags.format === 'markdown') {
    const { renderPlansMarkdown } = await import('../../render/plan-markdown.js');
    out(renderPlansMarkdown(plans, flags.out ? { planFile: flags.out } : {}));
  } else {
    const { renderPlansText } = await import('../../render/plan-text.js');
    out(renderPlansText(plans, { color }));
  }
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
