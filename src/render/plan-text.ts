/**
 * The plan for people on a terminal. First line, always, the summary in
 * Terraform's words: `Plan: 1 to create, 2 to update, 0 to delete.` With no
 * changes a second line says so: `No changes. 3 workflows up to date.`
 * (both lines, so scripts can match either). Then per change, deletions
 * first, a header (`- delete`, `~ update`, `+ create`), its field diffs and a
 * unified diff of its canonical YAML; then the ids vtr-wf will not touch.
 * Colour (red/green) only when asked. Pure.
 */
import type { CanonicalWorkflow, Plan, PlanChange } from '../plan/types.js';
import { changeSides, describeDiff, yamlDiffLines } from './plan-change-diff.js';
import { renderPlansSummaryText } from './plans-summary.js';
import { painter, type Paint } from './color.js';

export interface PlanTextOptions {
  color: boolean;
  /** Live canonical workflows by id, for plans saved without `before`. */
  live?: Record<string, CanonicalWorkflow>;
}

const HEADER = {
  create: '+ create',
  update: '~ update',
  delete: '- delete',
  rename: '~ rename',
} as const;
const HEADER_COLOR = {
  create: 'green',
  update: 'yellow',
  delete: 'red',
  rename: 'yellow',
} as const;

export function planSummaryLine(plan: Plan): string {
  const { create, update } = plan.summary;
  const rename = plan.summary.rename ?? 0;
  return `Plan: ${rename} to rename, ${create} to create, ${update} to update, ${plan.summary.delete} to delete.`;
}

export function renderPlanText(plan: Plan, opts: PlanTextOptions): string {
  const paint = painter(opts.color === true);
  const lines: string[] = [planSummaryLine(plan)];
  if (plan.changes.length === 0) {
    const n = plan.summary.unchanged;
    lines.push(`No changes. ${n} workflow${n === 1 ? '' : 's'} up to date.`);
  }
  for (const change of plan.changes) {
    lines.push('', paint(HEADER_COLOR[change.action], headerOf(change, plan)));
    const listsDiffs = change.action === 'update' || change.action === 'rename';
    for (const note of changeNotes(change)) lines.push('    ' + note);
    for (const diff of listsDiffs ? (change.diffs ?? []) : []) {
      lines.push('    ' + describeDiff(diff));
    }
    const diffLines = yamlDiffLines(changeSides(change, opts.live));
    if (diffLines.length > 0 && listsDiffs) lines.push('');
    for (const line of diffLines) lines.push('    ' + paintDiffLine(line, paint));
  }
  const conflicts = conflictLines(plan);
  if (conflicts.length > 0) lines.push('', ...conflicts.map((l) => paint('yellow', l)));
  return lines.join('\n') + '\n';
}

function headerOf(change: PlanChange, plan: Plan): string {
  const header =
    change.action === 'rename'
      ? `${HEADER.rename} ${change.from ?? '?'} → ${change.id}`
      : `${HEADER[change.action]} ${change.id}`;
  return change.adopt ? `${header} (adopt: adds the mark of project ${plan.project})` : header;
}

/** What a change does beyond its field diffs: a rollback names its versions and what it keeps. */
export function changeNotes(change: PlanChange): string[] {
  const rollback = change.rollback;
  if (!rollback) return [];
  const notes = [
    `rollback: restores version ${rollback.to_version} (live: ${rollback.from_version})`,
  ];
  if (rollback.kept.length > 0) {
    notes.push(
      `keeps the live ${rollback.kept.join(', ')}: a workflow version does not carry them`,
    );
  }
  return notes;
}

function paintDiffLine(line: string, paint: Paint): string {
  if (line.startsWith('@@')) return paint('cyan', line);
  if (line.startsWith('+')) return paint('green', line);
  if (line.startsWith('-')) return paint('red', line);
  return line;
}

/** Spec ids that collide with workflows vtr-wf may not touch: say why, and the way out. */
export function conflictLines(plan: Plan): string[] {
  const env = plan.environment;
  const lines: string[] = [];
  for (const id of plan.unmanaged) {
    lines.push(
      `! unmanaged ${id}: exists in ${env} without the vtr-wf mark and will not be changed; ` +
        `adopt it: vtr-wf export -e ${env} ${id} --out workflows/ then vtr-wf apply -e ${env} --adopt ${id}`,
    );
  }
  for (const id of plan.foreign ?? []) {
    lines.push(`! foreign ${id}: managed by another project in ${env}; it will not be touched`);
  }
  return lines;
}

/** `plan --all-envs`: the summary table, then each environment's plan under a heading. */
export function renderPlansText(plans: Record<string, Plan>, opts: { color: boolean }): string {
  const sections = Object.entries(plans).map(
    ([env, plan]) =>
      `\n== ${env} (${plan.user_id}/${plan.app_id}) ==\n` + renderPlanText(plan, opts),
  );
  return renderPlansSummaryText(plans) + sections.join('');
}
