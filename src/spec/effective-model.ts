/**
 * The model a node means in one environment: the catalog entry (or inline
 * model) with the environment's override laid over it. Shared by validate
 * (pins in every environment) and plan's resolve — one rule, one place.
 */
import type { Config, ModelRef, NodeSpec, Role } from './types.js';

export type EffectiveModel =
  | { ok: true; model: ModelRef; alias?: string }
  | { ok: false; reason: 'unknown-alias'; alias: string };

/**
 * @param envName null for the catalog alone (no environment's overrides).
 * Overrides apply to catalog aliases only; an inline model is taken as written.
 */
export function effectiveModel(
  config: Pick<Config, 'models' | 'environments'>,
  envName: string | null,
  node: Pick<NodeSpec, 'model'>,
): EffectiveModel {
  if (typeof node.model !== 'string') return { ok: true, model: { ...node.model } };
  const alias = node.model;
  const entry = Object.hasOwn(config.models, alias) ? config.models[alias] : undefined;
  if (!entry) return { ok: false, reason: 'unknown-alias', alias };
  const env = envName === null ? undefined : config.environments[envName];
  const override = env && Object.hasOwn(env.models, alias) ? env.models[alias] : undefined;
  return { ok: true, model: { ...entry, ...override }, alias };
}

/** Every (model id, version) a project names anywhere — the emulator knows these. */
export function namedModels(
  config: Pick<Config, 'models' | 'environments'>,
  nodes: Iterable<Pick<NodeSpec, 'model'>> = [],
): { id: string; version: string; user_id?: string; app_id?: string; role?: Role }[] {
  const seen = new Map<
    string,
    { id: string; version: string; user_id?: string; app_id?: string; role?: Role }
  >();
  const add = (m: ModelRef | undefined) => {
    if (!m?.id || !m.version) return;
    // Keyed by (owner, id, version): the same id named with and without an owner are two mentions.
    const key = [m.user_id ?? '', m.app_id ?? '', m.id, m.version].join('\u0000');
    if (!seen.has(key)) {
      seen.set(key, {
        id: m.id,
        version: m.version,
        ...(m.user_id ? { user_id: m.user_id } : {}),
        ...(m.app_id ? { app_id: m.app_id } : {}),
        ...(m.role ? { role: m.role } : {}),
      });
    }
  };
  for (const [alias, entry] of Object.entries(config.models)) {
    add(entry);
    for (const env of Object.values(config.environments)) {
      const o = Object.hasOwn(env.models, alias) ? env.models[alias] : undefined;
      if (o) add({ ...entry, ...o });
    }
  }
  for (const node of nodes) if (typeof node.model !== 'string') add(node.model);
  return [...seen.values()];
}
