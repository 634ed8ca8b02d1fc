/**
 * `import`: Clarifai SDK workflow files → specs. The edge around sdkYamlToSpecs:
 * the optional project (for its catalog), reading files, writing the result.
 * Any error anywhere means nothing is written.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import { hasErrors, sortDiagnostics } from '../diagnostic.js';
import { defaultSpecDir, workflowSchemaHeader } from '../export/schema-header.js';
import { specsToYamlStream, specToYaml } from '../export/spec-to-yaml.js';
import { writeSpecFiles } from '../export/write-spec-files.js';
import { configDiagnostics, loadProjectFor } from '../ops/project.js';
import { unplacedAt } from '../spec/positions.js';
import type { ModelRef, WorkflowSpec } from '../spec/types.js';
import { sdkYamlToSpecs } from './sdk-to-spec.js';

export interface ImportOptions {
  cwd: string;
  /** vtr-wf.yaml; without it, ./vtr-wf.yaml if there is one (the catalog is optional). */
  config?: string;
  files: string[];
  outDir?: string;
  force: boolean;
}

export interface ImportRun {
  diagnostics: Diagnostic[];
  specs: WorkflowSpec[];
  /** The multi-document YAML (no --out, no errors). */
  stream?: string;
  /** Files written (with --out), relative to cwd. */
  written: string[];
}

export async function runImport(opts: ImportOptions): Promise<ImportRun> {
  const project = await projectIfAny(opts);
  if (project && hasErrors(project.diagnostics))
    return { diagnostics: project.diagnostics, specs: [], written: [] };
  const catalog: Record<string, ModelRef> = project?.config.models ?? {};

  const diagnostics: Diagnostic[] = [];
  const specs: WorkflowSpec[] = [];
  const firstSeen = new Map<string, string>();
  for (const file of opts.files) {
    const path = resolve(opts.cwd, file);
    const shown = relative(opts.cwd, path) || file;
    const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
      diagnostics.push(
        fileProblem(
          shown,
          `can't read ${shown}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`,
        ),
      );
      return undefined;
    });
    if (text === undefined) continue;
    const result = sdkYamlToSpecs(text, shown, catalog);
    diagnostics.push(...result.diagnostics);
    for (const { spec } of result.workflows) {
      const earlier = firstSeen.get(spec.id);
      if (earlier) {
        diagnostics.push(
          fileProblem(
            shown,
            `workflow id \`${spec.id}\` is also imported from ${earlier}`,
            'import-duplicate-id',
          ),
        );
        continue;
      }
      firstSeen.set(spec.id, shown);
      const declared = project?.specs.find((s) => s.spec.id === spec.id);
      if (declared) {
        diagnostics.push({
          ...fileProblem(
            shown,
            `workflow \`${spec.id}\` is already declared in ${declared.source.file}`,
            'import-id-exists',
          ),
          severity: 'warning',
        });
      }
      specs.push(spec);
    }
  }
  const sorted = sortDiagnostics(diagnostics);
  if (hasErrors(sorted)) return { diagnostics: sorted, specs: [], written: [] };

  const projectDir = project?.config.dir ?? opts.cwd;
  if (opts.outDir === undefined) {
    const header = workflowSchemaHeader(
      project ? defaultSpecDir(project.config.workflows) : opts.cwd,
      projectDir,
    );
    return { diagnostics: sorted, specs, stream: specsToYamlStream(specs, header), written: [] };
  }
  const outDir = resolve(opts.cwd, opts.outDir);
  const header = workflowSchemaHeader(outDir, projectDir);
  const written = await writeSpecFiles(
    outDir,
    specs.map((spec) => ({ id: spec.id, text: specToYaml(spec, header) })),
    opts.force,
  );
  return { diagnostics: sorted, specs, written: written.map((p) => relative(opts.cwd, p) || p) };
}

/** The project when there is a config to read; import works without one (all models inline). */
async function projectIfAny(opts: ImportOptions) {
  if (!opts.config && !existsSync(resolve(opts.cwd, 'vtr-wf.yaml'))) return undefined;
  const project = await loadProjectFor({
    cwd: opts.cwd,
    ...(opts.config ? { config: opts.config } : {}),
  });
  // Spec problems are validate's business; only a broken config stops an import.
  return { ...project, diagnostics: configDiagnostics(project, opts.cwd) };
}

function fileProblem(file: string, message: string, code = 'import-file-unreadable'): Diagnostic {
  return unplacedAt(file, code, message);
}
