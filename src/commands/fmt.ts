/**
 * `vtr-wf fmt` without the terminal: find the spec files, format each in
 * memory, then — only after everything fallible but the writes is done —
 * rewrite the files that changed (unless checking). A file with a problem is
 * never touched; the others still are.
 */
import { relative, resolve, sep } from 'node:path';
import { compareCodeUnits, findSpecFiles } from '../spec/find-spec-files.js';
import { ioReason, readText } from '../spec/read-text.js';
import { formatSpec } from '../fmt/format.js';
import { workflowsRoot } from '../fmt/workflows-root.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';

export interface FmtOptions {
  cwd: string;
  /** --config PATH */
  config?: string;
  /** Files or folders; empty means the config's `workflows` path. */
  paths: string[];
  /** Write nothing; only say what would change. */
  check: boolean;
}

export interface FmtProblem {
  /** Relative to cwd. */
  file: string;
  /** 1-based; 0 when the problem has no position. */
  line: number;
  column: number;
  /** `read-error`, `encoding`, `too-large`, `yaml-syntax`, `fmt-unsafe` or `write-error`. */
  code: string;
  message: string;
}

export interface FmtReport {
  check: boolean;
  /** Every spec file looked at, relative to cwd, sorted. */
  files: string[];
  /** Files rewritten (or, with check, that would be), relative to cwd, sorted. */
  changed: string[];
  problems: FmtProblem[];
}

export async function runFmt(opts: FmtOptions): Promise<FmtReport> {
  const cwd = resolve(opts.cwd);
  const show = (abs: string) => (relative(cwd, abs) || abs).split(sep).join('/');
  const fromConfig = opts.paths.length > 0 ? undefined : workflowsRoot(cwd, opts.config);
  const roots = fromConfig ? [fromConfig.root] : opts.paths.map((p) => resolve(cwd, p));

  const problems: FmtProblem[] = [];
  const files = new Set<string>();
  for (const root of roots) {
    const found = findSpecFiles(root);
    for (const [path, reason] of found.failures) {
      problems.push(problemAt(show(path), 'read-error', `cannot read ${show(path)}: ${reason}`));
    }
    for (const file of found.files) {
      // `workflows: .` would sweep in vtr-wf.yaml itself: it is not a spec (validate skips it too).
      if (file !== fromConfig?.config) files.add(file);
    }
  }

  const rewrites: { path: string; text: string }[] = [];
  for (const path of [...files].sort(compareCodeUnits)) {
    const file = show(path);
    const read = readText(path, file, 'spec');
    if (!read.ok) {
      problems.push({
        file,
        line: read.line ?? 0,
        column: read.column ?? 0,
        code: read.code,
        message: read.message,
      });
      continue;
    }
    const outcome = formatSpec(read.text);
    problems.push(...outcome.problems.map((p) => ({ file, ...p })));
    if (outcome.problems.length === 0 && outcome.changed)
      rewrites.push({ path, text: outcome.text });
  }

  const changed: string[] = [];
  for (const { path, text } of rewrites) {
    if (!opts.check) {
      try {
        await writeFileAtomic(path, text);
      } catch (e) {
        problems.push(
          problemAt(show(path), 'write-error', `cannot write ${show(path)}: ${ioReason(e)}`),
        );
        continue;
      }
    }
    changed.push(show(path));
  }

  return {
    check: opts.check,
    files: [...files].map(show).sort(compareCodeUnits),
    changed: changed.sort(compareCodeUnits),
    problems,
  };
}

function problemAt(file: string, code: string, message: string): FmtProblem {
  return { file, line: 0, column: 0, code, message };
}
