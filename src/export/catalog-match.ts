/**
 * Which catalog alias names a concrete model version. Shared by `export`
 * (live nodes → aliases) and `import` (SDK nodes → aliases), so both turn the
 * same model into the same alias.
 */
import type { ModelRef } from '../spec/types.js';

export interface ConcreteModel {
  id: string;
  version: string;
  user_id?: string;
  app_id?: string;
}

/**
 * The first alias (in catalog order) whose entry has this model id and version.
 * An owner only rules a match out when both sides name one and they differ: a
 * catalog entry without an owner means "whatever the server fills", which is
 * what a live node reports back.
 */
export function findCatalogAlias(
  catalog: Readonly<Record<string, ModelRef>>,
  model: ConcreteModel,
): string | undefined {
  for (const [alias, entry] of Object.entries(catalog)) {
    if (entry.id !== model.id || entry.version !== model.version) continue;
    if (!sameWhereBothNamed(entry.user_id, model.user_id)) continue;
    if (!sameWhereBothNamed(entry.app_id, model.app_id)) continue;
    return alias;
  }
  return undefined;
}

function sameWhereBothNamed(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}
