/**
 * Checked JSON of vtr-wf.yaml → Config, with the contract's defaults and
 * paths resolved from the config's folder. Best effort like build-spec.ts.
 * Records are prototype-free so an alias named `constructor` or `__proto__`
 * is just an alias.
 */
import { resolve } from 'node:path';
import type { JsonObject, JsonValue } from '../json.js';
import { isJsonObject } from '../json.js';
import { buildModelRef, own, scalarText } from './build-spec.js';
import type { Config, Environment, ModelRef } from './types.js';

export const DEFAULT_PROJECT = 'default';
export const DEFAULT_WORKFLOWS = 'workflows';
export const DEFAULT_ENDPOINT = 'api.clarifai.com:443';
export const DEFAULT_PAT_ENV = 'CLARIFAI_PAT';
export const DEFAULT_EMULATOR_USER = 'local';
export const DEFAULT_EMULATOR_STATE = '.vtr-wf/emulator.json';

/** @param file absolute path of vtr-wf.yaml (it need not exist: then `data` is {}). */
export function buildConfig(file: string, dir: string, data: JsonValue): Config {
  const root = isJsonObject(data) ? data : {};
  const project = own(root, 'project');
  const workflows = own(root, 'workflows');
  return {
    file,
    dir,
    project: typeof project === 'string' && project !== '' ? project : DEFAULT_PROJECT,
    workflows: resolve(
      dir,
      typeof workflows === 'string' && workflows !== '' ? workflows : DEFAULT_WORKFLOWS,
    ),
    models: buildModels(own(root, 'models')),
    environments: buildEnvironments(own(root, 'environments'), dir),
  };
}

function buildModels(value: JsonValue | undefined): Record<string, ModelRef> {
  const models = Object.create(null) as Record<string, ModelRef>;
  if (!isJsonObject(value)) return models;
  for (const [alias, entry] of Object.entries(value)) {
    models[alias] = isJsonObject(entry) ? buildModelRef(entry) : {};
  }
  return models;
}

function buildEnvironments(value: JsonValue | undefined, dir: string): Record<string, Environment> {
  const environments = Object.create(null) as Record<string, Environment>;
  if (!isJsonObject(value)) return environments;
  for (const [name, entry] of Object.entries(value)) {
    environments[name] = buildEnvironment(name, isJsonObject(entry) ? entry : {}, dir);
  }
  return environments;
}

function buildEnvironment(name: string, data: JsonObject, dir: string): Environment {
  const text = (key: string) => {
    const v = scalarText(own(data, key));
    return v === '' ? undefined : v;
  };
  const models = buildModels(own(data, 'models'));
  const timeout = own(data, 'timeout');
  // The schema holds the range; an invalid value is reported there, never used.
  const timeoutPart = typeof timeout === 'number' && timeout > 0 ? { timeout } : {};
  if (own(data, 'emulator') === true) {
    return {
      name,
      kind: 'emulator',
      user_id: text('user_id') ?? DEFAULT_EMULATOR_USER,
      app_id: text('app_id') ?? name,
      state: resolve(dir, text('state') ?? DEFAULT_EMULATOR_STATE),
      ...timeoutPart,
      models,
    };
  }
  const tls = own(data, 'tls');
  const caFile = text('ca_file');
  return {
    name,
    kind: 'remote',
    endpoint: text('endpoint') ?? DEFAULT_ENDPOINT,
    user_id: text('user_id') ?? '',
    app_id: text('app_id') ?? '',
    pat_env: text('pat_env') ?? DEFAULT_PAT_ENV,
    key_type: text('key_type') === 'app' ? 'app' : 'pat',
    tls: tls === true || tls === false ? tls : 'auto',
    ...(caFile !== undefined ? { ca_file: resolve(dir, caFile) } : {}),
    ...timeoutPart,
    models,
  };
}
