/**
 * One state file, several processes: every `vtr-wf -e local` run holds an
 * in-process emulator over the same file, and `vtr-wf emulator --state` may
 * serve it too. Writers take this lock (a `<state>.lock` file made with
 * O_EXCL) and re-read the file under it, so two processes never both "win" a
 * PostWorkflows — the apply lease depends on that. A lock left by a process
 * that died (SIGKILL) is taken over: its pid is gone, or it is too old.
 */
import { open, rm, stat } from 'node:fs/promises';
import { readBounded } from '../fs/read-bounded.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { processRuns } from '../fs/process-runs.js';

/** No write holds the lock longer than this; an older lock is stale. */
const STALE_AFTER_MS = 30_000;

export class StateLockTimeout extends Error {
  constructor(file: string, waitedMs: number) {
    super(`the emulator state file is locked by another process (${file}); waited ${waitedMs} ms`);
    this.name = 'StateLockTimeout';
  }
}

async function isStale(lockFile: string): Promise<boolean> {
  try {
    // A lock file holds "PID …": bounded, and a FIFO in its place must not hang us
    // (it is then never stale: the wait times out with a clear error).
    const read = readBounded(lockFile, { maxBytes: 4096 });
    if (!read.ok) return false;
    const text = read.bytes.toString('utf8');
    const info = await stat(lockFile);
    const pid = Number(text.split(' ')[0]);
    if (Date.now() - info.mtimeMs > STALE_AFTER_MS) return true;
    // A lock being written has no pid yet: give it the benefit of the doubt.
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && !processRuns(pid);
  } catch {
    // Gone already: not stale, just free.
    return false;
  }
}

/** Runs `task` holding the lock on `stateFile`; waits up to `waitMs` for it. */
export async function withStateLock<T>(
  stateFile: string,
  task: () => Promise<T>,
  waitMs = 10_000,
): Promise<T> {
  const lockFile = `${stateFile}.lock`;
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lockFile, 'wx', 0o600);
      try {
        await handle.writeFile(`${process.pid} ${new Date().toISOString()}\n`);
      } finally {
        await handle.close();
      }
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (await isStale(lockFile)) {
        await rm(lockFile, { force: true });
        continue;
      }
      if (Date.now() - started > waitMs) throw new StateLockTimeout(lockFile, Date.now() - started);
      await sleep(Math.min(5 + attempt * 5, 50));
    }
  }
  try {
    return await task();
  } finally {
    await rm(lockFile, { force: true });
  }
}
