/**
 * Where fmt looks when no PATH is given: the config's `workflows` path.
 * A minimal read of vtr-wf.yaml on purpose — fmt must work on a project
 * whose config does not validate yet, and needs nothing else from it.
 */
import { UserError } from '../user-error.js';
import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { readText } from '../spec/read-text.js';

const CONFIG_FILE_NAME = 'vtr-wf.yaml';
const DEFAULT_WORKFLOWS = 'workflows';

export interface WorkflowsRoot {
  /** Absolute path of the specs file or folder. */
  root: string;
  /** Absolute path of the config file (it may not exist). */
  config: string;
}

/** Where the specs are; throws a user-facing error if a config exists but can't be read. */
export function workflowsRoot(cwd: string, configOption?: string): WorkflowsRoot {
  const configPath = resolve(cwd, configOption ?? CONFIG_FILE_NAME);
  const shown = relative(cwd, configPath) || configPath;
  if (!existsSync(configPath)) {
    // Without a config, the conventional folder; a config named with --config must exist.
    if (configOption === undefined)
      return { root: resolve(cwd, DEFAULT_WORKFLOWS), config: configPath };
    throw new UserError(`no config file ${shown}`);
  }
  const read = readText(configPath, shown, 'config');
  if (!read.ok) throw new UserError(read.message);
  const doc = parseDocument(read.text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new UserError(`${shown} is not valid YAML; run \`vtr-wf validate\` for details`);
  }
  const workflows: unknown = doc.get('workflows');
  const root = resolve(
    dirname(configPath),
    typeof workflows === 'string' && workflows !== '' ? workflows : DEFAULT_WORKFLOWS,
  );
  return { root, config: configPath };
}

/** An error run-main prints as a message, without a stack trace. */
