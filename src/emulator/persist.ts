/**
 * The emulator's state file: loaded once at start, rewritten after every
 * acknowledged write, before the answer goes out. Atomic — a temp file in the
 * same directory, written, fsynced, renamed over the old one, directory
 * fsynced — so a crash leaves the old state or the new one, never half of
 * one. A file that is not ours (corrupt, or another format) stops the
 * emulator with an error naming it: users' state is never silently reset.
 */
import { UserError } from '../user-error.js';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { boundedReadMessage, readBounded } from '../fs/read-bounded.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { isJsonObject, type JsonObject } from '../json.js';
import {
  STATE_FORMAT,
  STATE_VERSION,
  type StateFile,
  type StoredApp,
  type StoredWorkflow,
} from './state-types.js';
import { versionOf } from './versions.js';

/** A state file the emulator refuses to use. Shown to users as is (a UserError). */
export class EmulatorStateError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'EmulatorStateError';
  }
}

export function emptyState(): StateFile {
  return { format: STATE_FORMAT, version: STATE_VERSION, apps: {} };
}

/** 10,000 workflows with their versions are ~100 MB of state; far beyond is not ours. */
export const MAX_STATE_FILE_BYTES = 512 * 1024 * 1024;

/** Reads the state file; a missing file is an empty state (its directory is made). */
export async function loadState(file: string): Promise<StateFile> {
  const read = readBounded(file, { maxBytes: MAX_STATE_FILE_BYTES });
  if (!read.ok) {
    if (read.code !== 'ENOENT') {
      throw new EmulatorStateError(boundedReadMessage(read, file, 'state', MAX_STATE_FILE_BYTES));
    }
    await mkdir(path.dirname(file), { recursive: true });
    return emptyState();
  }
  const text = read.bytes.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new EmulatorStateError(
      `emulator state file ${file} is corrupt (not JSON: ${(e as Error).message}); ` +
        'fix it, or move it away to start with an empty state',
    );
  }
  return checkState(file, parsed);
}

function checkState(file: string, parsed: unknown): StateFile {
  const foreign = (why: string) =>
    new EmulatorStateError(
      `${file} is not a vtr-wf emulator state file (${why}); refusing to use or overwrite it — pass another --state file`,
    );
  if (!isJsonObject(parsed)) throw foreign('not a JSON object');
  if (parsed.format !== STATE_FORMAT)
    throw foreign(`its "format" is ${JSON.stringify(parsed.format ?? null)}`);
  if (typeof parsed.version !== 'number' || parsed.version > STATE_VERSION) {
    throw new EmulatorStateError(
      `emulator state file ${file} has version ${JSON.stringify(parsed.version ?? null)}; ` +
        `this vtr-wf reads version ${STATE_VERSION} — upgrade vtr-wf`,
    );
  }
  if (!isJsonObject(parsed.apps)) throw foreign('"apps" is not an object');
  for (const [key, app] of Object.entries(parsed.apps)) {
    if (
      !isJsonObject(app) ||
      typeof app.user_id !== 'string' ||
      typeof app.app_id !== 'string' ||
      !isJsonObject(app.workflows) ||
      !Object.values(app.workflows).every(
        (wf) => isJsonObject(wf) && typeof wf.id === 'string' && Array.isArray(wf.nodes),
      )
    ) {
      throw new EmulatorStateError(
        `emulator state file ${file} is corrupt: app "${key}" is malformed`,
      );
    }
  }
  for (const [key, app] of Object.entries(parsed.apps)) {
    for (const [id, wf] of Object.entries(
      (app as { workflows: Record<string, JsonObject> }).workflows,
    )) {
      const bad = malformedNode(wf);
      if (bad !== undefined) {
        throw new EmulatorStateError(
          `emulator state file ${file} is corrupt: workflow "${id}" of app "${key}" has a malformed node ${bad}; ` +
            'fix it, or move the file away to start with an empty state',
        );
      }
    }
  }
  const apps = parsed.apps as unknown as Record<string, StoredApp>;
  for (const app of Object.values(apps)) {
    for (const wf of Object.values(app.workflows)) migrateVersions(wf);
  }
  return { format: STATE_FORMAT, version: STATE_VERSION, apps };
}

/**
 * Checked at load, so a broken node is an error naming the file now rather
 * than INTERNAL on every later call: where a node (live or in a stored
 * version) is not an object with a string id, a model object and an array of
 * inputs, says which ("#2", "#1 of version v3").
 */
function malformedNode(wf: JsonObject): string | undefined {
  const badIn = (nodes: unknown): number | undefined => {
    if (!Array.isArray(nodes)) return 0;
    const i = nodes.findIndex(
      (n) =>
        !isJsonObject(n) ||
        typeof n.id !== 'string' ||
        !isJsonObject(n.model) ||
        (n.node_inputs !== undefined && !Array.isArray(n.node_inputs)),
    );
    return i === -1 ? undefined : i;
  };
  const live = badIn(wf.nodes);
  if (live !== undefined) return `#${live + 1}`;
  if (wf.versions === undefined) return undefined;
  if (!Array.isArray(wf.versions)) return '(its "versions" is not a list)';
  for (const version of wf.versions) {
    const at = isJsonObject(version) ? badIn(version.nodes) : 0;
    if (at !== undefined) {
      const name = isJsonObject(version) && typeof version.id === 'string' ? version.id : '?';
      return `#${at + 1} of version ${name}`;
    }
  }
  return undefined;
}

/**
 * A workflow from a version-1 state file has its live `version` but no
 * history: it gets one version, made from its current content, under the
 * live version's id (so what the API would call its version stays the same).
 */
function migrateVersions(wf: StoredWorkflow): void {
  if (Array.isArray(wf.versions) && wf.versions.length > 0) return;
  wf.versions = [versionOf(wf)];
}

/** Writes the state atomically; resolves once it is durable. */
export async function saveState(file: string, state: StateFile): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(state), { mode: 0o600 });
}
