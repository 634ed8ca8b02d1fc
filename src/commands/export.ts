/**
 * `export`: read live workflows from one environment and turn them into specs.
 * The edge around liveToSpec — project, connection, reading, files. Every
 * check (environment, ids, workflows present, target files) runs before the
 * first write.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import type { ApiWorkflow } from '../clarifai/types.js';
import type { Diagnostic } from '../diagnostic.js';
import { hasErrors } from '../diagnostic.js';
import {
  configDiagnostics,
  environmentNamed,
  loadProjectFor,
  type Project,
} from './shared/project.js';
import { connectEnvironment } from './shared/connect-environment.js';
import { isLockWorkflowId } from '../plan/lock-id.js';
import { normaliseLive } from '../plan/normalise.js';
import type { WorkflowSpec } from '../spec/types.js';
import { liveToSpec } from '../export/live-to-spec.js';
import { defaultSpecDir, workflowSchemaHeader } from '../export/schema-header.js';
import { specsToYamlStream, specToYaml } from '../export/spec-to-yaml.js';
import { UserError } from '../user-error.js';
import { REDACTED, redactValues } from '../secrets.js';
import { targetPath, writeSpecFiles } from '../export/write-spec-files.js';

export interface ExportOptions {
  cwd: string;
  config?: string;
  env: string;
  /** Only these workflows (empty: every workflow of the app). */
  ids: string[];
  /** Write `<dir>/<id>.yaml` each instead of returning one stream. */
  outDir?: string;
  force: boolean;
  verbose?: boolean;
  log: (line: string) => void;
  /** Once aborted (a signal), no call is sent. */
  signal?: AbortSignal;
  /** Seconds one call may take (--timeout). */
  timeout?: number;
}

export interface ExportResult {
  /** Config problems; when any is an error nothing else happened. */
  diagnostics: Diagnostic[];
  specs: WorkflowSpec[];
  /** Unsupported live fields, by workflow. */
  warnings: string[];
  /** The multi-document YAML (no --out). */
  stream?: string;
  /** Files written (with --out), relative to cwd. */
  written: string[];
}

export async function runExport(opts: ExportOptions): Promise<ExportResult> {
  const project = await loadProjectFor({
    cwd: opts.cwd,
    ...(opts.config ? { config: opts.config } : {}),
  });
  const diagnostics = configDiagnostics(project, opts.cwd);
  const empty: ExportResult = { diagnostics, specs: [], warnings: [], written: [] };
  if (hasErrors(diagnostics)) return empty;
  const env = environmentNamed(project, opts.env);

  const outDir = opts.outDir === undefined ? undefined : resolve(opts.cwd, opts.outDir);
  const ids = [...new Set(opts.ids)];
  for (const id of ids) {
    if (isLockWorkflowId(id))
      throw new UserError(
        `\`${id}\` is a vtr-wf lease workflow; lease workflows are never exported`,
      );
    if (outDir) targetPath(outDir, id); // a bad id fails before any call
  }

  const api = await connectEnvironment(project, env, {
    ...(opts.verbose ? { verbose: true } : {}),
    log: opts.log,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.timeout !== undefined ? { timeout: opts.timeout } : {}),
  });
  let live: ApiWorkflow[];
  try {
    live = ids.length > 0 ? await readSome(api, ids, env.name) : await readAll(api);
  } finally {
    await api.close();
  }

  const warnings: string[] = [];
  const specs = live
    .map((workflow) => {
      const exported = liveToSpec(normaliseLive(workflow), {
        config: project.config,
        envName: env.name,
      });
      warnings.push(...redactValues(exported.warnings));
      // On the values, before any serialiser escapes or reshapes them (issue 14).
      const spec = redactValues(exported.spec);
      if (spec !== exported.spec) warnings.push(holdsTheKey(spec.id));
      return spec;
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  if (!outDir) {
    const header = workflowSchemaHeader(
      defaultSpecDir(project.config.workflows),
      project.config.dir,
    );
    return {
      ...empty,
      specs,
      warnings,
      stream: specs.length > 0 ? specsToYamlStream(specs, header) : '',
    };
  }
  refuseSecondSpec(project, outDir, specs, opts.cwd);
  const header = workflowSchemaHeader(outDir, project.config.dir);
  const files = specs.map((spec) => ({ id: spec.id, text: specToYaml(spec, header) }));
  const written = await writeSpecFiles(outDir, files, opts.force);
  return { ...empty, specs, warnings, written: written.map((p) => relative(opts.cwd, p) || p) };
}

/**
 * Exporting into the specs folder a workflow another spec file there already declares
 * would leave two specs with one id (the unmanaged-conflict flow: `export ID --out
 * workflows/` beside the spec that clashed). --force cannot help: it replaces the
 * target file, not the other one. Refused before any write, naming the file.
 */
function refuseSecondSpec(
  project: Project,
  outDir: string,
  specs: readonly WorkflowSpec[],
  cwd: string,
): void {
  const specsRoot = project.config.workflows;
  for (const spec of specs) {
    const target = targetPath(outDir, spec.id);
    const rel = relative(specsRoot, target);
    if (rel.startsWith('..') || isAbsolute(rel)) continue; // not among the specs
    const other = project.specs.find(
      (s) => s.spec.id === spec.id && resolve(cwd, s.source.file) !== target,
    );
    if (!other) continue;
    throw new UserError(
      `\`${spec.id}\` is already declared in ${other.source.file}; writing ${relative(cwd, target) || target} ` +
        'would make two specs with one id (nothing written). To take the live workflow as the spec, ' +
        'delete that spec first, or export to another folder and merge by hand',
    );
  }
}

function holdsTheKey(id: string): string {
  return (
    `\`${id}\` holds the API key in its live data; the spec has ${REDACTED} there — ` +
    'take the key out of the workflow (applying this spec would write the marker over it)'
  );
}

async function readAll(api: { listWorkflows(): Promise<ApiWorkflow[]> }): Promise<ApiWorkflow[]> {
  return (await api.listWorkflows()).filter((w) => !isLockWorkflowId(w.id));
}

/** Each named workflow; any missing one fails the export (naming all of them). */
async function readSome(
  api: { getWorkflow(id: string): Promise<ApiWorkflow | null> },
  ids: string[],
  envName: string,
): Promise<ApiWorkflow[]> {
  const found: ApiWorkflow[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const workflow = await api.getWorkflow(id);
    if (workflow) found.push(workflow);
    else missing.push(id);
  }
  if (missing.length > 0) {
    throw new UserError(
      `no workflow ${missing.map((id) => `\`${id}\``).join(', ')} in environment \`${envName}\`; nothing exported`,
    );
  }
  return found;
}
