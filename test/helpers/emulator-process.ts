/**
 * `vtr-wf emulator` as a subprocess of a test: the BUILT CLI, started with
 * the given flags, resolved once it prints `listening on HOST:PORT` (or has
 * exited, for the tests of refusals). Always bounded in time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface EmulatorProcess {
  child: ChildProcess;
  /** "host:port" from the listening line. */
  address: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends the signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface ExitedEmulator {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function spawnEmulator(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): Promise<EmulatorProcess | ExitedEmulator> {
  const child = spawn(process.execPath, [CLI, 'emulator', ...args], {
    cwd: options.cwd ?? path.dirname(CLI),
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  // No test may leave an emulator behind.
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  void exited.then(() => clearTimeout(killer));

  return new Promise((resolve) => {
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const match = /^listening on (\S+)$/m.exec(stdout);
      if (match) {
        resolve({
          child,
          address: match[1] as string,
          stdout: () => stdout,
          stderr: () => stderr,
          exited,
          stop: (signal: NodeJS.Signals = 'SIGTERM') => {
            child.kill(signal);
            return exited;
          },
        });
      }
    });
    void exited.then(({ code, signal }) => resolve({ code, signal, stdout, stderr }));
  });
}

export function isRunning(e: EmulatorProcess | ExitedEmulator): e is EmulatorProcess {
  return 'address' in e;
}

/** Starts it and fails loudly (with its stderr) if it did not come up. */
export async function mustStartEmulator(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): Promise<EmulatorProcess> {
  const started = await spawnEmulator(args, options);
  if (!isRunning(started)) {
    throw new Error(
      `vtr-wf emulator exited with ${started.code ?? started.signal}: ${started.stderr}`,
    );
  }
  return started;
}
