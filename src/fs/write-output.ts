/** Saves a result file (`plan --out`) atomically: a temp file beside it, fsync, rename. */
import { dirname, resolve } from 'node:path';
import { writeFileAtomic } from './write-file-atomic.js';
import { makeFolder } from './write-error.js';
import { redactSecrets } from '../secrets.js';

export async function writeOutputFile(
  path: string,
  text: string,
  cwd: string = process.cwd(),
): Promise<string> {
  const target = resolve(cwd, path);
  await makeFolder(dirname(target));
  // Written from API data: the key never reaches a file, even if live data holds it.
  await writeFileAtomic(target, redactSecrets(text), { mode: 0o644 });
  return target;
}
