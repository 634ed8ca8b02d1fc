#!/usr/bin/env node
/**
 * The vtr-wf CLI entry. Thin on purpose: it registers the commands (each in
 * cli/commands/, loading its heavy parts only when it runs) and turns results
 * into exit codes. Startup cost matters — `validate` must not load gRPC.
 */
import { buildProgram } from './program.js';
import { runMain } from './run-main.js';

await runMain(buildProgram(), process.argv);
