/**
 * The emulator's gRPC face: Clarifai's V2 service (our lean proto) over an
 * EmulatorStore. Like the API, it answers gRPC OK and puts its verdict in
 * `response.status`. Per call: count it, wait the injected latency, apply an
 * injected fault, check the key, then run the handler on the serial queue —
 * writes are persisted (when a state file is set) before they are answered.
 */
import { timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type * as grpcTypes from '@grpc/grpc-js';
import { loadClarifaiPackage } from '../clarifai/proto.js';
import { encodedResponses } from './encoded-responses.js';
import { isStatus, listFilter } from './list-filter.js';
import { FaultInjector, type FaultKind, type Faults } from './faults.js';
import { ModelCatalog, type KnownModel } from './models.js';
import { localTextModels, runWorkflowOnInputs, type TextModels } from './run-workflow.js';
import { SerialQueue } from './serial-queue.js';
import { SharedStateFile } from './shared-state.js';
import {
  DEFAULT_PER_PAGE,
  EmulatorStore,
  MAX_PER_PAGE,
  type AppRef,
  type ListOptions,
  type Read,
  type Write,
} from './store.js';
import { StatusCode, status, wireStatus, type EmulatorStatus } from './status.js';
import {
  modelToWire,
  modelVersionToWire,
  ownerOf,
  workflowFromWire,
  workflowToWire,
  workflowVersionToWire,
} from './wire.js';

export type { KnownModel } from './models.js';
export type { Faults, FaultKind } from './faults.js';

export interface EmulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** JSON state file; none keeps state in memory. */
  statePath?: string;
  /** When set, every call must carry `authorization: Key <requireKey>`. */
  requireKey?: string;
  /**
   * Callers hold an app-specific API key of this app (the requireKey, if set),
   * which implies its app, as Clarifai's docs say: a request without
   * user_app_id is served in it; one naming another app gets 11007.
   */
  keyApp?: AppRef;
  tls?: { cert: Buffer; key: Buffer };
  knownModels?: KnownModel[];
  /** PostWorkflowResults' text models (default: the local ONNX models, loaded on first use). */
  textModels?: TextModels;
  /** One line per call (method, app, status, duration) — never metadata or keys. */
  log?: (line: string) => void;
  /** Called as each request arrives, before any latency or handling (tests observe order). */
  onRequest?: (method: string, request: Readonly<Record<string, unknown>>) => void;
}

export interface RunningEmulator {
  host: string;
  port: number;
  /** "host:port" ("[::1]:port" for IPv6), ready for a gRPC client. */
  address: string;
  faults: Faults;
  store: EmulatorStore;
  /** Ends hung calls, lets the others finish, waits for pending state writes. */
  close(): Promise<void>;
}

type Request = Record<string, unknown>;
type Response = Record<string, unknown>;
/**
 * A handler answers, or — for work too slow to hold the serial queue, like
 * running models — returns a function that finishes the answer after the
 * queue is released (what it read stays a consistent snapshot).
 */
type Handler = (
  request: Request,
  app: AppRef,
) => Promise<Response | (() => Promise<Response>)> | Response | (() => Promise<Response>);

/** The API's limit on inputs per PostWorkflowResults call. */
const MAX_WORKFLOW_INPUTS = 32;

const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
const SHUTDOWN_GRACE_MS = 2000;

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function failed(s: EmulatorStatus): Response {
  return { status: wireStatus(s) };
}

function listOptions(request: Request): ListOptions {
  const sortBy = request.sort_by;
  return {
    page: Number(request.page) || 0,
    per_page: Number(request.per_page) || 0,
    sort_ascending: request.sort_ascending === true,
    // sort_by_star_count: the emulator has no stars, so modified_at decides.
    sort_by:
      sortBy === 'sort_by_id'
        ? 'id'
        : sortBy === 'sort_by_created_at'
          ? 'created_at'
          : sortBy === 'sort_by_relevance'
            ? 'relevance'
            : 'modified_at',
  };
}

function sameKey(got: string, want: string): boolean {
  const a = Buffer.from(got);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}

