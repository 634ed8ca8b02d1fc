/**
 * `import`: Clarifai SDK workflow files → specs. The edge around sdkYamlToSpecs:
 * the optional project (for its catalog), reading files, writing the result.
 * Any error anywhere means nothing is written.
 */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import { hasErrors, sortDiagnostics } from '../diagnostic.js';
import { defaultSpecDir, workflowSchemaHeader } from '../export/schema-header.js';
import { specsToYamlStream, specToYaml } from '../export/spec-to-yaml.js';
import { writeSpecFiles } from '../export/write-spec-files.js';
import { connectEnvironment, type ConnectionOptions } from './shared/connect-environment.js';
import { configDiagnostics, environmentNamed, loadProjectFor } from './shared/project.js';
import type { Project } from './shared/project.js';
import { unplacedAt } from '../spec/positions.js';
import { readText } from '../spec/read-text.js';
import type { ModelRef, WorkflowSpec } from '../spec/types.js';
import { UserError } from '../user-error.js';
import {
  sdkYamlToSpecs,
  unpinnedKey,
  type ChosenVersion,
  type ImportResult,
  type UnpinnedModel,
} from '../import/sdk-to-spec.js';

export interface ImportOptions extends ConnectionOptions {
  cwd: string;
  /**
   * `--resolve-latest -e ENV`: pin each model a node names without a version
   * to its newest trained version in this environment (needs vtr-wf.yaml).
   */
  resolveLatestFrom?: string;
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
  /** The versions --resolve-latest chose, one per node it pinned. */
  resolved: ChosenVersion[];
}

// Over 80 lines: read, convert, check and write share the project and the diagnostics; every fallible step runs before the first write, in one visible order.
export async function runImport(opts: ImportOptions): Promise<ImportRun> {
  const project = await projectIfAny(opts);
  if (project && hasErrors(project.diagnostics))
    return { diagnostics: project.diagnostics, specs: [], written: [], resolved: [] };
  if (opts.resolveLatestFrom !== undefined && !project)
    throw new UserError(
      '--resolve-latest reads versions from an environment of vtr-wf.yaml, and there is none here (use --config PATH)',
    );
  // A misspelt environment is an error even when every model is pinned (nothing to look up).
  if (opts.resolveLatestFrom !== undefined && project)
    environmentNamed(project, opts.resolveLatestFrom);
  const catalog: Record<string, ModelRef> = project?.config.models ?? {};

  const diagnostics: Diagnostic[] = [];
  const sources: { shown: string; text: string }[] = [];
  for (const file of opts.files) {
    const path = resolve(opts.cwd, file);
    const shown = relative(opts.cwd, path) || file;
    // Bounded like a spec file: an SDK export is a few KB; a FIFO or /dev/zero must not hang us.
    const read = readText(path, shown, 'import');
    if (read.ok) sources.push({ shown, text: read.text });
    else diagnostics.push(fileProblem(shown, read.message));
  }
  const convert = (latest?: ReadonlyMap<string, string | null>) =>
    sources.map(({ shown, text }) =>
      sdkYamlToSpecs(text, shown, {
        catalog,
        ...(project ? { config: project.config } : {}),
        ...(latest ? { latest, latestFrom: opts.resolveLatestFrom } : {}),
      }),
    );
  let results = convert();
  const unpinned = results.flatMap((r) => r.unpinned);
  if (opts.resolveLatestFrom !== undefined && project && unpinned.length > 0) {
    // Read before anything is written; a second conversion then pins what was found.
    results = convert(await latestVersions(project, opts.resolveLatestFrom, unpinned, opts));
  }

  const specs: WorkflowSpec[] = [];
  const firstSeen = new Map<string, string>();
  results.forEach((result, i) => {
    const shown = sources[i]!.shown;
    diagnostics.push(...result.diagnostics);
    for (const { spec, document, idAt } of result.workflows) {
      const earlier = firstSeen.get(spec.id);
      if (earlier) {
        diagnostics.push({
          code: 'import-duplicate-id',
          severity: 'error',
          message: `workflow id \`${spec.id}\` is also imported from ${earlier}`,
          file: shown,
          ...idAt,
          document,
        });
        continue;
      }
      firstSeen.set(spec.id, shown);
      const declared = project?.specs.find((s) => s.spec.id === spec.id);
      if (declared) {
        diagnostics.push({
          code: 'import-id-exists',
          severity: 'warning',
          message: `workflow \`${spec.id}\` is already declared in ${declared.source.file}`,
          file: shown,
          ...idAt,
          document,
        });
      }
      specs.push(spec);
    }
  });
  const sorted = sortDiagnostics(diagnostics);
  if (hasErrors(sorted)) return { diagnostics: sorted, specs: [], written: [], resolved: [] };
  const resolved = results.flatMap((r: ImportResult) => r.chosen);

  const projectDir = project?.config.dir ?? opts.cwd;
  if (opts.outDir === undefined) {
    const header = workflowSchemaHeader(
      project ? defaultSpecDir(project.config.workflows) : opts.cwd,
      projectDir,
    );
    return {
      diagnostics: sorted,
      specs,
      stream: specsToYamlStream(specs, header),
      written: [],
      resolved,
    };
  }
  const outDir = resolve(opts.cwd, opts.outDir);
  const header = workflowSchemaHeader(outDir, projectDir);
  const written = await writeSpecFiles(
    outDir,
    specs.map((spec) => ({ id: spec.id, text: specToYaml(spec, header) })),
    opts.force,
  );
  return {
    diagnostics: sorted,
    specs,
    written: written.map((p) => relative(opts.cwd, p) || p),
    resolved,
  };
}

/**
 * The newest trained version of each model, read from the environment (one
 * ListModelVersions per distinct model; null where it has none).
 */
async function latestVersions(
  project: Project,
  envName: string,
  models: readonly UnpinnedModel[],
  opts: ConnectionOptions,
): Promise<Map<string, string | null>> {
  const env = environmentNamed(project, envName);
  const api = await connectEnvironment(project, env, {
    ...(opts.verbose ? { verbose: true } : {}),
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.timeout !== undefined ? { timeout: opts.timeout } : {}),
  });
  try {
    const distinct = new Map(models.map((m) => [unpinnedKey(m), m]));
    const found = await Promise.all(
      [...distinct].map(async ([key, model]) => {
        const version = await api.latestModelVersion(model);
        return [key, version ? version.id : null] as const;
      }),
    );
    return new Map(found);
  } finally {
    await api.close();
  }
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
