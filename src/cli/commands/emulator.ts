/**
 * `vtr-wf emulator`: the embedded Clarifai-compatible emulator as a server.
 * Prints exactly `listening on HOST:PORT` on stdout once it accepts calls
 * (the actual port, for --port 0), logs calls to stderr with --verbose (never
 * the key), and closes gracefully on SIGINT, SIGTERM or SIGHUP, exiting 128 + the
 * signal (130, 143, 129) like every command.
 */
import type { Command } from 'commander';
import type { KnownModel } from '../../emulator/models.js';
import { exitCodeForSignal } from '../../interrupt.js';
import { UserError, action, addCommonOptions, colors, err, out } from '../common.js';
import { rendererFor } from '../../render/table.js';
import { HANDLED_SIGNALS } from '../signals.js';

interface EmulatorFlags {
  port: string;
  host: string;
  state?: string;
  requireKeyEnv?: string;
  keyApp?: string;
  tlsCert?: string;
  tlsKey?: string;
  config?: string;
  format: string;
  verbose: boolean;
  color: boolean;
}

const DEFAULT_PORT = '50051';
const DEFAULT_HOST = '127.0.0.1';

export function defineEmulator(program: Command): void {
  const cmd = program
    .command('emulator')
    .description('run the embedded Clarifai-compatible emulator as a gRPC server')
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', DEFAULT_PORT)
    .option('--host <host>', 'address to listen on', DEFAULT_HOST)
    .option('--state <file>', 'keep state in this JSON file (default: in memory)')
    .option('--require-key-env <var>', 'demand "authorization: Key <value of VAR>" on every call')
    .option(
      '--key-app <user_id/app_id>',
      'callers hold an app-specific API key of this app: a request without user_app_id is served in it, one naming another app is refused (11007)',
    )
    .option('--tls-cert <file>', 'serve TLS with this PEM certificate (with --tls-key)')
    .option('--tls-key <file>', 'the PEM private key for --tls-cert');
  addCommonOptions(cmd, 'emulator').action(action(runEmulator));
}