// Over 80 lines: a factory: the handler table (one short entry per RPC) closes over the store, the write queue, the faults and the key check; its length is the number of RPCs, not one long procedure.
export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const catalog = new ModelCatalog(opts.knownModels ?? []);
  const store = new EmulatorStore(catalog);
  const { statePath } = opts;

  const { grpc, service: generalService } = loadClarifaiPackage();
  const encoded = encodedResponses(generalService);
  const service = encoded.service;
  const faults = new FaultInjector();
  const queue = new SerialQueue();
  const hung = new Set<() => void>();

  // Fallible work first: a bad state file stops us before we listen.
  const shared = statePath ? new SharedStateFile(statePath, store) : undefined;
  await shared?.refresh();
  /** Runs a write all-or-nothing; with a state file, durably and across processes. */
  const write = <T>(op: () => Write<T>): Promise<Read<T>> =>
    shared ? shared.write(op) : Promise.resolve(op());

  const checkKey = (metadata: grpcTypes.Metadata): EmulatorStatus | null => {
    if (opts.requireKey === undefined) return null;
    const header = metadata.get('authorization')[0];
    if (header === undefined || header === '') {
      return status(
        StatusCode.CONN_KEY_NOT_FOUND,
        'no authorization metadata: send "authorization: Key <PAT>"',
      );
    }
    if (!sameKey(String(header), `Key ${opts.requireKey}`)) {
      return status(
        StatusCode.CONN_KEY_INVALID,
        'the key in the authorization metadata is not valid for this app',
      );
    }
    return null;
  };

  /** Answers a call the way the injected fault says (or, for HANG, doesn't). */
  const suffer = (
    kind: FaultKind,
    call: grpcTypes.ServerUnaryCall<Request, Response>,
    callback: grpcTypes.sendUnaryData<Response>,
  ): void => {
    if (kind === 'UNAVAILABLE') {
      callback({ code: grpc.status.UNAVAILABLE, details: 'emulator: injected fault UNAVAILABLE' });
    } else if (kind === 'RESOURCE_EXHAUSTED') {
      callback({
        code: grpc.status.RESOURCE_EXHAUSTED,
        details: 'emulator: injected fault RESOURCE_EXHAUSTED (rate limited)',
      });
    } else if (kind === 'CONN_THROTTLED') {
      callback(
        null,
        failed(status(StatusCode.CONN_THROTTLED, 'emulator: injected fault CONN_THROTTLED')),
      );
    } else if (kind === 'ECHO_KEY') {
      // Deliberately leaks the header: security tests prove the client redacts it.
      const header = String(call.metadata.get('authorization')[0] ?? '');
      callback(
        null,
        failed(status(StatusCode.CONN_KEY_INVALID, '', `API key is invalid: received '${header}'`)),
      );
    } else if (kind === 'HANG') {
      // Never answer; the client's deadline or cancel ends it, or close() does.
      const end = () => {
        hung.delete(end);
        callback({ code: grpc.status.UNAVAILABLE, details: 'emulator shutting down' });
      };
      hung.add(end);
      call.on('cancelled', () => hung.delete(end));
    } else {
      callback(null, failed(status(kind.status, '', kind.description)));
    }
  };

  const unary = (method: string, handler: Handler) => {
    return (
      call: grpcTypes.ServerUnaryCall<Request, Response>,
      callback: grpcTypes.sendUnaryData<Response>,
    ) => {
      const started = Date.now();
      const request = call.request;
      const named = (request.user_app_id ?? {}) as Partial<AppRef>;
      const app: AppRef = { user_id: named.user_id ?? '', app_id: named.app_id ?? '' };
      const scope = opts.keyApp ? keyAppScope(app, opts.keyApp) : null;
      // Said in the log, so a user (and a test) sees the client left user_app_id out.
      const implied = !app.user_id && !app.app_id && scope !== null && !('code' in scope);
      if (scope && !('code' in scope)) Object.assign(app, scope);
      const log = (code: number | string) =>
        opts.log?.(
          `${method} ${app.user_id}/${app.app_id}${implied ? ' (app implied by the key)' : ''} -> ${code} (${Date.now() - started} ms)`,
        );
      opts.onRequest?.(method, request);
      void (async () => {
        const fault = faults.onCall(method);
        if (faults.latency > 0) await sleep(faults.latency);
        if (fault !== undefined) {
          log(`fault ${typeof fault === 'string' ? fault : fault.status}`);
          suffer(fault, call, callback);
          return;
        }
        const keyProblem = checkKey(call.metadata);
        if (keyProblem) {
          log(keyProblem.code);
          callback(null, failed(keyProblem));
          return;
        }
        if (scope && 'code' in scope) {
          log(scope.code);
          callback(null, failed(scope));
          return;
        }
        if (!app.user_id || !app.app_id) {
          const s = status(
            StatusCode.CONN_INVALID_REQUEST,
            'user_app_id.user_id and user_app_id.app_id are required with a personal access token ' +
              '(an app-specific API key implies its app: start the emulator with --key-app USER_ID/APP_ID)',
          );
          log(s.code);
          callback(null, failed(s));
          return;
        }
        try {
          const answer = await queue.run(async () => {
            await shared?.refresh();
            return handler(request, app);
          });
          const response = typeof answer === 'function' ? await answer() : answer;
          log((response.status as EmulatorStatus | undefined)?.code ?? StatusCode.SUCCESS);
          callback(null, response);
        } catch (e) {
          log('INTERNAL');
          callback({ code: grpc.status.INTERNAL, details: `emulator: ${(e as Error).message}` });
        }
      })();
    };
  };

  const okStatus = () => wireStatus(status(StatusCode.SUCCESS));
  const ok = (body: Response): Response => ({ status: okStatus(), ...body });
  const toWire = (app: AppRef) => (wf: Parameters<typeof workflowToWire>[0]) =>
    workflowToWire(wf, catalog, app);

  const handlers: Record<string, Handler> = {
    GetWorkflow: (req, app) => {
      const found = store.getWorkflow(app, String(req.workflow_id ?? ''));
      return found.ok
        ? encoded.respond('GetWorkflow', okStatus(), [found.value], app, toWire(app))
        : failed(found.status);
    },
    ListWorkflows: (req, app) => {
      const filter = listFilter(req);
      if (isStatus(filter)) return failed(filter);
      return encoded.respond(
        'ListWorkflows',
        okStatus(),
        store.listWorkflows(app, { ...listOptions(req), filter }),
        app,
        toWire(app),
      );
    },
    PostWorkflows: async (req, app) => {
      const drafts = ((req.workflows as unknown[]) ?? []).map(workflowFromWire);
      const done = await write(() => store.postWorkflows(app, drafts));
      return done.ok
        ? encoded.respond('PostWorkflows', okStatus(), done.value, app, toWire(app))
        : failed(done.status);
    },
    PatchWorkflows: async (req, app) => {
      const drafts = ((req.workflows as unknown[]) ?? []).map(workflowFromWire);
      const done = await write(() => store.patchWorkflows(app, drafts, String(req.action ?? '')));
      return done.ok
        ? encoded.respond('PatchWorkflows', okStatus(), done.value, app, toWire(app))
        : failed(done.status);
    },
    // The singular form the docs use: one id, 22102 when it does not exist.
    DeleteWorkflow: async (req, app) => {
      const id = String(req.workflow_id ?? '');
      const done = await write(() => store.deleteWorkflows(app, [id], false));
      return done.ok ? ok({}) : failed(done.status);
    },
    DeleteWorkflows: async (req, app) => {
      const ids = ((req.ids as unknown[]) ?? []).map(String);
      const done = await write(() => store.deleteWorkflows(app, ids, req.delete_all === true));
      return done.ok ? ok({}) : failed(done.status);
    },
    PatchWorkflowIds: async (req, app) => {
      const ids = ((req.ids as unknown[]) ?? []).map((entry) => {
        const e = (entry ?? {}) as Record<string, unknown>;
        return { id: String(e.id ?? ''), new_id: String(e.new_id ?? '') };
      });
      const done = await write(() => store.patchWorkflowIds(app, ids, String(req.action ?? '')));
      return done.ok ? ok({ workflows: done.value.map(toWire(app)) }) : failed(done.status);
    },
    ListWorkflowVersions: (req, app) => {
      const workflowId = String(req.workflow_id ?? '');
      const { page, per_page } = listOptions(req);
      const found = store.listWorkflowVersions(app, workflowId, { page, per_page });
      return found.ok
        ? ok({
            workflow_versions: found.value.map((v) =>
              workflowVersionToWire(workflowId, v, catalog, app),
            ),
          })
        : failed(found.status);
    },
    GetWorkflowVersion: (req, app) => {
      const workflowId = String(req.workflow_id ?? '');
      const found = store.getWorkflowVersion(
        app,
        workflowId,
        String(req.workflow_version_id ?? ''),
      );
      return found.ok
        ? ok({ workflow_version: workflowVersionToWire(workflowId, found.value, catalog, app) })
        : failed(found.status);
    },
    DeleteWorkflowVersions: async (req, app) => {
      const versionIds = ((req.workflow_version_ids as unknown[]) ?? []).map(String);
      const done = await write(() =>
        store.deleteWorkflowVersions(app, String(req.workflow_id ?? ''), versionIds),
      );
      return done.ok ? ok({}) : failed(done.status);
    },
    GetModel: (req, app) => {
      const modelId = String(req.model_id ?? '');
      const versionId = String(req.version_id ?? '');
      // The request's user_app_id names the model's owner (clarifai/main for a public model).
      if (!catalog.resolve(modelId, versionId, app, app))
        return failed(unknownModel(modelId, versionId, catalog));
      return ok({ model: modelToWire(catalog, modelId, versionId, app, app), workflow_count: 0 });
    },
    GetModelVersion: (req, app) => {
      const modelId = String(req.model_id ?? '');
      const versionId = String(req.version_id ?? '');
      const found = versionId ? catalog.resolve(modelId, versionId, app, app) : undefined;
      if (!found) return failed(unknownModel(modelId, versionId, catalog));
      const owner = ownerOf(found.model, app);
      return ok({
        model_version: modelVersionToWire(found.version.id, found.version.created_at, owner),
      });
    },
    PostWorkflowResults: (req, app) => {
      const workflowId = String(req.workflow_id ?? '');
      const versionId = String(req.version_id ?? '');
      const inputs = (Array.isArray(req.inputs) ? req.inputs : []) as Record<string, unknown>[];
      if (inputs.length === 0)
        return failed(status(StatusCode.CONN_INVALID_REQUEST, 'inputs: at least one is required'));
      if (inputs.length > MAX_WORKFLOW_INPUTS) {
        return failed(
          status(
            StatusCode.CONN_INVALID_REQUEST,
            `inputs: at most ${MAX_WORKFLOW_INPUTS} a call, got ${inputs.length}`,
          ),
        );
      }
      const found = store.getWorkflow(app, workflowId);
      if (!found.ok) return failed(found.status);
      let workflow = found.value;
      if (versionId) {
        const version = store.getWorkflowVersion(app, workflowId, versionId);
        if (!version.ok) return failed(version.status);
        workflow = {
          ...workflow,
          nodes: version.value.nodes,
          version: { id: version.value.id, created_at: version.value.created_at },
        };
      }
      const ran = workflow;
      // Models run outside the serial queue: other calls go on meanwhile.
      return async () => {
        const done = await runWorkflowOnInputs(ran.nodes, inputs, {
          catalog,
          models: opts.textModels ?? localTextModels,
          app,
        });
        return {
          status: wireStatus(done.status),
          workflow: toWire(app)(ran),
          results: done.results,
        };
      };
    },
    ListModelVersions: (req, app) => {
      const modelId = String(req.model_id ?? '');
      const model = catalog.find(modelId, app, app);
      if (!model) return failed(unknownModel(modelId, '', catalog));
      const owner = ownerOf(model, app);
      const { page, per_page } = listOptions(req);
      const size = Math.min(MAX_PER_PAGE, per_page || DEFAULT_PER_PAGE);
      const first = (Math.max(1, page) - 1) * size;
      // Newest first unless sort_ascending; every emulator version is trained, so
      // trained_only filters nothing out.
      const ordered = req.sort_ascending === true ? model.versions : [...model.versions].reverse();
      const versions = ordered.slice(first, first + size);
      return ok({
        model_versions: versions.map((v) => modelVersionToWire(v.id, v.created_at, owner)),
      });
    },
  };

  const implementation: grpcTypes.UntypedServiceImplementation = {};
  for (const [method, handler] of Object.entries(handlers))
    implementation[method] = unary(method, handler);

  const server = new grpc.Server({
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  });
  server.addService(service, implementation);
  const credentials = opts.tls
    ? grpc.ServerCredentials.createSsl(
        null,
        [{ cert_chain: opts.tls.cert, private_key: opts.tls.key }],
        false,
      )
    : grpc.ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(hostPort(host, opts.port ?? 0), credentials, (error, boundPort) =>
      error ? reject(error) : resolve(boundPort),
    );
  });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      for (const end of [...hung]) end();
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, SHUTDOWN_GRACE_MS);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
      await queue.idle();
    })();
    return closing;
  };

  return { host, port, address: hostPort(host, port), faults, store, close };
}

