/**
 * The store's link to its state file, which other processes may share (each
 * `vtr-wf -e local` run has an in-process emulator over the same file). Reads
 * first pick up any newer version of the file; writes run under the file's
 * cross-process lock on the latest state and are saved — atomically — before
 * they are acknowledged, or undone if saving fails.
 */
import { stat } from 'node:fs/promises';
import { loadState, saveState } from './persist.js';
import { StateLockTimeout, withStateLock } from './state-lock.js';
import type { EmulatorStore, Read, Write } from './store.js';
import { StatusCode, status } from './status.js';

export class SharedStateFile {
  /** The file version the store holds: "ino:mtime:size", "missing", or "" before the first load. */
  private heldVersion = '';

  constructor(
    readonly file: string,
    private readonly store: EmulatorStore,
  ) {}

  private async fileVersion(): Promise<string> {
    try {
      const info = await stat(this.file);
      // A save renames a new inode into place, so ino alone tells versions apart; mtime and size are a backstop.
      return `${info.ino}:${info.mtimeMs}:${info.size}`;
    } catch {
      return 'missing';
    }
  }

  /** Loads the file if it changed since we last saw it. Throws EmulatorStateError on a bad file. */
  async refresh(): Promise<void> {
    // Version first: if the file changes while we load, the next refresh loads again.
    const version = await this.fileVersion();
    if (version === this.heldVersion) return;
    this.store.restore(await loadState(this.file));
    this.heldVersion = version;
  }

  async write<T>(op: () => Write<T>): Promise<Read<T>> {
    const saveFailed = (e: unknown): Read<T> => ({
      ok: false,
      status: status(
        StatusCode.INTERNAL_SERVER_ISSUE,
        `could not save emulator state: ${(e as Error).message}`,
      ),
    });
    try {
      return await withStateLock(this.file, async () => {
        await this.refresh();
        const done = op();
        if (!done.ok) return done;
        try {
          await saveState(this.file, this.store.snapshot());
        } catch (e) {
          done.undo();
          return saveFailed(e);
        }
        this.heldVersion = await this.fileVersion();
        return done;
      });
    } catch (e) {
      // Another process holds the lock too long: a transient condition the client retries.
      if (e instanceof StateLockTimeout)
        return { ok: false, status: status(StatusCode.RPC_SERVER_UNAVAILABLE, e.message) };
      return saveFailed(e);
    }
  }
}
