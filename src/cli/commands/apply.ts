/**
 * `vtr-wf apply -e ENV [ID…]` / `apply PLANFILE`: make the live app match the
 * specs, or exactly a saved plan. Light at the top; the work loads inside the
 * action. The order of checks, the lease and the writes live in
 * commands/apply-plan.ts; this file talks to the person and sets the exit code.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { existsSync } from 'node:fs';
import {
  addCommonOptions,
  action,
  err,
  out,
  useColor,
  UserError,
  EXIT_ERROR,
  EXIT_INTERRUPTED,
  EXIT_OK,
} from '../common.js';
import { underSignals, type SignalWatch } from '../signals.js';
import type { CommonOptions, TimeoutOption } from '../common.js';
import { addTimeoutOption, timeoutPart } from '../common.js';
import type { ApiWorkflow } from '../../clarifai/types.js';
import type { Plan } from '../../plan/types.js';
import type { Project } from '../../spec/project.js';
import type { Report } from '../../apply/types.js';
import type { TestReport } from '../../run/types.js';
import { splitIds } from './plan.js';
import { phase } from '../../phases.js';

interface ApplyFlags extends CommonOptions, TimeoutOption {
  env?: string;
  autoApprove: boolean;
  prune: boolean;
  allowEmpty: boolean;
  adopt?: string[];
  lock: boolean;
  revision?: string;
  test: boolean;
}

export function defineApply(program: Command): void {
  addCommonOptions(
    addTimeoutOption(
      program
        .command('apply')
        .description(
          'make the live app match the specs (-e ENV), or exactly a saved plan (PLANFILE)',
        )
        .argument(
          '[targets...]',
          'workflow ids to limit the apply to, or one plan file saved by `plan --out`',
        )
        .option(
          '-e, --env <name>',
          'the environment to apply to (optional with a plan file; must match it)',
        )
        .option(
          '--auto-approve',
          'apply without asking (required off a terminal, except with a plan file)',
          false,
        )
        .option('--prune', "also delete this project's workflows that no spec declares", false)
        .option('--allow-empty', 'with --prune and no specs at all, delete anyway', false)
        .option(
          '--adopt <ids...>',
          'take over these unmarked live workflows: add the mark and nothing else',
        )
        .option(
          '--revision <rev>',
          'the source revision to record in the mark (default: $VTR_WF_REVISION, $GITHUB_SHA, or git HEAD)',
        )
        .option(
          '--test',
          'after a successful apply, run the spec tests of the workflows it created or updated (a failing test: exit 1; the apply stands)',
          false,
        )
        .addOption(
          new Option(
            '--no-lock',
            'do not take the lease (another apply may write at the same time)',
          ),
        ),
    ),
  ).action(action(runApply));
}

/** Workflow ids cannot hold `.`, `/` or `\`, so such an argument is a path. */
function looksLikePlanFile(target: string, envGiven: boolean): boolean {
  return /[./\\]/.test(target) || (!envGiven && existsSync(target));
}

async function runApply(targets: string[], flags: ApplyFlags): Promise<number> {
  const cwd = process.cwd();
  const planFile =
    targets.length === 1 && looksLikePlanFile(targets[0] as string, Boolean(flags.env))
      ? targets[0]
      : undefined;
  const adopt = splitIds(flags.adopt);
  if (
    planFile !== undefined &&
    (flags.prune || flags.allowEmpty || adopt.length > 0 || flags.revision !== undefined)
  ) {
    throw new UserError(
      'a plan file fixes what to apply: --prune, --allow-empty, --adopt and --revision belong to `plan`',
    );
  }
  if (planFile === undefined && targets.some((t) => looksLikePlanFile(t, true))) {
    throw new UserError('apply takes one plan file, or workflow ids with -e ENV — not both');
  }
  if (planFile === undefined && !flags.env) {
    throw new UserError(
      'which environment? give -e ENV, or a plan file saved by `vtr-wf plan --out FILE`',
    );
  }
  const interactive = Boolean(process.stdin.isTTY);
  if (planFile === undefined && !flags.autoApprove && !interactive) {
    throw new UserError(
      'not a terminal, so there is no one to ask: pass --auto-approve, or apply a saved plan (`vtr-wf plan --out FILE`, then `vtr-wf apply FILE`)',
    );
  }

  const log = (line: string) => err(line);
  // SIGINT, SIGTERM, SIGHUP: no new call leaves, calls on the wire finish, the report is
  // printed, the lease released, exit 128+signal. Before writing starts, nothing was written.
  return underSignals(log, (signals) =>
    applyUnderSignals(targets, flags, { cwd, planFile, adopt, log, signals }),
  );
}

