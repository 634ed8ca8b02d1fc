/**
 * vtr-wf.yaml → Config: the working directory's (or --config's) file read,
 * checked against its schema and given the contract's defaults. A missing or
 * unreadable config still yields a Config (defaults, empty catalog), with the
 * problem in `diagnostics` and `catalogKnown` false.
 */
import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { UnplacedDiagnostic } from '../diagnostic.js';
import type { JsonValue } from '../json.js';
import { isJsonObject } from '../json.js';
import { buildConfig } from './build-config.js';
import { loadYamlFile } from './load-yaml-file.js';
import type { SourceFile } from './source.js';
import type { Config } from './types.js';

export const CONFIG_FILE_NAME = 'vtr-wf.yaml';

export interface LoadedConfig {
  config: Config;
  /** The config's path relative to the working directory, as diagnostics show it. */
  configFile: string;
  /** False without a usable catalog: alias checks are then skipped. */
  catalogKnown: boolean;
  /**
   * False when `workflows` is only the default because the config could not say
   * (missing, unparsable, not a mapping, `workflows` not a string): a missing
   * default folder is then a consequence of that error, not news.
   */
  workflowsKnown: boolean;
  source?: SourceFile;
  diagnostics: UnplacedDiagnostic[];
}

/**
 * @param explicitPath --config PATH, relative to cwd
 * @param pathsGiven validate's PATHs were given: a missing default config is then only a warning
 */
export function loadConfig(
  cwd: string,
  explicitPath: string | undefined,
  pathsGiven: boolean,
): LoadedConfig {
  const configPath = resolve(cwd, explicitPath ?? CONFIG_FILE_NAME);
  const configFile = relative(cwd, configPath) || CONFIG_FILE_NAME;
  const diagnostics: UnplacedDiagnostic[] = [];
  const result = (json: JsonValue, catalogKnown: boolean, source?: SourceFile): LoadedConfig => ({
    config: buildConfig(configPath, dirname(configPath), json),
    configFile,
    catalogKnown,
    workflowsKnown:
      !diagnostics.some((d) => d.severity === 'error') ||
      (isJsonObject(json) && typeof json.workflows === 'string'),
    ...(source ? { source } : {}),
    diagnostics,
  });

  if (!existsSync(configPath)) {
    const fatal = explicitPath !== undefined || !pathsGiven;
    diagnostics.push({
      code: 'config-not-found',
      severity: fatal ? 'error' : 'warning',
      message: fatal
        ? explicitPath === undefined
          ? `no ${CONFIG_FILE_NAME} in the working directory`
          : `config file ${configFile} does not exist`
        : `no ${CONFIG_FILE_NAME} in the working directory: model aliases are not checked`,
      file: configFile,
      pointer: '',
      document: 0,
      line: 0,
      column: 0,
      suggestion: 'run `vtr-wf init` to create one, or pass --config PATH',
    });
    return result({}, false);
  }

  const loaded = loadYamlFile(configPath, configFile, 'config');
  diagnostics.push(...loaded.diagnostics);
  const [first, second] = loaded.documents;
  if (second) {
    diagnostics.push({
      code: 'multiple-documents',
      severity: 'error',
      message: `${configFile} must hold one YAML document; this is document ${second.index + 1}`,
      file: configFile,
      pointer: '',
      document: second.index,
      suggestion: 'remove the `---` separators: one project config per file',
    });
  }
  // An empty config is all defaults; one that did not parse gives no catalog to trust.
  const readable = loaded.source !== undefined && !loaded.diagnostics.some(isUnreadable);
  if (!readable) return result({}, false, loaded.source);
  const json = first?.json ?? {};
  return result(json, isJsonObject(json), loaded.source);
}

const UNREADABLE = new Set([
  'yaml-syntax',
  'too-deep',
  'alias-limit',
  'read-error',
  'encoding',
  'too-large',
  'not-a-mapping',
]);

function isUnreadable(d: UnplacedDiagnostic): boolean {
  return UNREADABLE.has(d.code);
}
