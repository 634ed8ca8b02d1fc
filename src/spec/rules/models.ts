/**
 * Model rules of one workflow: an alias must exist in the catalog, and an
 * inline model must pin its version (no environment can pin it for it).
 */
import { basename } from 'node:path';
import type { Problem } from '../problem.js';
import { pointerOf } from '../../json-pointer.js';
import { didYouMean } from '../suggest.js';
import type { Config, WorkflowSpec } from '../types.js';

export function checkModels(spec: WorkflowSpec, config: Config, catalogKnown: boolean): Problem[] {
  const problems: Problem[] = [];
  const configName = basename(config.file) || 'vtr-wf.yaml';
  spec.nodes.forEach((node, i) => {
    const pointer = pointerOf(['nodes', i, 'model']);
    if (typeof node.model === 'string') {
      if (!catalogKnown || Object.hasOwn(config.models, node.model)) return;
      const aliases = Object.keys(config.models);
      problems.push({
        code: 'unknown-model',
        severity: 'error',
        message: `node \`${node.id}\` uses model \`${node.model}\`, which is not in the catalog (\`models:\` in ${configName})`,
        pointer,
        suggestion:
          didYouMean(node.model, aliases) ??
          `add \`${node.model}\` to \`models:\` in ${configName}, or write the model inline: { id: …, version: … }`,
      });
    } else if (!node.model.version) {
      problems.push({
        code: 'missing-version',
        severity: 'error',
        message: `node \`${node.id}\` pins no model version: its inline model has no \`version\``,
        pointer,
        suggestion: 'add `version: "<model version id>"` to the inline model',
      });
    }
  });
  return problems;
}
