/**
 * Every catalog model a node uses must pin a version in every environment —
 * from the catalog entry or the environment's override. Reported once per
 * model, at its catalog entry (where the fix goes), naming the environments.
 */
import { effectiveModel } from '../effective-model.js';
import type { UnplacedDiagnostic } from '../../diagnostic.js';
import { pointerOf } from '../../json-pointer.js';
import type { Config, LoadedSpec } from '../types.js';

export function checkPins(
  config: Config,
  specs: readonly LoadedSpec[],
  configFile: string,
): UnplacedDiagnostic[] {
  const usedBy = new Map<string, string[]>();
  for (const { spec } of specs) {
    for (const node of spec.nodes) {
      if (typeof node.model !== 'string' || !Object.hasOwn(config.models, node.model)) continue;
      const users = usedBy.get(node.model) ?? [];
      users.push(`${spec.id}/${node.id}`);
      usedBy.set(node.model, users);
    }
  }
  const envNames = Object.keys(config.environments);
  const diagnostics: UnplacedDiagnostic[] = [];
  for (const [alias, users] of usedBy) {
    const contexts = envNames.length > 0 ? envNames : [null];
    const unpinned = contexts.filter((env) => {
      const effective = effectiveModel(config, env, { model: alias });
      return effective.ok && !effective.model.version;
    });
    if (unpinned.length === 0) continue;
    const usedText = users.length > 1 ? `${users[0]} and ${users.length - 1} more` : users[0];
    const names = unpinned.filter((e): e is string => e !== null);
    const where =
      names.length === 0
        ? ''
        : names.length === 1
          ? ` in environment \`${names[0]}\``
          : ` in environments ${names.map((n) => `\`${n}\``).join(', ')}`;
    diagnostics.push({
      code: 'missing-version',
      severity: 'error',
      message: `model \`${alias}\` pins no version${where} (used by ${usedText})`,
      file: configFile,
      pointer: pointerOf(['models', alias]),
      document: 0,
      suggestion:
        names.length === 0
          ? 'add `version:` to this catalog entry'
          : `add \`version:\` to this catalog entry, or to environments.${names[0]}.models.${alias}`,
    });
  }
  return diagnostics;
}
