/**
 * fmt's `--format json`: one object on stdout, problems included (nothing on stderr).
 *   {"check": bool, "files": [...], "changed": [...], "problems": [{file, line, column, code, message}]}
 */
import type { FmtReport } from '../commands/fmt.js';

export function renderFmtJson(report: FmtReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
