/**
 * Which files are specs: the given file, or every *.yaml / *.yml under the
 * given folder, nested folders included, in a stable order. Hidden entries
 * and node_modules are skipped; symlinked folders are followed once.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import { join } from 'node:path';
import { ioReason } from './read-text.js';

export interface FoundSpecFiles {
  /** Absolute paths. */
  files: string[];
  /** Folders or paths that could not be read: [absolute path, reason]. */
  failures: [string, string][];
}

const SPEC_FILE = /\.ya?ml$/i;

export function findSpecFiles(root: string): FoundSpecFiles {
  const failures: [string, string][] = [];
  let rootIsDir: boolean;
  try {
    rootIsDir = statSync(root).isDirectory();
  } catch (e) {
    return { files: [], failures: [[root, ioReason(e)]] };
  }
  // A file named explicitly is a spec whatever its extension.
  if (!rootIsDir) return { files: [root], failures };

  const files: string[] = [];
  const visited = new Set<string>();
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let entries: Dirent[];
    try {
      const real = realpathSync(dir);
      if (visited.has(real)) continue;
      visited.add(real);
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      failures.push([dir, ioReason(e)]);
      continue;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(path))) {
        pending.push(path);
      } else if (SPEC_FILE.test(entry.name)) {
        // Not only regular files: a FIFO or a broken link named *.yaml is reported by the reader.
        files.push(path);
      }
    }
  }
  files.sort(compareCodeUnits);
  return { files, failures: failures.sort((a, b) => compareCodeUnits(a[0], b[0])) };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Locale-independent order: the same on every machine. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
