/**
 * The pure core of `vtr-wf validate`: every rule over already-loaded config
 * and specs, no I/O. Returns diagnostics addressed by file, document and JSON
 * pointer; the loader places them (see positions.ts). Shape problems (unknown
 * keys, wrong types) are the loader's: they need the raw document.
 */
import type { UnplacedDiagnostic } from '../diagnostic.js';
import { checkGraph } from '../graph/check-graph.js';
import { inDocument } from './problem.js';
import type { Problem } from './problem.js';
import { checkConfig } from './rules/config.js';
import { checkDuplicateWorkflows } from './rules/duplicate-workflows.js';
import { checkId } from './rules/ids.js';
import { checkMetadata } from './rules/metadata.js';
import { checkModels } from './rules/models.js';
import { checkOutputConfig } from './rules/output-config.js';
import { checkConcepts } from './rules/concepts.js';
import { checkNodes } from './rules/nodes.js';
import { checkPins } from './rules/pins.js';
import { checkPreviousIdClaims, checkPreviousIds } from './rules/previous-ids.js';
import { checkRoles } from './rules/roles.js';
import { checkTests } from './rules/tests.js';
import type { Config, LoadedSpec, WorkflowSpec } from './types.js';

export interface ValidateInput {
  config: Config;
  specs: readonly LoadedSpec[];
  /** The config's path as diagnostics show it (default: config.file). */
  configFile?: string;
  /**
   * False when there is no usable catalog (no vtr-wf.yaml, or one that did
   * not load): alias checks are skipped instead of failing every node.
   */
  catalogKnown?: boolean;
  /**
   * Specs whose per-workflow rules (checkSpec) a signed cache says found
   * nothing under this same config and code (spec-cache.ts): skipped, as a
   * fresh run of a pure function on the same input would find nothing.
   */
  rulesAlreadyClean?: ReadonlySet<WorkflowSpec>;
}

export function validate(input: ValidateInput): UnplacedDiagnostic[] {
  const { config, specs } = input;
  const configFile = input.configFile ?? config.file;
  const catalogKnown = input.catalogKnown ?? true;
  const diagnostics: UnplacedDiagnostic[] = [];
  if (catalogKnown) diagnostics.push(...checkConfig(config, configFile));
  for (const { spec, source } of specs) {
    if (input.rulesAlreadyClean?.has(spec)) continue;
    for (const problem of checkSpec(spec, config, catalogKnown)) {
      diagnostics.push(inDocument(problem, source.file, source.document));
    }
  }
  diagnostics.push(...checkDuplicateWorkflows(specs));
  diagnostics.push(...checkPreviousIdClaims(specs));
  if (catalogKnown) diagnostics.push(...checkPins(config, specs, configFile));
  return diagnostics;
}

/** The rules of one workflow, in the order a reader meets its fields. */
export function checkSpec(spec: WorkflowSpec, config: Config, catalogKnown = true): Problem[] {
  return [
    ...checkId(spec.id, '/id', 'workflow'),
    ...checkPreviousIds(spec),
    ...checkMetadata(spec),
    ...checkNodes(spec),
    ...checkOutputConfig(spec),
    ...checkConcepts(spec),
    ...checkModels(spec, config, catalogKnown),
    ...checkGraph(spec),
    ...checkRoles(spec, config),
    ...checkTests(spec),
  ];
}