async function applyUnderSignals(
  targets: string[],
  flags: ApplyFlags,
  context: {
    cwd: string;
    planFile: string | undefined;
    adopt: string[];
    log: (line: string) => void;
    signals: SignalWatch;
  },
): Promise<number> {
  const { cwd, planFile, adopt, log, signals } = context;
  const connection = {
    verbose: flags.verbose,
    log,
    signal: signals.signal,
    ...timeoutPart(flags),
  };
  const color = useColor(flags);
  const stderrColor = useColor(flags, process.stderr);
  const { printDiagnostics } = await import('../../apply/diagnostics-output.js');
  const { connectEnvironment } = await import('../../commands/shared/connect-environment.js');

  let project: Project;
  let plan: Plan;
  let envName: string;
  let freshLive: ReadonlyMap<string, ApiWorkflow> | undefined;
  let api: Awaited<ReturnType<typeof connectEnvironment>>;
  let applied: { report: Report; code: number } | undefined;

  if (planFile !== undefined) {
    const { preloadClient } = await import('../../commands/shared/connect-environment.js');
    const { loadProjectFor, environmentNamed, configDiagnostics } =
      await import('../../commands/shared/project.js');
    preloadClient();
    project = await loadProjectFor({ cwd, ...(flags.config ? { config: flags.config } : {}) });
    // A saved plan does not depend on today's specs, only on the config's environments.
    if (printDiagnostics(configDiagnostics(project, cwd), { color: stderrColor, cwd }))
      return EXIT_ERROR;
    const { readPlanFile, planTargetMismatch } = await import('../../apply/plan-file.js');
    plan = await readPlanFile(planFile);
    const mismatch = planTargetMismatch(plan, {
      config: project.config,
      ...(flags.env ? { envName: flags.env } : {}),
    });
    if (mismatch)
      throw new UserError(`refusing to apply ${planFile}: ${mismatch}; nothing was written`);
    envName = plan.environment;
    api = await connectEnvironment(project, environmentNamed(project, envName), connection);
  } else {
    envName = flags.env as string;
    // As `plan` does: the connection and the live read start while the specs load.
    const { planEnvironmentOpen } = await import('../../commands/plan-environment.js');
    const opened = await planEnvironmentOpen({
      cwd,
      ...(flags.config ? { config: flags.config } : {}),
      env: envName,
      ids: targets,
      prune: flags.prune,
      allowEmpty: flags.allowEmpty,
      adopt,
      ...(flags.revision !== undefined ? { revision: flags.revision } : {}),
      ...connection,
    });
    project = opened.project;
    const { result } = opened;
    if (!opened.api) {
      printDiagnostics(result.diagnostics, { color: stderrColor, cwd });
      return EXIT_ERROR;
    }
    api = opened.api;
    try {
      if (printDiagnostics(result.diagnostics, { color: stderrColor, cwd }) || !result.plan) {
        await api.close();
        return EXIT_ERROR;
      }
      plan = result.plan;
      freshLive = result.live?.raw;
      // With changes, taking the lease would say the same, louder.
      if (plan.changes.length === 0) for (const note of result.notes) log(`warning: ${note}`);
    } catch (e) {
      await api.close();
      throw e;
    }
  }

  try {
    const renderDone = phase('render');
    const { renderPlanText } = await import('../../render/plan-text.js');
    const hasChanges = plan.changes.length > 0;
    const prompting = hasChanges && planFile === undefined && !flags.autoApprove;
    if (flags.format === 'text') out(renderPlanText(plan, { color }));
    else if (prompting) err(renderPlanText(plan, { color: stderrColor }));
    renderDone();

    if (prompting) {
      const { askApproval } = await import('../../apply/terminal.js');
      const answer = await askApproval(undefined, signals.signal);
      if (answer === 'interrupted') {
        err('Interrupted; nothing was written.');
        return signals.exitCode() ?? EXIT_INTERRUPTED;
      }
      if (answer !== 'approved') {
        err('Apply cancelled; nothing was written.');
        return EXIT_ERROR;
      }
      // A person took their time: the plan's read is no longer fresh.
      freshLive = undefined;
    }

    const { applyPlan } = await import('../../commands/apply-plan.js');
    const { progressOnTerminal } = await import('../../apply/terminal.js');
    const progress = progressOnTerminal();
    const { report, backups } = await applyPlan({
      config: project.config,
      plan,
      api,
      lock: flags.lock,
      signal: signals.signal,
      log,
      ...(flags.verbose || process.stderr.isTTY ? { note: log } : {}),
      ...(freshLive ? { freshLive } : {}),
      ...(progress ? { onProgress: progress } : {}),
    });
    if (backups.length > 0) {
      const { relative, dirname } = await import('node:path');
      log(
        `Saved ${backups.length} backup${backups.length === 1 ? '' : 's'} of what was overwritten or deleted in ${relative(cwd, dirname(backups[0] as string)) || '.'}/`,
      );
    }
    for (const warning of report.warnings ?? []) log(`warning: ${warning}`);
    // With --test, the JSON is one object with the tests: printed once they ran.
    if (flags.format === 'json' && !flags.test) {
      const { renderReportJson } = await import('../../render/report-json.js');
      out(renderReportJson(report));
    } else if (flags.format !== 'json') {
      const { renderReportText } = await import('../../render/report-text.js');
      out(renderReportText(report, { color }));
    }
    if (flags.verbose) log(`${report.api_calls} API calls while applying.`);
    const code = report.interrupted
      ? (signals.exitCode() ?? EXIT_INTERRUPTED)
      : report.failed.length > 0 || report.not_attempted.length > 0
        ? EXIT_ERROR
        : EXIT_OK;
    if (!flags.test) return code;
    applied = { report, code };
  } finally {
    await api.close();
  }
  // The apply's connection is closed first: the tests open their own (and, on the
  // embedded emulator, their own server over the same state).
  return applied
    ? testAfterApply(applied.report, applied.code, envName, flags, { cwd, log })
    : EXIT_OK;
}

