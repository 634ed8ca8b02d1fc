// The bench's own folders are removed once, when the whole bench is done — not as
// each row ends. Why: ext4 passes over an inode deleted in the last minute or so
// when it allocates one (`recently_deleted` in `find_inode_bit`), so a row that
// deleted thousands of files (the memory row's 16,000 specs, the disk row's 3000
// files) made every file a later row creates cost ~1 ms of kernel CPU — apply's
// 1000 backups measured the bench's clean-up, not apply (seen with `perf record`:
// 1000 creates took 1.4 s of system time in a folder beside fresh deletions and
// 0.05 s in one without).
import { rmSync } from 'node:fs';

const pending = new Set();

/** Removes `dir` when the bench ends (bench/run.mjs), or when this process exits (a row run alone). */
export function removeLater(dir) {
  pending.add(dir);
}

/** Removes every folder handed to removeLater so far. */
export function removeNow() {
  for (const dir of pending) rmSync(dir, { recursive: true, force: true });
  pending.clear();
}

process.on('exit', removeNow);
