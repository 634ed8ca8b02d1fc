/**
 * gRPC-backed entry points, loaded on first call: `import 'vtr-wf'` and
 * `validate` must not pay for grpc-js and the proto (hundreds of ms).
 */
import type { ConnectedApi, ConnectOptions } from './clarifai/connect.js';
import type { EmulatorOptions, RunningEmulator } from './emulator/server.js';
import type { Environment } from './spec/types.js';

/** Opens a client for one environment (see clarifai/connect.ts). */
export async function connect(env: Environment, opts?: ConnectOptions): Promise<ConnectedApi> {
  const module = await import('./clarifai/connect.js');
  return module.connect(env, opts);
}

/** Starts the Clarifai-compatible emulator (see emulator/server.ts). */
export async function startEmulator(opts?: EmulatorOptions): Promise<RunningEmulator> {
  const module = await import('./emulator/server.js');
  return module.startEmulator(opts);
}
