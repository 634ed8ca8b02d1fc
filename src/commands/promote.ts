/**
 * `promote`: copy one environment's effective pins into another's overrides
 * in vtr-wf.yaml. The edge around planPromotion/applyPinEdits: the project,
 * the file, the diff, the atomic write. Everything is computed (and the new
 * text verified) before the file is touched.
 */
import { chmod, stat } from 'node:fs/promises';
import { readBoundedOrThrow } from '../fs/read-bounded.js';
import { MAX_FILE_BYTES } from '../spec/limits.js';
import { relative } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { Diagnostic } from '../diagnostic.js';
import { hasErrors } from '../diagnostic.js';
import { UserError } from '../user-error.js';
import { nearest } from '../spec/suggest.js';
import { configDiagnostics, environmentNamed, loadProjectFor } from './shared/project.js';
import { writeOutputFile } from '../fs/write-output.js';
import { applyPinEdits } from '../promote/edit-config.js';
import type { AliasPromotion } from '../promote/promotion.js';
import { planPromotion } from '../promote/promotion.js';

export interface PromoteOptions {
  cwd: string;
  config?: string;
  from: string;
  to: string;
  /** Only these aliases (empty: the whole catalog). */
  models: string[];
  dryRun: boolean;
}

export interface PromoteResult {
  diagnostics: Diagnostic[];
  /** vtr-wf.yaml, relative to cwd. */
  file: string;
  promotions: AliasPromotion[];
  /** Unified diff of the file; '' when nothing changes. */
  diff: string;
  /** Whether the file was rewritten (false on a no-op or --dry-run). */
  written: boolean;
}

export async function runPromote(opts: PromoteOptions): Promise<PromoteResult> {
  const project = await loadProjectFor({
    cwd: opts.cwd,
    ...(opts.config ? { config: opts.config } : {}),
  });
  const file = relative(opts.cwd, project.config.file) || project.config.file;
  const diagnostics = configDiagnostics(project, opts.cwd);
  const result: PromoteResult = { diagnostics, file, promotions: [], diff: '', written: false };
  if (hasErrors(diagnostics)) return result;

  const from = environmentNamed(project, opts.from).name;
  const to = environmentNamed(project, opts.to).name;
  if (from === to) throw new UserError(`--from and --to are both \`${from}\`; nothing to promote`);
  const aliases = selectedAliases(Object.keys(project.config.models), opts.models);

  const promotions = planPromotion(project.config, from, to, aliases);
  result.promotions = promotions;
  if (promotions.length === 0) return result;

  const before = readBoundedOrThrow(project.config.file, 'config', {
    maxBytes: MAX_FILE_BYTES,
  }).toString('utf8');
  const after = applyPinEdits(
    before,
    to,
    promotions.flatMap((p) => p.edits),
  );
  result.diff = createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, undefined, undefined, {
    headerOptions: { includeIndex: false, includeUnderline: false, includeFileHeaders: true },
  });
  if (opts.dryRun || after === before) return result;

  const mode = (await stat(project.config.file)).mode & 0o777;
  await writeOutputFile(project.config.file, after);
  await chmod(project.config.file, mode); // keep the permissions the user gave the file
  result.written = true;
  return result;
}

/** `--models a,b` checked against the catalog; an unknown alias names the nearest. */
function selectedAliases(catalog: string[], requested: string[]): string[] {
  if (requested.length === 0) return catalog;
  for (const alias of requested) {
    if (catalog.includes(alias)) continue;
    const match = nearest(alias, catalog);
    throw new UserError(
      `unknown model alias \`${alias}\` in --models; the catalog has ${catalog.join(', ') || 'none'}` +
        (match ? ` (did you mean \`${match}\`?)` : ''),
    );
  }
  return catalog.filter((alias) => requested.includes(alias));
}
