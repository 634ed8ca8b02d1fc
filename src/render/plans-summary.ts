/**
 * `plan --all-envs`: one table, environment × rename / create / update / delete /
 * unchanged, before the plans themselves. Environments keep the caller's
 * order (the config's: dev, staging, prod reads top to bottom). Pure.
 */
import type { Plan } from '../plan/types.js';

const COLUMNS = ['rename', 'create', 'update', 'delete', 'unchanged'] as const;

function rows(plans: Record<string, Plan>): string[][] {
  return Object.entries(plans).map(([env, plan]) => [
    env,
    ...COLUMNS.map((column) => String(plan.summary[column] ?? 0)),
  ]);
}

export function renderPlansSummaryText(plans: Record<string, Plan>): string {
  const header = ['ENVIRONMENT', ...COLUMNS.map((c) => c.toUpperCase())];
  const table = [header, ...rows(plans)];
  const widths = header.map((_, i) => Math.max(...table.map((row) => (row[i] as string).length)));
  // Names left-aligned, counts right-aligned, two spaces between columns.
  const format = (row: string[]) =>
    row
      .map((cell, i) =>
        i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number),
      )
      .join('  ')
      .trimEnd();
  return table.map(format).join('\n') + '\n';
}

export function renderPlansSummaryMarkdown(plans: Record<string, Plan>): string {
  const lines = [
    '| environment | rename | create | update | delete | unchanged |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows(plans).map(([env, ...counts]) => `| \`${env}\` | ${counts.join(' | ')} |`),
  ];
  return lines.join('\n') + '\n';
}
