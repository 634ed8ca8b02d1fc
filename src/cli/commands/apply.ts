/**
 * `vtr-wf apply -e ENV [ID…]` / `apply PLANFILE`: make the live app match the
 * specs, or exactly a saved plan. Light at the top; the work loads inside the
 * action. The use case is commands/apply.ts (plan, review, apply, --test);
 * this file checks the flags, talks to the person and sets the exit code.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { existsSync } from 'node:fs';
import {
  addCommonOptions,
  action,
  colors,
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
import type { Plan } from '../../plan/types.js';
import type { Report } from '../../apply/types.js';
import type { ApplyTests } from '../../commands/apply.js';
import type { ApplyResult } from '../../commands/apply-plan.js';
import { splitIds } from './plan.js';
import { phase } from '../../phases.js';
import { redactValues } from '../../secrets.js';

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
          'take over these unmarked live workflows: add the mark and nothing else (with a plan file: confirm the adoptions it holds)',
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
    'apply',
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
  if (planFile !== undefined && (flags.prune || flags.allowEmpty || flags.revision !== undefined)) {
    // --adopt stays: with a plan file it confirms the plan's adoptions (apply/ownership.ts).
    throw new UserError(
      'a plan file fixes what to apply: --prune, --allow-empty and --revision belong to `plan`',
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
  const color = useColor(flags);
  const stderrColor = useColor(flags, process.stderr);
  const { printDiagnostics } = await import('../print-diagnostics.js');
  const { applyEnvironment } = await import('../../commands/apply.js');
  const { progressOnTerminal } = await import('../../apply/terminal.js');
  const progress = progressOnTerminal();
  const outcome = await applyEnvironment({
    cwd,
    ...(flags.config ? { config: flags.config } : {}),
    ...(flags.env ? { env: flags.env } : {}),
    ...(planFile !== undefined ? { planFile } : { ids: targets }),
    prune: flags.prune,
    allowEmpty: flags.allowEmpty,
    adopt,
    ...(flags.revision !== undefined ? { revision: flags.revision } : {}),
    lock: flags.lock,
    verbose: flags.verbose,
    log,
    signal: signals.signal,
    ...timeoutPart(flags),
    ...(flags.verbose || process.stderr.isTTY ? { note: log } : {}),
    ...(progress ? { onProgress: progress } : {}),
    onDiagnostics: (diagnostics) => printDiagnostics(diagnostics, { color: stderrColor, cwd }),
    review: (plan) => review(plan, { flags, planFile, color, stderrColor, signals }),
    test: flags.test,
    onApplied: (applied) => showApplied(applied, { flags, cwd, color, stderrColor }),
  });
  if (outcome.status === 'invalid') return EXIT_ERROR;
  if (outcome.status === 'interrupted') {
    err('Interrupted; nothing was written.');
    return signals.exitCode() ?? EXIT_INTERRUPTED;
  }
  if (outcome.status === 'declined') {
    err('Apply cancelled; nothing was written.');
    return EXIT_ERROR;
  }

  if (outcome.tests === undefined) return applyExitCode(outcome.report, signals);
  return printTests(
    outcome.report,
    outcome.tests,
    applyExitCode(outcome.report, signals),
    outcome.environment,
    flags,
    log,
  );
}

/** The report as soon as the apply is done (before --test's tests run). */
async function showApplied(
  { report, backups }: ApplyResult,
  context: { flags: ApplyFlags; cwd: string; color: boolean; stderrColor: boolean },
): Promise<void> {
  const { flags, cwd, color, stderrColor } = context;
  if (backups.length > 0) {
    const { relative, dirname } = await import('node:path');
    err(
      `Saved ${backups.length} backup${backups.length === 1 ? '' : 's'} of what was overwritten or deleted in ${relative(cwd, dirname(backups[0] as string)) || '.'}/`,
    );
  }
  for (const warning of report.warnings ?? []) err(`warning: ${warning}`);
  // With --test, the JSON is one object with the tests: printed once they ran.
  const { emit } = await import('../emit.js');
  if (!flags.test || flags.format !== 'json')
    await emit('apply', flags.format, report, { color, stderrColor });
  if (flags.verbose) err(`${report.api_calls} API calls while applying.`);
}

function applyExitCode(report: Report, signals: SignalWatch): number {
  return report.interrupted
    ? (signals.exitCode() ?? EXIT_INTERRUPTED)
    : report.failed.length > 0 || report.not_attempted.length > 0
      ? EXIT_ERROR
      : EXIT_OK;
}

/**
 * Shows the plan (stdout with --format text; stderr when asking, so a piped
 * stdout stays clean) and, for a fresh plan with changes and no --auto-approve,
 * asks a person.
 */
async function review(
  plan: Plan,
  context: {
    flags: ApplyFlags;
    planFile: string | undefined;
    color: boolean;
    stderrColor: boolean;
    signals: SignalWatch;
  },
): Promise<'approved' | 'approved-now' | 'declined' | 'interrupted'> {
  const { flags, planFile, signals } = context;
  const renderDone = phase('render');
  const { renderPlanText } = await import('../../render/plan-text.js');
  const prompting = plan.changes.length > 0 && planFile === undefined && !flags.autoApprove;
  // Shown redacted on the values, as `plan` shows it; the plan applied is the one made. The
  // text shows no fingerprints: left out of the scan, they are never hashed (plan.ts).
  const shown = redactValues({ ...plan, fingerprints: {} });
  if (flags.format === 'text') out(renderPlanText(shown, { color: context.color }));
  else if (prompting) err(renderPlanText(shown, { color: context.stderrColor }));
  renderDone();
  if (!prompting) return 'approved-now';
  const { askApproval } = await import('../../apply/terminal.js');
  const answer = await askApproval(undefined, signals.signal);
  return answer === 'interrupted' ? 'interrupted' : answer === 'approved' ? 'approved' : 'declined';
}

/** `apply --test`: print the tests after the report, and pick the exit code. */
async function printTests(
  report: Report,
  tests: ApplyTests,
  applyCode: number,
  envName: string,
  flags: ApplyFlags,
  log: (line: string) => void,
): Promise<number> {
  const { error } = tests;
  const testReport = redactValues(tests.report);
  for (const warning of testReport?.warnings ?? []) log(`warning: ${warning}`);
  const { emit } = await import('../emit.js');
  await emit('apply-tests', flags.format, { report, tests, environment: envName }, colors(flags));
  if (error !== undefined) {
    log(`error: the tests could not run (the apply stands): ${error}`);
    return EXIT_ERROR;
  }
  return applyCode !== EXIT_OK
    ? applyCode
    : testReport && testReport.failed > 0
      ? EXIT_ERROR
      : EXIT_OK;
}