/**
 * The app a request reaches with an app-specific key: the key's own app when
 * the request names none (or part of it), else the app named — which must be
 * the key's, as an app key reaches nothing outside its app.
 */
function keyAppScope(named: AppRef, keyApp: AppRef): AppRef | EmulatorStatus {
  const app = { user_id: named.user_id || keyApp.user_id, app_id: named.app_id || keyApp.app_id };
  if (app.user_id === keyApp.user_id && app.app_id === keyApp.app_id) return app;
  return status(
    StatusCode.CONN_INSUFFICIENT_SCOPES,
    `the app-specific API key of app '${keyApp.user_id}/${keyApp.app_id}' cannot reach app '${app.user_id}/${app.app_id}' (use a personal access token)`,
  );
}

function unknownModel(modelId: string, versionId: string, catalog: ModelCatalog): EmulatorStatus {
  if (!modelId) return status(StatusCode.MODEL_DOES_NOT_EXIST, 'model id is required');
  if (catalog.find(modelId)) {
    return status(
      StatusCode.MODEL_DOES_NOT_EXIST,
      versionId
        ? `model version '${versionId}' of model '${modelId}' does not exist`
        : `model '${modelId}' needs a version id`,
    );
  }
  return status(StatusCode.MODEL_DOES_NOT_EXIST, `model '${modelId}' does not exist`);
}