/** `apply --test`: run the tests of what the apply created or updated, print, pick the exit code. */
async function testAfterApply(
  report: Report,
  applyCode: number,
  envName: string,
  flags: ApplyFlags,
  context: { cwd: string; log: (line: string) => void },
): Promise<number> {
  const { appliedForTests } = await import('../../apply/applied-for-tests.js');
  const selected = report.interrupted
    ? ({ run: false, why: 'apply-failed' } as const)
    : appliedForTests(report);
  let tests: TestReport | null = null;
  let testError: string | undefined;
  if (selected.run) {
    const { test } = await import('../../commands/test.js');
    try {
      tests = await test({
        cwd: context.cwd,
        environment: envName,
        ids: selected.ids,
        ...(flags.config ? { config: flags.config } : {}),
        ...timeoutPart(flags),
        verbose: flags.verbose,
        log: context.log,
      });
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      testError = e.message;
    }
  } else if (selected.why === 'nothing-created-or-updated') {
    tests = { format_version: 1, environment: envName, passed: 0, failed: 0, cases: [] };
  }
  for (const warning of tests?.warnings ?? []) context.log(`warning: ${warning}`);
  if (flags.format === 'json') {
    const { reportJson } = await import('../../render/report-json.js');
    const { testJson } = await import('../../render/test-json.js');
    out(
      JSON.stringify({ ...reportJson(report), tests: tests ? testJson(tests) : null }, null, 2) +
        '\n',
    );
  } else {
    const { renderApplyTestsText } = await import('../../render/apply-tests-text.js');
    out('\n' + renderApplyTestsText(envName, report, selected, selected.run ? tests : null));
  }
  if (testError !== undefined) {
    context.log(`error: the tests could not run (the apply stands): ${testError}`);
    return EXIT_ERROR;
  }
  return applyCode !== EXIT_OK ? applyCode : tests && tests.failed > 0 ? EXIT_ERROR : EXIT_OK;
}
