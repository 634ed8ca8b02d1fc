/**
 * The `.gitignore` entry for `.vtr-wf/` (emulator state, backups of overwritten
 * workflows): appended when missing, never duplicated, the rest left alone.
 */

export const GITIGNORE_ENTRY = '.vtr-wf/';

/** Lines that already ignore the folder, written any of the usual ways. */
const EQUIVALENT_ENTRIES = new Set([
  '.vtr-wf',
  '.vtr-wf/',
  '/.vtr-wf',
  '/.vtr-wf/',
  '.vtr-wf/*',
  '/.vtr-wf/*',
]);

export function ignoresVtrWfFolder(gitignore: string): boolean {
  return gitignore.split(/\r?\n/).some((line) => EQUIVALENT_ENTRIES.has(line.trim()));
}

/**
 * The new content of `.gitignore`, or null when nothing needs adding.
 * @param existing the current content, or null when there is no file
 */
export function gitignoreWithEntry(existing: string | null): string | null {
  const block = `# vtr-wf: emulator state and backups\n${GITIGNORE_ENTRY}\n`;
  if (existing === null || existing === '') return block;
  if (ignoresVtrWfFolder(existing)) return null;
  const separator = existing.endsWith('\n') ? '' : '\n';
  return `${existing}${separator}${block}`;
}
