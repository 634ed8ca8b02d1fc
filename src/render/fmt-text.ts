/**
 * fmt's text output. stdout: the files changed (or that would change), one a
 * line, so `vtr-wf fmt --check | xargs …` works. stderr: the problems, in
 * validate's compiler style (`file:line:col: error code message`).
 */
import type { FmtProblem, FmtReport } from '../commands/fmt.js';
import { painter } from './color.js';

export function renderFmtText(report: FmtReport): string {
  return report.changed.map((file) => `${file}\n`).join('');
}

export function renderFmtProblems(report: FmtReport, opts: { color?: boolean } = {}): string {
  return report.problems.map((p) => renderProblem(p, opts.color === true)).join('');
}

function renderProblem(p: FmtProblem, color: boolean): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.column}` : p.file;
  const paint = painter(color);
  const severity = paint('red', 'error');
  const location = paint('bold', where);
  return `${location}: ${severity} ${p.code} ${p.message.replace(/\r?\n/g, ' ')}\n`;
}

/** One line for --verbose: what fmt did. */
export function renderFmtSummary(report: FmtReport): string {
  const verb = report.check ? 'would change' : 'changed';
  const problems = report.problems.length;
  return (
    `${report.files.length} file(s) checked, ${report.changed.length} ${verb}` +
    (problems > 0 ? `, ${problems} problem(s)` : '') +
    '\n'
  );
}
