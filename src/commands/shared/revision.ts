/**
 * The source revision a plan was made from, for the mark (so a workflow
 * version can be traced to a commit): `--revision`, else VTR_WF_REVISION,
 * else GITHUB_SHA, else `git rev-parse HEAD` in the config's folder, else
 * none. git runs once, at plan time, bounded; no git, no repository or a slow
 * git simply means "no revision" — never a failed plan.
 */
import { execFile } from 'node:child_process';

/** git gets this long; a revision is a nicety, not worth waiting for. */
const GIT_TIMEOUT_MS = 3000;
/** Longer than any commit id or tag a person would pass. */
const MAX_REVISION_LENGTH = 200;

export async function resolveRevision(
  flag: string | undefined,
  configDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  for (const candidate of [flag, env.VTR_WF_REVISION, env.GITHUB_SHA]) {
    const value = clean(candidate);
    if (value) return value;
  }
  return gitHead(configDir);
}

function clean(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  // One line, printable: it lands in metadata and in every output.
  const oneLine = trimmed.split(/\r?\n/)[0]?.replace(/[^\x20-\x7e]/g, '') ?? '';
  return oneLine.slice(0, MAX_REVISION_LENGTH) || undefined;
}

function gitHead(cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    try {
      execFile(
        'git',
        ['rev-parse', '--verify', '--quiet', 'HEAD'],
        {
          cwd,
          timeout: GIT_TIMEOUT_MS,
          maxBuffer: 4096,
          windowsHide: true,
          env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
        },
        (error, stdout) => {
          const head = String(stdout).trim();
          resolve(!error && /^[0-9a-f]{40,64}$/.test(head) ? head : undefined);
        },
      );
    } catch {
      resolve(undefined);
    }
  });
}
