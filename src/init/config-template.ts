/**
 * The vtr-wf.yaml that `init` writes: the VTR catalog, a `local` emulator
 * environment that works with no account, and a commented-out remote
 * environment showing what a real Clarifai app needs.
 */
import type { VtrModel } from '../vtr-models.js';
import { schemaHeader } from './schema-header.js';

export interface ConfigTemplateInput {
  project: string;
  /** posix path of the schemas folder relative to the project root. */
  schemaDir: string;
  models: readonly VtrModel[];
}

export function renderConfigTemplate(input: ConfigTemplateInput): string {
  return [
    schemaHeader('config', input.schemaDir, '.'),
    '# vtr-wf project config: the model catalog and the environments vtr-wf provisions.',
    commented(
      `project: ${yamlScalar(input.project)}`,
      'names what this repo manages; part of the mark',
    ),
    commented('workflows: workflows', 'a file or folder of workflow specs, relative to this file'),
    '',
    '# The model catalog: aliases that workflow nodes refer to, each pinned to a model version.',
    "# These are the models of Clarifai's Visual Text Recognition workflow.",
    'models:',
    ...catalogLines(input.models),
    '',
    'environments:',
    '  # The embedded Clarifai-compatible emulator: try vtr-wf with no account and no key.',
    '  local:',
    '    emulator: true',
    '',
    '  # A real Clarifai app. Uncomment, set user_id and app_id, and export CLARIFAI_PAT.',
    '  # staging:',
    '  #   endpoint: api.clarifai.com:443  # the default',
    '  #   user_id: your-user-id',
    '  #   app_id: vtr-staging',
    '  #   pat_env: CLARIFAI_PAT            # the variable holding the personal access token',
    '  #   models:                          # per-environment pins (see `vtr-wf promote`)',
    `  #     ${overrideExample(input.models)}`,
    '',
  ].join('\n');
}

const COMMENT_COLUMN = 32;

function commented(line: string, comment: string): string {
  return `${line.padEnd(COMMENT_COLUMN - 1)} # ${comment}`;
}

/** Quotes a name YAML would otherwise read as a number, boolean or null. */
function yamlScalar(value: string): string {
  const ambiguous =
    /^[0-9+.-]/.test(value) || /^(true|false|null|yes|no|on|off|y|n|~)$/i.test(value);
  return ambiguous ? JSON.stringify(value) : value;
}

/** One aligned flow mapping per model: the catalog reads as a table. */
function catalogLines(models: readonly VtrModel[]): string[] {
  const width = Math.max(0, ...models.map((m) => m.alias.length)) + 1;
  return models.map((m) => {
    const key = `${m.alias}:`.padEnd(width + 1);
    return `  ${key}{ id: "${m.id}", version: "${m.version}", role: ${m.role} }`;
  });
}

function overrideExample(models: readonly VtrModel[]): string {
  const last = models.at(-1);
  return last ? `${last.alias}: { version: "${last.version}" }` : '{}';
}
