/**
 * Whether a process with this id runs on this host. Lock and temp files carry
 * the pid of their writer, so a file whose writer is gone is safe to remove.
 * EPERM means the process exists under another user: it runs.
 */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
