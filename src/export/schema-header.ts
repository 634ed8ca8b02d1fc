/**
 * The `# yaml-language-server: $schema=…` line heading a written spec, so
 * editors check it as it is typed. Specs get committed and cloned elsewhere,
 * so the reference must hold on a teammate's machine too:
 *   1. the project's own install (`node_modules/vtr-wf/schemas/…`, shared
 *      through package.json), relative to the written file's folder;
 *   2. the running vtr-wf's schema when it lives inside the project (this
 *      repo, or a vendored copy), relative likewise;
 *   3. else (a global install somewhere on this machine) the published file
 *      for this version, by URL.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../version.js';

const SCHEMA_FILE = 'workflow.schema.json';

/** The header text without the leading `# `. */
export function workflowSchemaHeader(fileDir: string, projectDir: string): string {
  return `yaml-language-server: $schema=${workflowSchemaRef(fileDir, projectDir)}`;
}

function workflowSchemaRef(fileDir: string, projectDir: string): string {
  const projectInstall = join(projectDir, 'node_modules', 'vtr-wf', 'schemas', SCHEMA_FILE);
  // dist/export/ (built) and src/export/ (tests) both sit two levels below the package root.
  const running = fileURLToPath(new URL(`../../schemas/${SCHEMA_FILE}`, import.meta.url));
  for (const candidate of [projectInstall, running]) {
    if (!existsSync(candidate) || !isInside(projectDir, candidate)) continue;
    const rel = relative(fileDir, candidate).split(sep).join('/');
    return rel.startsWith('.') ? rel : `./${rel}`;
  }
  return `https://unpkg.com/vtr-wf@${VERSION}/schemas/${SCHEMA_FILE}`;
}

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** The folder specs printed to stdout most likely end up in: the project's `workflows`. */
export function defaultSpecDir(workflowsPath: string): string {
  return /\.ya?ml$/i.test(workflowsPath) ? dirname(workflowsPath) : workflowsPath;
}
