/**
 * The `# yaml-language-server: $schema=…` line heading a spec that `export` or
 * `import` writes. The same rule as `init` (see init/schema-location.ts): the
 * project's own install, or the running vtr-wf's schemas when they live inside
 * the project, always as a path relative to the written file — so the header
 * holds in every clone and never needs the network.
 */
import { dirname, relative, sep } from 'node:path';
import { schemaHeader } from '../init/schema-header.js';
import { locateSchemas } from '../init/schema-location.js';

/** The header text without the leading `# `. */
export function workflowSchemaHeader(fileDir: string, projectDir: string): string {
  const { schemaDir } = locateSchemas(projectDir);
  const fileDirFromProject = relative(projectDir, fileDir).split(sep).join('/') || '.';
  return schemaHeader('workflow', schemaDir, fileDirFromProject).replace(/^# /, '');
}

/** The folder specs printed to stdout most likely end up in: the project's `workflows`. */
export function defaultSpecDir(workflowsPath: string): string {
  return /\.ya?ml$/i.test(workflowsPath) ? dirname(workflowsPath) : workflowsPath;
}
