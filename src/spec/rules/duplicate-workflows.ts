/**
 * Workflow ids are unique across all spec files: every occurrence is
 * reported, each naming the others, so both places are easy to find.
 */
import type { UnplacedDiagnostic } from '../../diagnostic.js';
import type { LoadedSpec, SpecSource } from '../types.js';

export function checkDuplicateWorkflows(specs: readonly LoadedSpec[]): UnplacedDiagnostic[] {
  const byId = new Map<string, SpecSource[]>();
  for (const { spec, source } of specs) {
    if (spec.id === '') continue;
    const sources = byId.get(spec.id) ?? [];
    sources.push(source);
    byId.set(spec.id, sources);
  }
  const diagnostics: UnplacedDiagnostic[] = [];
  for (const [id, sources] of byId) {
    if (sources.length < 2) continue;
    sources.forEach((source, i) => {
      const others = sources.filter((_, j) => j !== i).map(describeSource);
      diagnostics.push({
        code: 'duplicate-workflow-id',
        severity: 'error',
        message: `workflow id \`${id}\` is declared ${sources.length} times; also in ${others.join(', ')}`,
        file: source.file,
        pointer: '/id',
        document: source.document,
        suggestion: 'give each workflow its own id, or delete the copy',
      });
    });
  }
  return diagnostics;
}

function describeSource(source: SpecSource): string {
  return source.document === 0 ? source.file : `${source.file} (document ${source.document + 1})`;
}
