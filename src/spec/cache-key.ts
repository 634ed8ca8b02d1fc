/**
 * The per-user secret that signs the parsed-spec cache (spec-cache.ts).
 *
 * Why a key, and why here: `.vtr-wf/cache/` lives in the project, and CI
 * systems share caches of project folders across branches — anyone who can
 * write that folder (a pull request's job) could otherwise hand `plan` and
 * `apply` a "parsed" spec that is not what the file says. An entry is trusted
 * only with a MAC made with this key, and the key lives OUTSIDE the project,
 * in the user's state folder (`$XDG_STATE_HOME/vtr-wf/cache-key`, default
 * `~/.local/state/vtr-wf/cache-key`): not the cache folder, because CI setups
 * often cache `~/.cache` wholesale. A fresh CI job has a fresh key, so a
 * poisoned cache restored into it is simply ignored.
 *
 * The key is 32 random bytes, created on first use (mode 0600 in a 0700
 * folder). A key file that is not a regular file of 32 bytes, or (on POSIX)
 * is not the user's own or is readable or writable by others, is not used:
 * the cache is then off for the run. Nothing here ever fails a command.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { readBounded } from '../fs/read-bounded.js';

const KEY_BYTES = 32;

/** Where the key lives for this user (no I/O). Undefined when there is no home to keep it in. */
export function cacheKeyPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const state = env.XDG_STATE_HOME;
  if (state && isAbsolute(state)) return join(state, 'vtr-wf', 'cache-key');
  let home: string;
  try {
    home = homedir();
  } catch {
    return undefined;
  }
  return home && isAbsolute(home)
    ? join(home, '.local', 'state', 'vtr-wf', 'cache-key')
    : undefined;
}

/** The user's cache key, created on first use; undefined when none can be trusted. */
export function loadCacheKey(path = cacheKeyPath()): Buffer | undefined {
  if (!path) return undefined;
  const existing = readKey(path);
  if (existing !== 'missing') return existing;
  return createKey(path);
}

/** The key, `'missing'` when there is no file, undefined when the file cannot be trusted. */
function readKey(path: string): Buffer | undefined | 'missing' {
  // noFollow: a symlink could point anywhere; the reader refuses FIFOs and devices.
  const read = readBounded(path, { maxBytes: KEY_BYTES, noFollow: true });
  if (!read.ok) return read.code === 'ENOENT' ? 'missing' : undefined;
  if (read.bytes.length !== KEY_BYTES) return undefined;
  if (process.platform !== 'win32') {
    if (typeof process.getuid === 'function' && read.uid !== process.getuid()) return undefined;
    if ((read.mode & 0o077) !== 0) return undefined;
  }
  return read.bytes;
}

/**
 * Writes the key whole into a temp file and links it into place: a concurrent
 * run sees no key or the full key, never a short one, and the first to link wins.
 */
function createKey(path: string): Buffer | undefined {
  const dir = join(path, '..');
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(temp, randomBytes(KEY_BYTES), { flag: 'wx', mode: 0o600 });
    try {
      linkSync(temp, path);
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') return undefined;
    }
    const key = readKey(path);
    return key === 'missing' ? undefined : key;
  } catch {
    return undefined;
  } finally {
    try {
      rmSync(temp, { force: true });
    } catch {
      // A stray temp file in the user's state folder is harmless.
    }
  }
}
