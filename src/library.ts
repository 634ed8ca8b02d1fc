/**
 * The high-level library API: what the CLI does, as functions that take plain
 * options and return plain data (no printing, no exit codes). Re-exports
 * only: each is the use case the CLI command runs, so both behave alike.
 */
export { loadProject, validate, type ProjectOptions } from './commands/validate.js';
export { plan } from './commands/plan.js';
export { applyPlanObject as apply } from './commands/apply.js';
