/**
 * Opens the connection for one environment. The client is heavy (grpc-js, the
 * proto), so it is imported only here, on first use — `validate` never pays
 * for it. The in-process emulator learns every model the project names.
 */
import type { ConnectedApi, ConnectOptions } from '../../clarifai/connect.js';
import type * as ConnectModule from '../../clarifai/connect.js';
import { namedModels } from '../../spec/effective-model.js';
import type { Project } from '../../spec/project.js';
import type { Environment } from '../../spec/types.js';

export interface ConnectionOptions {
  verbose?: boolean;
  /** Verbose lines and connection warnings (stderr in the CLI). */
  log?: (line: string) => void;
  /** The CLI's signal (SIGINT/SIGTERM/SIGHUP): once aborted, no call is sent. */
  signal?: AbortSignal;
  /** Seconds one call may take (--timeout); beats the environment's `timeout:`. */
  timeout?: number;
}

let clientModule: Promise<typeof ConnectModule> | undefined;

/** Starts loading the client now, so module loading overlaps with reading specs. */
export function preloadClient(): void {
  clientModule ??= import('../../clarifai/connect.js');
  // A failure surfaces when connectEnvironment awaits it.
  clientModule.catch(() => undefined);
}

export async function connectEnvironment(
  project: Pick<Project, 'config' | 'specs'>,
  env: Environment,
  options: ConnectionOptions = {},
): Promise<ConnectedApi> {
  preloadClient();
  const { connect } = await (clientModule as Promise<typeof ConnectModule>);
  const api = await connect(env, {
    ...(env.kind === 'emulator'
      ? {
          knownModels: namedModels(
            project.config,
            project.specs.flatMap((s) => s.spec.nodes),
          ),
        }
      : {}),
    ...(options.verbose ? { verbose: true } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.log ? { notice: options.log } : {}),
    ...deadline(options.timeout ?? env.timeout),
  });
  for (const warning of api.warnings) options.log?.(`warning: ${warning}`);
  return api;
}

/**
 * --timeout beats `timeout:`, which beats the client's default; one value for
 * every call. A timeout the user set bounds the whole call, retries and
 * back-off included (`retry.maxTotalMs`): `--timeout 1` against a server that
 * never answers ends after about a second, not after six attempts. The default
 * (none set) keeps 30 s an attempt within the policy's 120 s, so a hung
 * connection is still retried.
 */
function deadline(
  seconds: number | undefined,
): Pick<ConnectOptions, 'deadlineMs' | 'listDeadlineMs' | 'retry'> {
  if (seconds === undefined) return {};
  const ms = Math.round(seconds * 1000);
  return { deadlineMs: ms, listDeadlineMs: ms, retry: { maxTotalMs: ms } };
}
