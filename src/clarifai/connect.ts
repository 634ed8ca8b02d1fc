/**
 * From an environment to a working ClarifaiApi: the in-process emulator over
 * loopback, or a remote endpoint with the TLS rule, the PAT and the rate
 * limit. Every fallible check (endpoint, key, CA file, settings) runs before
 * the first call.
 *
 * Proxies: grpc-js itself honours grpc_proxy, https_proxy and http_proxy (in
 * that order; http:// proxy URLs only) and skips hosts listed in no_grpc_proxy
 * or no_proxy. We switch that off for loopback targets: a proxy cannot reach
 * this machine's loopback, and local traffic must stay local.
 */
import { MAX_PEM_BYTES, boundedReadMessage, readBounded } from '../fs/read-bounded.js';
import { keyProblem, redactSecrets, registerSecret } from '../secrets.js';
import type { Environment, RemoteEnvironment } from '../spec/types.js';
import { ClarifaiClient } from './client.js';
import type { ClientOptions } from './client.js';
import { AuthError, ClientConfigError } from './errors.js';
import { loadClarifaiPackage } from './proto.js';
import { DEFAULT_CONCURRENCY, DEFAULT_RATE_PER_SECOND, parseRateLimit } from './rate-limit.js';
import type { RetryPolicy } from './retry.js';
import { DEFAULT_RETRY_POLICY } from './retry.js';
import { DEFAULT_PORT, isLoopbackHost, parseEndpoint } from '../spec/endpoint.js';
import { chooseTransport, withoutIpServerName } from './tls.js';
import type { ClarifaiApi, WorkflowRunner } from './types.js';

/**
 * Per attempt: a hung call costs at most this before its retry (issue 14).
 * List pages get the same: a page of 1000 workflows answers in well under it.
 */
export const DEFAULT_DEADLINE_MS = 30_000;
export const DEFAULT_LIST_DEADLINE_MS = DEFAULT_DEADLINE_MS;

/** A model the in-process emulator should know (type only: the emulator loads lazily). */
export type { KnownModel } from '../emulator/models.js';
import type { KnownModel } from '../emulator/models.js';

export interface ConnectOptions {
  knownModels?: KnownModel[];
  /** Where --verbose lines go (stderr in the CLI). */
  log?: (line: string) => void;
  verbose?: boolean;
  /** Requests per second; 0 = unlimited. Default: VTR_WF_RATE_LIMIT, else 12 remote / unlimited in-process. */
  ratePerSecond?: number;
  concurrency?: number;
  /** Per-attempt deadline for every call, list pages included (default 30 s; `timeout:`, --timeout). */
  deadlineMs?: number;
  listDeadlineMs?: number;
  /** Where the once-per-client "still waiting" notice goes (stderr in the CLI), verbose or not. */
  notice?: (line: string) => void;
  retry?: Partial<RetryPolicy>;
  /** Once aborted (a signal), no further attempt is sent; see ClientOptions.signal. */
  signal?: AbortSignal;
  /** Tests: a fake clock's sleep, a fixed random. */
  clock?: ClientOptions['clock'];
  random?: () => number;
}

export type ConnectedApi = ClarifaiApi &
  WorkflowRunner & {
    /** Print each of these (to stderr) every time: e.g. plaintext to a remote host. */
    warnings: string[];
    /** Attempts running right now. */
    readonly inFlight: number;
    close(): Promise<void>;
  };

export async function connect(env: Environment, opts: ConnectOptions = {}): Promise<ConnectedApi> {
  return env.kind === 'emulator' ? connectInProcess(env, opts) : connectRemote(env, opts);
}

async function connectInProcess(
  env: Extract<Environment, { kind: 'emulator' }>,
  opts: ConnectOptions,
): Promise<ConnectedApi> {
  const rate = opts.ratePerSecond ?? rateFromEnv() ?? 0;
  const { startEmulator } = await import('../emulator/server.js');
  const emulator = await startEmulator({
    host: '127.0.0.1',
    port: 0,
    statePath: env.state,
    ...(opts.knownModels ? { knownModels: opts.knownModels } : {}),
  });
  let client: ClarifaiClient;
  try {
    const { grpc } = loadClarifaiPackage();
    client = new ClarifaiClient({
      ...clientBasics(env.name, opts, rate),
      target: `127.0.0.1:${emulator.port}`,
      credentials: grpc.credentials.createInsecure(),
      userApp: { user_id: env.user_id, app_id: env.app_id },
      channelOptions: { 'grpc.enable_http_proxy': 0 },
    });
  } catch (e) {
    await emulator.close();
    throw e;
  }
  verboseLog(opts)?.(
    `emulator (in-process) on 127.0.0.1:${emulator.port}, app ${env.user_id}/${env.app_id}`,
  );
  return withClose(client, [], () => emulator.close());
}

