/**
 * What every command shares: common options, output streams, colour, and the
 * error type that carries an exit code. Commands return an exit code; only
 * run-main.ts calls process.exit.
 */
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { redactSecrets } from '../secrets.js';
import { formatsFor, type CommandName } from '../render/table.js';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_CHANGES = 2;
export const EXIT_INTERRUPTED = 130;

export interface CommonOptions {
  config?: string;
  format: string;
  verbose: boolean;
  /** commander turns --no-color into color: false */
  color: boolean;
}

/**
 * Adds --config, --format (the command's row of the renderer table; the first
 * is the default), --verbose, --no-color.
 */
export function addCommonOptions(cmd: Command, command: CommandName): Command {
  return cmd
    .option('-c, --config <path>', 'path of vtr-wf.yaml (default: ./vtr-wf.yaml)')
    .addOption(formatOption(command))
    .option('-v, --verbose', 'more detail on stderr', false)
    .option('--no-color', 'no ANSI colours (also NO_COLOR)');
}

/** `-f, --format` with the choices the renderer table holds for this command. */
export function formatOption(command: CommandName): Option {
  const formats = formatsFor(command);
  return new Option('-f, --format <format>', 'output format').choices(formats).default(formats[0]);
}

/** Both colour decisions a renderer needs: stdout's and stderr's. */
export function colors(opts: { color?: boolean }): { color: boolean; stderrColor: boolean } {
  return { color: useColor(opts), stderrColor: useColor(opts, process.stderr) };
}

/** Commands that call the API take --timeout; its value beats the environment's `timeout:`. */
export interface TimeoutOption {
  timeout?: number;
}

/** The longest --timeout (and `timeout:`) accepted: one hour. */
export const MAX_TIMEOUT_SECONDS = 3600;

/** Adds --timeout SECONDS: how long one API call may take before it is abandoned (and retried). */
export function addTimeoutOption(cmd: Command): Command {
  return cmd.option(
    '--timeout <seconds>',
    "seconds one API call may take before it is abandoned and retried (default: the environment's `timeout:`, else 30)",
    parseTimeout,
  );
}

export function parseTimeout(text: string): number {
  const seconds = Number(text);
  if (
    text.trim() === '' ||
    !Number.isFinite(seconds) ||
    seconds <= 0 ||
    seconds > MAX_TIMEOUT_SECONDS
  )
    throw new InvalidArgumentError(
      `give a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS} (got "${text}")`,
    );
  return seconds;
}

/** `{ timeout }` when --timeout was given, else nothing (the config decides). */
export function timeoutPart(flags: TimeoutOption): { timeout?: number } {
  return flags.timeout !== undefined ? { timeout: flags.timeout } : {};
}

/** Colour only on a terminal, never with NO_COLOR or --no-color. */
export function useColor(
  opts: { color?: boolean },
  stream: NodeJS.WriteStream = process.stdout,
): boolean {
  if (opts.color === false) return false;
  if ('NO_COLOR' in process.env && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

/** An expected failure: message for the user, exit code, no stack trace (one class, everywhere). */
export { UserError } from '../user-error.js';

/** Every line to stdout and stderr passes redactSecrets: the last line of defence for the key. */
export function out(text: string): void {
  const safe = redactSecrets(text);
  process.stdout.write(safe.endsWith('\n') || safe === '' ? safe : safe + '\n');
}

export function err(text: string): void {
  const safe = redactSecrets(text);
  process.stderr.write(safe.endsWith('\n') || safe === '' ? safe : safe + '\n');
}

/** Runs a command body and stores its exit code; errors go to run-main. */
export function action<A extends unknown[]>(
  body: (...args: A) => Promise<number>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    process.exitCode = await body(...args);
  };
}