// Over 80 lines: flag checks for TLS, keys and state, then start and wait; each check is a few lines with its own message.
async function runEmulator(flags: EmulatorFlags): Promise<number> {
  const { MAX_PEM_BYTES, readBoundedOrThrow } = await import('../../fs/read-bounded.js');
  const { existsSync } = await import('node:fs');
  const path = await import('node:path');

  // Everything that can fail is checked before we listen.
  const port = Number(flags.port);
  if (!/^\d+$/.test(flags.port) || port > 65535) {
    throw new UserError(`--port must be a whole number from 0 to 65535, got "${flags.port}"`);
  }
  const host = await listenHost(flags.host);
  let requireKey: string | undefined;
  if (flags.requireKeyEnv !== undefined) {
    requireKey = process.env[flags.requireKeyEnv];
    if (!requireKey) {
      throw new UserError(
        `--require-key-env ${flags.requireKeyEnv}: the environment variable ${flags.requireKeyEnv} is not set`,
      );
    }
    const { registerSecret } = await import('../../secrets.js');
    registerSecret(requireKey);
  }
  let keyApp: { user_id: string; app_id: string } | undefined;
  if (flags.keyApp !== undefined) {
    const parts = /^([^/\s]+)\/([^/\s]+)$/.exec(flags.keyApp);
    if (!parts) {
      throw new UserError(
        `--key-app must be USER_ID/APP_ID (e.g. acme/vtr-ci), got "${flags.keyApp}"`,
      );
    }
    keyApp = { user_id: parts[1]!, app_id: parts[2]! };
  }
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) {
    throw new UserError('--tls-cert and --tls-key go together: give both, or neither');
  }
  let tls: { cert: Buffer; key: Buffer } | undefined;
  if (flags.tlsCert !== undefined && flags.tlsKey !== undefined) {
    const read = (file: string, kind: 'tls-cert' | 'tls-key') =>
      readBoundedOrThrow(file, kind, { maxBytes: MAX_PEM_BYTES });
    tls = { cert: read(flags.tlsCert, 'tls-cert'), key: read(flags.tlsKey, 'tls-key') };
  }

  const configFile = flags.config ?? (existsSync('vtr-wf.yaml') ? 'vtr-wf.yaml' : undefined);
  let knownModels: KnownModel[] = [];
  if (configFile !== undefined) {
    const { projectModels } = await import('../../emulator/project-models.js');
    let found: Awaited<ReturnType<typeof projectModels>>;
    try {
      found = await projectModels(path.resolve(configFile));
    } catch (e) {
      throw new UserError(`cannot read the config ${configFile}: ${(e as Error).message}`);
    }
    knownModels = found.models;
    // Serving anyway (a broken config should not stop a dev server), but said now: otherwise the
    // first sign is a "model not found" from a request much later.
    if (found.configErrors > 0) {
      err(
        `warning: ${configFile} has ${found.configErrors === 1 ? 'an error' : `${found.configErrors} errors`}; ` +
          `the emulator knows only the models it could read from it (see \`vtr-wf validate\`)`,
      );
    }
  }

  const { startEmulator } = await import('../../emulator/server.js');
  // gRPC writes its own `E …` lines to stderr (a port in use) for failures reported below in
  // our words; the server keeps them quiet unless the user asks for gRPC's logs.
  if (process.env.GRPC_VERBOSITY === undefined && process.env.GRPC_TRACE === undefined) {
    const { loadClarifaiPackage } = await import('../../clarifai/proto.js');
    const { grpc } = loadClarifaiPackage();
    grpc.setLogVerbosity(grpc.logVerbosity.NONE);
  }
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator({
      host,
      port,
      ...(flags.state !== undefined ? { statePath: path.resolve(flags.state) } : {}),
      ...(requireKey !== undefined ? { requireKey } : {}),
      ...(keyApp ? { keyApp } : {}),
      ...(tls ? { tls } : {}),
      knownModels,
      ...(flags.verbose ? { log: (line: string) => err(`emulator: ${line}`) } : {}),
    });
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot listen on ${flags.host}:${port}: ${(e as Error).message}`);
  }

  const { renderer, options } = await listeningLine(flags);
  const exitCode = await new Promise<number>((resolve) => {
    // The contract's exit codes hold here too: 128 + the signal, after a graceful close.
    const stop = (name: NodeJS.Signals) => {
      for (const handled of HANDLED_SIGNALS) process.off(handled, stop);
      void emulator.close().then(() => resolve(exitCodeForSignal(name)));
    };
    for (const handled of HANDLED_SIGNALS) process.on(handled, stop);
    if (flags.verbose) {
      err(
        `emulator: ${knownModels.length} project model version(s) known${flags.state ? `; state in ${flags.state}` : '; state in memory'}`,
      );
    }
    out(renderer.render({ address: emulator.address }, options));
  });
  return exitCode;
}

/**
 * --host as gRPC takes it: an IPv6 address may come in brackets, as the listening line
 * prints it; a port belongs in --port.
 */
async function listenHost(raw: string): Promise<string> {
  const { isIP } = await import('node:net');
  const bracketed = /^\[(.*)\]$/.exec(raw)?.[1];
  if (bracketed !== undefined && isIP(bracketed) === 6) return bracketed;
  if (raw.trim() === '' || /\s/.test(raw)) {
    throw new UserError(`--host must name a host or an IP address, got "${raw}"`);
  }
  if (raw.includes(':') && isIP(raw) !== 6) {
    throw new UserError(`--host takes no port, got "${raw}"; give the port with --port`);
  }
  return raw;
}

/** Loaded before listening, so the line goes out the moment the server accepts calls. */
async function listeningLine(flags: EmulatorFlags) {
  return { renderer: await rendererFor('emulator', flags.format), options: colors(flags) };
}