async function connectRemote(env: RemoteEnvironment, opts: ConnectOptions): Promise<ConnectedApi> {
  const endpoint = parseEndpoint(env.endpoint, { defaultPort: DEFAULT_PORT });
  if (!endpoint) {
    throw new ClientConfigError(
      `environment "${env.name}": endpoint "${env.endpoint}" is not host:port (e.g. api.clarifai.com:443)`,
    );
  }
  const loopback = isLoopbackHost(endpoint.host);
  const transport = chooseTransport(endpoint, env.tls, env.name);

  const rawKey = process.env[env.pat_env];
  const pat = rawKey?.trim();
  if (rawKey) registerSecret(rawKey);
  if (!pat)
    throw new AuthError({
      variable: env.pat_env,
      environment: env.name,
      reason: 'missing',
      keyType: env.key_type ?? 'pat',
    });
  registerSecret(pat);
  // Refused before any call: a key that cannot be sent as a header, or that redaction could not find.
  const problem = keyProblem(pat);
  if (problem) throw new ClientConfigError(`the key in ${env.pat_env} ${problem}`);

  let rate = opts.ratePerSecond ?? rateFromEnv();
  // The real API is always paced: "unlimited" is only honoured for a server on this machine.
  if (rate === undefined || (rate === 0 && !loopback && opts.ratePerSecond === undefined)) {
    rate = DEFAULT_RATE_PER_SECOND;
  }

  const { grpc } = loadClarifaiPackage();
  let credentials;
  if (transport.secure) {
    let ca: Buffer | undefined;
    if (env.ca_file) {
      const read = readBounded(env.ca_file, { maxBytes: MAX_PEM_BYTES });
      if (!read.ok) {
        throw new ClientConfigError(
          `environment "${env.name}": ${boundedReadMessage(read, env.ca_file, 'ca-file', MAX_PEM_BYTES)}`,
        );
      }
      // gRPC ignores roots it cannot parse and falls back to the system's, so a wrong file
      // would surface only as "certificate not trusted" — say what is wrong instead.
      if (!read.bytes.toString('latin1').includes('-----BEGIN CERTIFICATE-----')) {
        throw new ClientConfigError(
          `environment "${env.name}": the CA file (ca_file) ${env.ca_file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`,
        );
      }
      ca = read.bytes;
    }
    credentials = withoutIpServerName(grpc.credentials.createSsl(ca ?? null));
  } else {
    credentials = grpc.credentials.createInsecure();
  }

  const client = new ClarifaiClient({
    ...clientBasics(env.name, opts, rate),
    target: endpoint.target,
    credentials,
    userApp: { user_id: env.user_id, app_id: env.app_id },
    pat,
    patVariable: env.pat_env,
    keyType: env.key_type ?? 'pat',
    ...(transport.secure ? {} : { plaintext: true }),
    ...(loopback ? { channelOptions: { 'grpc.enable_http_proxy': 0 } } : {}),
  });
  verboseLog(opts)?.(
    redactSecrets(
      `connecting to ${endpoint.target} (${transport.secure ? 'TLS' : 'plaintext'}), app ${env.user_id}/${env.app_id}, ` +
        `${env.key_type === 'app' ? 'app key' : 'key'} from ${env.pat_env}, ${rate > 0 ? `${rate} req/s` : 'no rate limit'}`,
    ),
  );
  return withClose(client, transport.warning ? [transport.warning] : [], async () => {});
}

function clientBasics(
  environmentName: string,
  opts: ConnectOptions,
  ratePerSecond: number,
): Omit<ClientOptions, 'target' | 'credentials' | 'userApp'> {
  const deadlineMs = opts.deadlineMs ?? DEFAULT_DEADLINE_MS;
  return {
    environmentName,
    ratePerSecond,
    concurrency: opts.concurrency ?? DEFAULT_CONCURRENCY,
    deadlineMs,
    listDeadlineMs:
      opts.listDeadlineMs ?? (opts.deadlineMs ? deadlineMs : DEFAULT_LIST_DEADLINE_MS),
    ...(opts.notice ? { notice: opts.notice } : {}),
    retry: { ...DEFAULT_RETRY_POLICY, ...opts.retry },
    ...(verboseLog(opts) ? { log: verboseLog(opts) } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.random ? { random: opts.random } : {}),
  };
}

/** `log` carries only --verbose detail; warnings are returned, not logged. */
function verboseLog(opts: ConnectOptions): ((line: string) => void) | undefined {
  return opts.verbose ? opts.log : undefined;
}

function rateFromEnv(): number | undefined {
  try {
    return parseRateLimit(process.env.VTR_WF_RATE_LIMIT);
  } catch (e) {
    throw new ClientConfigError((e as Error).message);
  }
}

/** The client, plus warnings and a close() that also stops what connect started. */
function withClose(
  client: ClarifaiClient,
  warnings: string[],
  stop: () => Promise<void>,
): ConnectedApi {
  let closing: Promise<void> | undefined;
  return {
    warnings,
    get callCount() {
      return client.callCount;
    },
    get inFlight() {
      return client.inFlight;
    },
    listWorkflows: (hint) => client.listWorkflows(hint),
    getWorkflow: (id, options) => client.getWorkflow(id, options),
    postWorkflows: (workflows, options) => client.postWorkflows(workflows, options),
    patchWorkflows: (workflows, action, options) =>
      client.patchWorkflows(workflows, action, options),
    encodeWritesAhead: (workflows) => client.encodeWritesAhead(workflows),
    decodeWrittenAhead: () => client.decodeWrittenAhead(),
    deleteWorkflows: (ids, options) => client.deleteWorkflows(ids, options),
    patchWorkflowIds: (id, newId) => client.patchWorkflowIds(id, newId),
    listWorkflowVersions: (id) => client.listWorkflowVersions(id),
    getWorkflowVersion: (id, versionId) => client.getWorkflowVersion(id, versionId),
    deleteWorkflowVersions: (id, versionIds) => client.deleteWorkflowVersions(id, versionIds),
    getModelVersion: (model, version) => client.getModelVersion(model, version),
    latestModelVersion: (model) => client.latestModelVersion(model),
    postWorkflowResults: (request) => client.postWorkflowResults(request),
    close: () => {
      closing ??= (async () => {
        client.close();
        await stop();
      })();
      return closing;
    },
  };
}
