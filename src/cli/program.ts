/**
 * The command tree, defined once: the CLI parses with it and the docs generator
 * (issue 7) walks it, so `--help` and the reference can't drift.
 */
import { Command } from 'commander';
import { VERSION } from '../version.js';
import { defineValidate } from './commands/validate.js';
import { defineFmt } from './commands/fmt.js';
import { definePlan } from './commands/plan.js';
import { defineApply } from './commands/apply.js';
import { defineExport } from './commands/export.js';
import { defineImport } from './commands/import.js';
import { definePromote } from './commands/promote.js';
import { defineInit } from './commands/init.js';
import { defineGraph } from './commands/graph.js';
import { defineUnlock } from './commands/unlock.js';
import { defineHistory } from './commands/history.js';
import { defineRollback } from './commands/rollback.js';
import { defineVersions } from './commands/versions.js';
import { defineEmulator } from './commands/emulator.js';
import { defineRun } from './commands/run.js';
import { defineTest } from './commands/test.js';
import { COMMAND_EXAMPLES, formatExamples, PROGRAM_EXAMPLES } from './examples.js';

export function buildProgram(): Command {
  const program = new Command('vtr-wf')
    .description('Clarifai workflows as code: validate, plan and apply workflow YAML')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)');
  for (const define of [
    defineValidate,
    definePlan,
    defineApply,
    defineExport,
    defineImport,
    definePromote,
    defineFmt,
    defineInit,
    defineGraph,
    defineUnlock,
    defineHistory,
    defineRollback,
    defineVersions,
    defineEmulator,
    defineRun,
    defineTest,
  ]) {
    define(program);
  }
  addExamples(program);
  return program;
}

/** Examples after every help text; the docs generator reads the same table. */
function addExamples(program: Command): void {
  program.addHelpText('after', formatExamples(PROGRAM_EXAMPLES));
  for (const command of program.commands) {
    const examples = COMMAND_EXAMPLES[command.name()];
    if (examples) command.addHelpText('after', formatExamples(examples));
  }
}
