/**
 * `previous_ids` (renames): each previous id is a valid workflow id, is not
 * the spec's own id, is not another spec's id, and is claimed by one spec
 * only — otherwise a plan could not tell which workflow a live one becomes.
 */
import type { UnplacedDiagnostic } from '../../diagnostic.js';
import type { Problem } from '../problem.js';
import type { LoadedSpec, SpecSource, WorkflowSpec } from '../types.js';
import { checkId } from './ids.js';

/** Per spec: id syntax and "not its own id". */
export function checkPreviousIds(spec: WorkflowSpec): Problem[] {
  const problems: Problem[] = [];
  (spec.previous_ids ?? []).forEach((previous, i) => {
    const pointer = `/previous_ids/${i}`;
    // The length warning is about ids people read in plans: an old id is on its way out.
    problems.push(...checkId(previous, pointer, 'workflow').filter((p) => p.code !== 'id-long'));
    if (previous !== '' && previous === spec.id) {
      problems.push({
        code: 'previous-id-self',
        severity: 'error',
        message: `previous id \`${previous}\` is the workflow's own id`,
        pointer,
        suggestion: 'list only ids the workflow had before; remove this one',
      });
    }
  });
  return problems;
}

/** Across specs: a previous id that is another spec's id, or that two specs claim. */
export function checkPreviousIdClaims(specs: readonly LoadedSpec[]): UnplacedDiagnostic[] {
  const specIds = new Map<string, SpecSource>();
  for (const { spec, source } of specs) if (spec.id !== '') specIds.set(spec.id, source);
  const claims = new Map<string, { spec: WorkflowSpec; source: SpecSource; index: number }[]>();
  for (const { spec, source } of specs) {
    (spec.previous_ids ?? []).forEach((previous, index) => {
      if (previous === '' || previous === spec.id) return;
      const list = claims.get(previous) ?? [];
      // One spec listing an id twice claims it once.
      if (!list.some((c) => c.spec === spec)) list.push({ spec, source, index });
      claims.set(previous, list);
    });
  }
  const diagnostics: UnplacedDiagnostic[] = [];
  for (const [previous, list] of claims) {
    const owner = specIds.get(previous);
    for (const claim of list) {
      const at = {
        file: claim.source.file,
        document: claim.source.document,
        pointer: `/previous_ids/${claim.index}`,
      };
      if (owner) {
        diagnostics.push({
          code: 'previous-id-taken',
          severity: 'error',
          message: `previous id \`${previous}\` of \`${claim.spec.id}\` is the id of another spec (${describe(owner)})`,
          ...at,
          suggestion: `a workflow cannot be renamed to \`${claim.spec.id}\` while a spec still declares \`${previous}\`: remove one of them`,
        });
      } else if (list.length > 1) {
        const others = list.filter((c) => c !== claim).map((c) => `\`${c.spec.id}\``);
        diagnostics.push({
          code: 'previous-id-claimed',
          severity: 'error',
          message: `previous id \`${previous}\` is claimed by \`${claim.spec.id}\` and by ${others.join(', ')}`,
          ...at,
          suggestion: 'a live workflow can be renamed into one spec only: keep the id in one list',
        });
      }
    }
  }
  return diagnostics;
}

function describe(source: SpecSource): string {
  return source.document === 0 ? source.file : `${source.file} (document ${source.document + 1})`;
}
