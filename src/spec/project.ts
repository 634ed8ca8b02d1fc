/**
 * The project loader — the library API every command starts from. This file
 * is the reading edge (discover, read, cache: vtr-wf.yaml and every spec);
 * assemble-project.ts decides (runs the rules on that data, pure) and returns
 * the typed project with ALL its problems (syntax, schema, rules), placed at
 * line:col.
 *
 * Without a vtr-wf.yaml: an error `config-not-found`, unless PATHs were given
 * (`vtr-wf validate some/dir`); then the specs are checked with an empty
 * catalog and no environments, alias checks are skipped, and
 * `config-not-found` is a warning (so `--strict` still fails).
 */
import { existsSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { Diagnostic, UnplacedDiagnostic } from '../diagnostic.js';
import { isJsonObject } from '../json.js';
import { buildWorkflowSpec } from './build-spec.js';
import { findSpecFiles } from './find-spec-files.js';
import { CONFIG_FILE_NAME, loadConfig } from './load-config.js';
import { loadYamlFile } from './load-yaml-file.js';
import { placeWithSources } from './place.js';
import type { SpecCache } from './spec-cache.js';
import type { SourceFile, SourceIndex } from './source.js';
import type { Config, LoadedSpec, WorkflowSpec } from './types.js';
import { assembleProject } from './assemble-project.js';
import { checkTestImages } from './test-images.js';

export { CONFIG_FILE_NAME };

export interface LoadProjectOptions {
  /** The working directory: the default config lives here, and diagnostics name files relative to it. */
  cwd: string;
  /** --config PATH (relative to cwd). */
  config?: string;
  /** validate's PATH… arguments (relative to cwd); they replace the config's `workflows`. */
  paths?: string[];
  /**
   * Reuse parsed specs from `.vtr-wf/cache/` beside vtr-wf.yaml (and update
   * it). For plan and apply of large projects; see spec-cache.ts.
   */
  cache?: boolean;
  /**
   * Called once the config is read and the spec files are found, before any
   * is read: plan starts its connection and live read here, so they overlap
   * with loading. With it, loading also yields to the event loop now and then
   * so that network work can proceed.
   */
  onSpecFiles?: (found: { config: Config; configOk: boolean; files: number }) => void;
  /**
   * Called with each spec as it is built, best-effort (the file may still have
   * errors): plan starts checking the model versions it pins while the rest load.
   */
  onSpec?: (spec: WorkflowSpec) => void;
  /**
   * With `cache`: the cache is not written before loading returns; this gets
   * the function that writes it, to run when the caller's thread is idle
   * (apply: while the read confirming its writes is awaited). Writing it is
   * best-effort either way: a cache that cannot be written is a miss next time.
   */
  saveCacheLater?: (save: () => Promise<void>) => void;
}

export interface Project {
  config: Config;
  /**
   * Every spec document that is a mapping, built best-effort. Use them only
   * when `diagnostics` has no errors (see hasErrors in diagnostic.ts).
   */
  specs: LoadedSpec[];
  /** All problems, placed and sorted (by file, document, line, column, code). */
  diagnostics: Diagnostic[];
  /** The config's text and absolute path, for commands that edit it (comments kept). */
  configSource?: { text: string; file: string };
  /** Parsed files by relative path (see placeDiagnostics). */
  sources: SourceIndex;
  /** Spec files read, relative to cwd, in order. */
  specFiles: string[];
}

// Over 80 lines: the reading edge's sequence (config, discover, read, cache, assemble) in one order; the deciding is in assemble-project.ts.
export async function loadProject(opts: LoadProjectOptions): Promise<Project> {
  const cwd = resolve(opts.cwd);
  // Most paths lie under cwd: slicing is the same answer as relative(), far cheaper per file.
  const under = cwd.endsWith(sep) ? cwd : cwd + sep;
  const show = (abs: string) =>
    abs.startsWith(under) && !abs.includes(`${sep}..`) && !abs.includes(`${sep}.${sep}`)
      ? abs.slice(under.length)
      : relative(cwd, abs) || '.';
  const sources = new Map<string, SourceFile>();
  const diagnostics: UnplacedDiagnostic[] = [];
  const paths = opts.paths ?? [];

  // --- the config
  const loadedConfig = loadConfig(cwd, opts.config, paths.length > 0);
  const { config, configFile, catalogKnown } = loadedConfig;
  diagnostics.push(...loadedConfig.diagnostics);
  if (loadedConfig.source) sources.set(configFile, loadedConfig.source);
  const configSource = loadedConfig.source
    ? { text: loadedConfig.source.text, file: config.file }
    : undefined;
  const configPath = config.file;

  // --- the specs
  const roots = paths.length > 0 ? paths.map((p) => resolve(cwd, p)) : [config.workflows];
  const specPaths: string[] = [];
  const seenPaths = new Set<string>([configPath]);
  for (const root of roots) {
    // The config's error already explains a default folder that is not there.
    if (paths.length === 0 && !loadedConfig.workflowsKnown && !existsSync(root)) continue;
    const found = findSpecFiles(root);
    for (const [path, reason] of found.failures) {
      diagnostics.push(
        fileDiagnostic('read-error', 'error', `cannot read ${show(path)}: ${reason}`, show(path)),
      );
    }
    if (found.files.length === 0 && found.failures.length === 0) {
      diagnostics.push(
        fileDiagnostic(
          'no-specs',
          'warning',
          `no *.yaml or *.yml spec files in ${show(root)}`,
          show(root),
        ),
      );
    }
    for (const path of found.files) {
      if (seenPaths.has(path)) continue;
      seenPaths.add(path);
      specPaths.push(path);
    }
  }
  opts.onSpecFiles?.({
    config,
    configOk: !loadedConfig.diagnostics.some((d) => d.severity === 'error'),
    files: specPaths.length,
  });
  const specs: LoadedSpec[] = [];
  // Loaded only when asked for: validate must not pay for node:crypto at startup.
  const cacheModule = opts.cache && configSource ? await import('./spec-cache.js') : undefined;
  const cache: SpecCache | undefined = cacheModule?.openSpecCache(dirname(configPath));
  const rules = cache ? cacheModule?.rulesKey(config, catalogKnown) : undefined;
  /** Each file's cache key, and the specs whose rules the cache already vouches for. */
  const cacheKeys = new Map<string, string>();
  const rulesAlreadyClean = new Set<WorkflowSpec>();
  for (const [n, path] of specPaths.entries()) {
    // Let the live read started by onSpecFiles send and receive between files.
    if (opts.onSpecFiles && n % YIELD_EVERY === YIELD_EVERY - 1) await yieldToEventLoop();
    const file = show(path);
    const loaded = loadYamlFile(path, file, 'workflow', cache);
    diagnostics.push(...loaded.diagnostics);
    if (loaded.source) sources.set(file, loaded.source);
    if (loaded.cacheKey !== undefined) cacheKeys.set(file, loaded.cacheKey);
    const vouched =
      loaded.cacheKey !== undefined &&
      rules !== undefined &&
      cache?.rulesClean(loaded.cacheKey, rules);
    for (const { index, json } of loaded.documents) {
      if (!isJsonObject(json)) continue;
      const spec = buildWorkflowSpec(json);
      specs.push({ spec, source: { file, document: index } });
      if (vouched) rulesAlreadyClean.add(spec);
      opts.onSpec?.(spec);
    }
  }

  // Test images: file status and magic bytes only (read here, at the reading edge).
  diagnostics.push(...checkTestImages(specs, { cwd, projectDir: config.dir }));

  const project = assembleProject({
    config,
    configFile,
    catalogKnown,
    specs,
    readDiagnostics: diagnostics,
    sources,
    ...(configSource ? { configSource } : {}),
    specFiles: specPaths.map(show),
    rulesAlreadyClean,
  });
  if (cache && rules !== undefined) {
    // A file no check of this whole run had anything to say about: its rules are clean under this config.
    const spoken = new Set(project.diagnostics.map((d) => d.file));
    for (const [file, key] of cacheKeys) if (!spoken.has(file)) cache.markRulesClean(key, rules);
    if (opts.saveCacheLater) opts.saveCacheLater(() => cache.save());
    else await cache.save();
  }
  return project;
}

const YIELD_EVERY = 50;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Places diagnostics found later (plan-time checks addressed by file,
 * document and JSON pointer) in the project's parsed files.
 */
export function placeDiagnostics(
  project: Pick<Project, 'sources'>,
  diagnostics: readonly UnplacedDiagnostic[],
): Diagnostic[] {
  return placeWithSources(diagnostics, project.sources);
}

function fileDiagnostic(
  code: string,
  severity: 'error' | 'warning',
  message: string,
  file: string,
): UnplacedDiagnostic {
  return { code, severity, message, file, pointer: '', document: 0, line: 0, column: 0 };
}
