/**
 * What `init` will do to each file, decided before anything is written: create
 * it, append to it (.gitignore only), or skip it because it exists. Pure —
 * the edge (commands/init.ts) gathers what exists and carries the decision out.
 */
import { VTR_MODELS } from '../vtr-models.js';
import { CI_WORKFLOW } from './ci-template.js';
import { renderConfigTemplate } from './config-template.js';
import { gitignoreWithEntry, GITIGNORE_ENTRY } from './gitignore.js';
import { exampleImage, EXAMPLE_IMAGE_PATH } from './example-image.js';
import { EXAMPLE_WORKFLOW_PATH, renderWorkflowTemplate } from './workflow-template.js';

export const CONFIG_PATH = 'vtr-wf.yaml';
export const GITIGNORE_PATH = '.gitignore';
export const CI_WORKFLOW_PATH = '.github/workflows/vtr-wf.yml';

export type ScaffoldStep =
  | { path: string; action: 'create'; content: string | Uint8Array }
  | { path: string; action: 'append'; append: string; note: string }
  | { path: string; action: 'skip'; reason: string };

export interface ScaffoldInput {
  project: string;
  /** posix path of the schemas folder relative to the project root. */
  schemaDir: string;
  /** Also scaffold the GitHub Actions workflow. */
  ci: boolean;
  /** Paths (posix, relative to the project root) that already exist. */
  existing: ReadonlySet<string>;
  /** The current .gitignore, or null when there is none. */
  gitignore: string | null;
}

export function planScaffold(input: ScaffoldInput): ScaffoldStep[] {
  const wanted: { path: string; content: () => string | Uint8Array }[] = [
    {
      path: CONFIG_PATH,
      content: () =>
        renderConfigTemplate({
          project: input.project,
          schemaDir: input.schemaDir,
          models: VTR_MODELS,
        }),
    },
    {
      path: EXAMPLE_WORKFLOW_PATH,
      content: () => renderWorkflowTemplate({ schemaDir: input.schemaDir }),
    },
    // The image the example spec's test case reads.
    { path: EXAMPLE_IMAGE_PATH, content: exampleImage },
  ];
  if (input.ci) wanted.push({ path: CI_WORKFLOW_PATH, content: () => CI_WORKFLOW });

  const steps: ScaffoldStep[] = wanted.map(({ path, content }): ScaffoldStep => {
    if (input.existing.has(path)) {
      return { path, action: 'skip', reason: 'it exists (init never overwrites a file)' };
    }
    // An existing project has its own specs and catalog: the example could clash with them
    // (a duplicate workflow id, aliases its catalog lacks) and break a passing validate.
    const example = path === EXAMPLE_WORKFLOW_PATH || path === EXAMPLE_IMAGE_PATH;
    if (example && input.existing.has(CONFIG_PATH)) {
      return {
        path,
        action: 'skip',
        reason: `${CONFIG_PATH} exists, so the project has its own specs`,
      };
    }
    return { path, action: 'create', content: content() };
  });
  steps.splice(3, 0, gitignoreStep(input.gitignore));
  return steps;
}

function gitignoreStep(current: string | null): ScaffoldStep {
  const next = gitignoreWithEntry(current);
  if (next === null) {
    return {
      path: GITIGNORE_PATH,
      action: 'skip',
      reason: `it already ignores ${GITIGNORE_ENTRY}`,
    };
  }
  if (current === null) return { path: GITIGNORE_PATH, action: 'create', content: next };
  return {
    path: GITIGNORE_PATH,
    action: 'append',
    append: next.slice(current.length),
    note: `added ${GITIGNORE_ENTRY}`,
  };
}
