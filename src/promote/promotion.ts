/**
 * What `promote --from A --to B` changes: for each alias whose effective pin
 * differs between A and B, B's override is rewritten so B's effective pin
 * becomes A's. Pure: config data in, a list of field edits out.
 *
 * A field of A's effective pin that equals the catalog's needs no override in
 * B, so B's override of it is removed; a field that differs is written.
 */
import type { Config, ModelRef } from '../spec/types.js';

/** The fields that say which model version a node runs (role is not a pin). */
export const PIN_FIELDS = ['id', 'version', 'user_id', 'app_id'] as const;
export type PinField = (typeof PIN_FIELDS)[number];

export interface PinEdit {
  alias: string;
  field: PinField;
  /** B's override value now; undefined when B has none. */
  before: string | undefined;
  /** B's override value after; undefined removes it. */
  after: string | undefined;
}

export interface AliasPromotion {
  alias: string;
  /** Effective pins, for the summary line (`version a → b`). */
  from: ModelRef;
  to: ModelRef;
  edits: PinEdit[];
}

export function planPromotion(
  config: Pick<Config, 'models' | 'environments'>,
  fromEnv: string,
  toEnv: string,
  aliases: readonly string[],
): AliasPromotion[] {
  const promotions: AliasPromotion[] = [];
  for (const alias of aliases) {
    const catalog = config.models[alias] ?? {};
    const source = effectivePin(config, fromEnv, alias);
    const target = effectivePin(config, toEnv, alias);
    if (PIN_FIELDS.every((f) => source[f] === target[f])) continue;
    const override = overrideOf(config, toEnv, alias);
    const edits: PinEdit[] = [];
    for (const field of PIN_FIELDS) {
      const before = override[field];
      const after = source[field] === catalog[field] ? undefined : source[field];
      if (before !== after) edits.push({ alias, field, before, after });
    }
    promotions.push({ alias, from: source, to: target, edits });
  }
  return promotions;
}

function overrideOf(config: Pick<Config, 'environments'>, env: string, alias: string): ModelRef {
  const models = config.environments[env]?.models ?? {};
  return Object.hasOwn(models, alias) ? (models[alias] ?? {}) : {};
}

function effectivePin(
  config: Pick<Config, 'models' | 'environments'>,
  env: string,
  alias: string,
): ModelRef {
  return { ...(config.models[alias] ?? {}), ...overrideOf(config, env, alias) };
}
