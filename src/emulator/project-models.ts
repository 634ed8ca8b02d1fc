/**
 * Which models a project names — so `vtr-wf emulator --config` knows them.
 * A deliberately forgiving reader of vtr-wf.yaml and the specs: `validate`
 * is where mistakes are reported; here anything unreadable is skipped, and
 * every (id, version) that can be read becomes a known model.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { isJsonObject, type JsonObject } from '../json.js';
import { namedModels } from '../spec/effective-model.js';
import type { Config, ModelRef } from '../spec/types.js';
import type { KnownModel } from './models.js';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function modelRef(value: unknown): ModelRef {
  if (!isJsonObject(value)) return {};
  const ref: ModelRef = {};
  for (const key of ['id', 'version', 'user_id', 'app_id'] as const) {
    const v = text(value[key]);
    if (v !== undefined) ref[key] = v;
  }
  return ref;
}

function modelRefs(value: unknown): Record<string, ModelRef> {
  const refs = Object.create(null) as Record<string, ModelRef>;
  if (isJsonObject(value))
    for (const [alias, entry] of Object.entries(value)) refs[alias] = modelRef(entry);
  return refs;
}

function specFiles(root: string): string[] {
  let stat;
  try {
    stat = statSync(root);
  } catch {
    return [];
  }
  if (!stat.isDirectory()) return [root];
  const files: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.ya?ml$/i.test(entry.name))
      files.push(path.join(entry.parentPath, entry.name));
  }
  return files.filter(
    (f) => !f.split(path.sep).some((part) => part.startsWith('.') || part === 'node_modules'),
  );
}

/** Inline `model: {id, version}` of every node of every spec document. */
function inlineModels(root: string): { model: ModelRef }[] {
  const nodes: { model: ModelRef }[] = [];
  for (const file of specFiles(root)) {
    let documents;
    try {
      documents = parseAllDocuments(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    for (const doc of Array.isArray(documents) ? documents : [documents]) {
      let data: unknown;
      try {
        data = doc.toJS();
      } catch {
        continue;
      }
      const specNodes = isJsonObject(data) && Array.isArray(data.nodes) ? data.nodes : [];
      for (const node of specNodes) {
        if (isJsonObject(node) && isJsonObject(node.model))
          nodes.push({ model: modelRef(node.model) });
      }
    }
  }
  return nodes;
}

/** Every model the config at `configFile` names: catalog, environment overrides, inline spec models. */
export function projectModels(configFile: string): KnownModel[] {
  const data: unknown = parse(readFileSync(configFile, 'utf8'));
  const root: JsonObject = isJsonObject(data) ? data : {};
  const dir = path.dirname(configFile);
  const environments: Config['environments'] = Object.create(null);
  if (isJsonObject(root.environments)) {
    for (const [name, env] of Object.entries(root.environments)) {
      environments[name] = {
        name,
        kind: 'emulator',
        user_id: '',
        app_id: '',
        state: '',
        models: modelRefs(isJsonObject(env) ? env.models : undefined),
      };
    }
  }
  const config = { models: modelRefs(root.models), environments };
  const workflows = path.resolve(dir, text(root.workflows) ?? 'workflows');
  return namedModels(config, inlineModels(workflows));
}
