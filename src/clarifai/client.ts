/**
 * ClarifaiApi over gRPC for one (user_id, app_id): the API, a remote emulator,
 * or the in-process one. Every attempt passes the call gate (concurrency and
 * rate limit), carries a deadline, and is counted; failures are classified by
 * retry.ts and retried, or turned into the typed errors of errors.ts.
 *
 * Heavy (loads grpc-js and the proto): reach it through connect.ts with
 * `await import`, never from a module `validate` loads.
 */
import type * as grpc from '@grpc/grpc-js';
import { InterruptedError, isInterrupted, raceAbort } from '../interrupt.js';
import { redactSecrets } from '../secrets.js';
import { AuthError, ClarifaiError, TransportError } from './errors.js';
import {
  decodeWrittenAhead,
  encodeWritesAhead,
  fastClientConstructor,
  workflowEncoderFor,
  isApiForm,
  versionsOnly,
} from './fast-client.js';
import type { WorkflowEncoder } from './fast-encode.js';
import { GrpcCode, grpcCodeName } from './grpc-codes.js';
import { loadClarifaiPackage } from './proto.js';
import type { Clock } from './rate-limit.js';
import { CallGate, realClock } from './rate-limit.js';
import type { FailureClass, RetryPolicy } from './retry.js';
import { classifyGrpcFailure, classifyStatus, decideRetry } from './retry.js';
import type { MessageSchema } from './schema.js';
import { buildMessageSchema } from './schema.js';
import { wireFor } from './write-encoding.js';
import {
  AUTH_REJECTED_CODES,
  FAILURE,
  MIXED_STATUS,
  MODEL_MISSING_CODES,
  statusCodeName,
  SUCCESS,
  WORKFLOW_DOES_NOT_EXIST,
} from './status-codes.js';
import type {
  ApiModelVersion,
  ApiStatus,
  ApiWorkflow,
  ApiWorkflowVersion,
  CallOptions,
  ClarifaiApi,
  ListHint,
  PatchAction,
  UserApp,
  WorkflowResultsRequest,
  WorkflowResultsResponse,
  WorkflowRunner,
  WriteOptions,
} from './types.js';
import {
  modelVersionFromWire,
  workflowFromWire,
  workflowResultFromWire,
  workflowToWire,
  workflowVersionFromWire,
} from './wire.js';

/** The API's page-size maximum. */
export const MAX_PER_PAGE = 1000;
/** Room for a full page of large workflows (grpc-js defaults to 4 MB). */
export const MAX_RECEIVE_BYTES = 256 * 1024 * 1024;
/**
 * The HTTP/2 flow-control window the client offers, per stream and for the
 * connection. HTTP/2 starts at 64 KiB: a 1000-workflow page (~1.5 MB) then
 * arrives 64 KiB per round trip — some 23 of them, over a second at 50 ms —
 * and even on loopback each window update waits for this busy thread. 16 MiB
 * lets a whole page come at once; it bounds buffering, not what is read.
 */
export const FLOW_CONTROL_WINDOW = 16 * 1024 * 1024;

export interface ClientOptions {
  /** gRPC target, "host:port" or "[v6]:port". */
  target: string;
  credentials: grpc.ChannelCredentials;
  userApp: UserApp;
  /** Sent as `authorization: Key <pat>`; absent for the in-process emulator. */
  pat?: string;
  /** The variable the PAT came from, named by AuthError. */
  patVariable?: string;
  /**
   * 'app': the key is an app-specific API key, which implies its app — calls
   * for `userApp` leave user_app_id out, as Clarifai's docs say for such keys.
   * Default 'pat': every call names user_app_id.
   */
  keyType?: 'pat' | 'app';
  environmentName?: string;
  ratePerSecond: number;
  concurrency: number;
  /** Per attempt, for everything but list pages. */
  deadlineMs: number;
  /** Per attempt, for one ListWorkflows page (up to 1000 workflows). */
  listDeadlineMs: number;
  /** PostWorkflowResults: added to deadlineMs per input (default PREDICT_DEADLINE_PER_INPUT_MS). */
  predictDeadlinePerInputMs?: number;
  retry: RetryPolicy;
  perPage?: number;
  /** Extra channel options (proxy switch, user agent …). */
  channelOptions?: grpc.ChannelOptions;
  /** One line per attempt when set (rpc, attempt, outcome, ms — never metadata). */
  log?: (line: string) => void;
  /**
   * Told once, whatever --verbose says, when an attempt is still unanswered
   * after `slowNoticeMs` (default SLOW_NOTICE_MS): a hung server is not silent.
   */
  notice?: (line: string) => void;
  slowNoticeMs?: number;
  /** Plaintext to a host that is not this machine's loopback is never the default; set for the TLS hint. */
  plaintext?: boolean;
  clock?: Clock;
  random?: () => number;
  /**
   * Once aborted, no attempt is sent (calls waiting for a slot, the rate
   * limiter or a retry back-off reject with InterruptedError); attempts
   * already sent finish. Calls made with `uninterruptible` ignore it.
   */
  signal?: AbortSignal;
}

type Response = { status?: RawStatus | null } & Record<string, unknown>;
interface RawStatus {
  code?: number;
  description?: string;
  details?: string;
  req_id?: string;
}
type Outcome = { ok: true; response: Response } | { ok: false; error: grpc.ServiceError };
type UnaryMethod = (
  request: object,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response?: Response) => void,
) => grpc.ClientUnaryCall;

/** Failures worth a hint: the other end does not speak TLS, or its certificate is not trusted. */
const TLS_TROUBLE =
  /wrong version number|ssl|tls|handshake|certificate|self[- ]signed|unable to verify|unable to get (local )?issuer/i;

/**
 * How long one PostWorkflowResults call may take: the usual deadline plus
 * this much per input (a 32-image batch gets 30 s + 32 × 5 s = 190 s).
 */
export const PREDICT_DEADLINE_PER_INPUT_MS = 5_000;

/** How long an attempt may go unanswered before the user is told (once per client). */
export const SLOW_NOTICE_MS = 5_000;

/** List pages requested ahead of the one awaited, when the expected count says they exist. */
const LIST_PAGES_AHEAD = 4;

export class ClarifaiClient implements ClarifaiApi, WorkflowRunner {
  private calls = 0;
  private slowNoticed = false;
  private readonly stub: grpc.Client;
  /** Set by close(): no attempt is retried after it. */
  private closed = false;
  private readonly schema: MessageSchema;
  private readonly gate: CallGate;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly grpc: typeof grpc;

  /** Each workflow's wire object (or its stand-in), made once: bytes encoded ahead are found by it. */
  private readonly wires = new WeakMap<ApiWorkflow, object>();
  /** The direct encoder of write requests' workflows, built at the first write (null: none). */
  private encodeWorkflow: WorkflowEncoder | null | undefined;
  private readonly pkg: ReturnType<typeof loadClarifaiPackage>;

  constructor(private readonly opts: ClientOptions) {
    const pkg = loadClarifaiPackage();
    this.pkg = pkg;
    this.grpc = pkg.grpc;
    this.schema = buildMessageSchema(pkg.descriptors);
    this.clock = opts.clock ?? realClock;
    this.random = opts.random ?? Math.random;
    this.gate = new CallGate(
      { ratePerSecond: opts.ratePerSecond, concurrency: opts.concurrency },
      this.clock,
    );
    const V2 = fastClientConstructor(pkg);
    this.stub = new V2(opts.target, opts.credentials, {
      'grpc.max_receive_message_length': MAX_RECEIVE_BYTES,
      'grpc-node.flow_control_window': FLOW_CONTROL_WINDOW,
      'grpc.primary_user_agent': 'vtr-wf',
      ...opts.channelOptions,
    });
  }

  get callCount(): number {
    return this.calls;
  }

  /** How many attempts are running right now (for tests of the concurrency bound). */
  get inFlight(): number {
    return this.gate.inFlight;
  }

  async listWorkflows(hint: ListHint = {}): Promise<ApiWorkflow[]> {
    const perPage = this.opts.perPage ?? MAX_PER_PAGE;
    const expected = hint.expected ?? 0;
    // The pages `expected` workflows fill, plus the short (or empty) one that ends the list.
    const lastExpectedPage = Math.floor(expected / perPage) + 1;
    const requested = new Map<number, ReturnType<typeof this.call>>();
    const fetchPage = (page: number) => {
      let pending = requested.get(page);
      if (!pending) {
        pending = this.call('ListWorkflows', { page, per_page: perPage }, { list: true });
        // Its failure is seen when it is awaited, or not at all if it is not needed.
        pending.catch(() => undefined);
        requested.set(page, pending);
      }
      return pending;
    };
    const byId = new Map<string, ApiWorkflow>();
    for (let page = 1; ; page++) {
      // Pages expected to be needed are asked for now, a few ahead, not a round trip each
      // later: 10,000 workflows cost about one round trip, not eleven.
      for (
        let ahead = page + 1;
        ahead <= Math.min(lastExpectedPage, page + LIST_PAGES_AHEAD);
        ahead++
      )
        fetchPage(ahead);
      const response = await fetchPage(page);
      requested.delete(page);
      const workflows = this.workflowsOf(response);
      let added = 0;
      for (const w of workflows) {
        // A workflow modified while we page can move to a later page: keep its first sighting.
        if (!byId.has(w.id)) {
          byId.set(w.id, w);
          added++;
        }
      }
      // A short page is the last; a page of nothing new means the server repeats itself.
      if (workflows.length < perPage || added === 0) break;
    }
    return [...byId.values()];
  }

  async getWorkflow(id: string, options: CallOptions = {}): Promise<ApiWorkflow | null> {
    try {
      const response = await this.call(
        'GetWorkflow',
        { workflow_id: id },
        { workflowIds: [id], ...options },
      );
      if (!response.workflow) return null;
      return isApiForm(response)
        ? (response.workflow as ApiWorkflow)
        : workflowFromWire(this.schema, response.workflow);
    } catch (e) {
      if (e instanceof ClarifaiError && e.code === WORKFLOW_DOES_NOT_EXIST) return null;
      if (e instanceof TransportError && e.grpcCode === GrpcCode.NOT_FOUND) return null;
      throw e;
    }
  }

  async postWorkflows(
    workflows: ApiWorkflow[],
    options: WriteOptions = {},
  ): Promise<ApiWorkflow[]> {
    if (workflows.length === 0) return [];
    const request = { workflows: workflows.map((w) => this.wireOf(w)) };
    const response = await this.call('PostWorkflows', request, {
      workflowIds: workflows.map((w) => w.id),
      ...(options.only === 'versions' ? { method: versionsOnly('PostWorkflows') } : {}),
    });
    return this.workflowsOf(response);
  }

  async patchWorkflows(
    workflows: ApiWorkflow[],
    action: PatchAction,
    options: WriteOptions = {},
  ): Promise<ApiWorkflow[]> {
    if (workflows.length === 0) return [];
    const request = { workflows: workflows.map((w) => this.wireOf(w)), action };
    const response = await this.call('PatchWorkflows', request, {
      workflowIds: workflows.map((w) => w.id),
      ...(options.only === 'versions' ? { method: versionsOnly('PatchWorkflows') } : {}),
    });
    return this.workflowsOf(response);
  }

  /**
   * Encodes workflows a later postWorkflows/patchWorkflows will send (the same
   * objects): apply does it while it waits for its lease, so the writes go out
   * without an encoding burst (write-encoding.ts). Optional work: skipping it
   * changes nothing but when the encoding happens.
   */
  encodeWritesAhead(workflows: readonly ApiWorkflow[]): void {
    encodeWritesAhead(
      this.pkg,
      workflows.map((w) => this.wireOf(w)),
    );
  }

  /** Decodes what versions-only writes answered with, for a read about to find it (fast-client.ts). */
  decodeWrittenAhead(): Promise<void> {
    return decodeWrittenAhead(this.pkg);
  }

  private wireOf(workflow: ApiWorkflow): object {
    let wire = this.wires.get(workflow);
    if (!wire) {
      // Built here, not with the client: a plan never writes.
      this.encodeWorkflow ??= workflowEncoderFor(this.pkg);
      wire = wireFor(workflow, this.encodeWorkflow, () => workflowToWire(this.schema, workflow));
      this.wires.set(workflow, wire);
    }
    return wire;
  }

  async deleteWorkflows(ids: string[], options: CallOptions = {}): Promise<void> {
    // An empty id list must never reach the API: only explicit ids, never delete_all.
    if (ids.length === 0) return;
    await this.call(
      'DeleteWorkflows',
      { ids: [...ids], delete_all: false },
      { workflowIds: ids, ...options },
    );
  }

  async patchWorkflowIds(id: string, newId: string): Promise<ApiWorkflow | null> {
    const response = await this.call(
      'PatchWorkflowIds',
      { ids: [{ id, new_id: newId }], action: 'overwrite' },
      { workflowIds: [id] },
    );
    return this.workflowsOf(response)[0] ?? null;
  }

  async listWorkflowVersions(workflowId: string): Promise<ApiWorkflowVersion[]> {
    const perPage = this.opts.perPage ?? MAX_PER_PAGE;
    const byId = new Map<string, ApiWorkflowVersion>();
    for (let page = 1; ; page++) {
      const response = await this.call(
        'ListWorkflowVersions',
        { workflow_id: workflowId, page, per_page: perPage },
        { list: true, workflowIds: [workflowId] },
      );
      const versions = asArray(response.workflow_versions).map((v) =>
        workflowVersionFromWire(this.schema, v),
      );
      let added = 0;
      for (const v of versions) {
        if (!byId.has(v.id)) {
          byId.set(v.id, v);
          added++;
        }
      }
      // A short page is the last; a page of nothing new means the server repeats itself.
      if (versions.length < perPage || added === 0) break;
    }
    return [...byId.values()];
  }

  async getWorkflowVersion(
    workflowId: string,
    versionId: string,
  ): Promise<ApiWorkflowVersion | null> {
    try {
      const response = await this.call(
        'GetWorkflowVersion',
        { workflow_id: workflowId, workflow_version_id: versionId },
        { workflowIds: [workflowId] },
      );
      if (!response.workflow_version) return null;
      return workflowVersionFromWire(this.schema, response.workflow_version);
    } catch (e) {
      if (e instanceof ClarifaiError && e.code === WORKFLOW_DOES_NOT_EXIST) return null;
      if (e instanceof TransportError && e.grpcCode === GrpcCode.NOT_FOUND) return null;
      throw e;
    }
  }

  async deleteWorkflowVersions(workflowId: string, versionIds: string[]): Promise<void> {
    if (versionIds.length === 0) return;
    await this.call(
      'DeleteWorkflowVersions',
      { workflow_id: workflowId, workflow_version_ids: [...versionIds] },
      { workflowIds: [workflowId] },
    );
  }

  async getModelVersion(
    model: { id: string; user_id?: string; app_id?: string },
    versionId: string,
  ): Promise<ApiModelVersion | null> {
    // A model from another app (a public Clarifai model) is addressed in its owner's app;
    // one of our own app goes like every other call (an app key then names no app).
    const own = this.opts.userApp;
    const owner: UserApp = {
      user_id: model.user_id || own.user_id,
      app_id: model.app_id || own.app_id,
    };
    const elsewhere = owner.user_id !== own.user_id || owner.app_id !== own.app_id;
    try {
      const response = await this.call(
        'GetModelVersion',
        { model_id: model.id, version_id: versionId },
        elsewhere ? { userApp: owner } : {},
      );
      if (!response.model_version) return null;
      return modelVersionFromWire(this.schema, response.model_version, model.id);
    } catch (e) {
      if (e instanceof ClarifaiError && MODEL_MISSING_CODES.has(e.code)) return null;
      if (e instanceof TransportError && e.grpcCode === GrpcCode.NOT_FOUND) return null;
      throw e;
    }
  }

  /**
   * The model's newest trained version: ListModelVersions, one entry, newest
   * first (the API sorts by created_at, descending, unless told otherwise),
   * trained only — an untrained or failed version cannot run in a workflow.
   * null when the model does not exist or has no trained version.
   */
  async latestModelVersion(model: {
    id: string;
    user_id?: string;
    app_id?: string;
  }): Promise<ApiModelVersion | null> {
    const owner: UserApp = {
      user_id: model.user_id || this.opts.userApp.user_id,
      app_id: model.app_id || this.opts.userApp.app_id,
    };
    try {
      const response = await this.call(
        'ListModelVersions',
        { model_id: model.id, page: 1, per_page: 1, trained_only: true },
        { userApp: owner },
      );
      const first = asArray(response.model_versions)[0];
      return first === undefined ? null : modelVersionFromWire(this.schema, first, model.id);
    } catch (e) {
      if (e instanceof ClarifaiError && MODEL_MISSING_CODES.has(e.code)) return null;
      if (e instanceof TransportError && e.grpcCode === GrpcCode.NOT_FOUND) return null;
      throw e;
    }
  }

  async postWorkflowResults(request: WorkflowResultsRequest): Promise<WorkflowResultsResponse> {
    const body = {
      workflow_id: request.workflow_id,
      version_id: request.version_id ?? '',
      inputs: request.inputs.map((input) => ({
        id: input.id,
        data: {
          image: 'url' in input.image ? { url: input.image.url } : { base64: input.image.base64 },
        },
      })),
    };
    const response = await this.call('PostWorkflowResults', body, {
      workflowIds: [request.workflow_id],
      deadlineMs:
        this.opts.deadlineMs +
        (this.opts.predictDeadlinePerInputMs ?? PREDICT_DEADLINE_PER_INPUT_MS) *
          request.inputs.length,
      // A predict that ran out of time may still have run, and Clarifai bills it.
      retryAtDeadline: false,
      // Some (MIXED_STATUS) or all (FAILURE) inputs failed: each result says why.
      alsoAccept: (code, response) =>
        code === MIXED_STATUS ||
        (code === FAILURE && asArray(response.results).length === request.inputs.length),
    });
    return {
      status: readStatus(response),
      results: asArray(response.results).map((r) => workflowResultFromWire(this.schema, r)),
      ...(response.workflow ? { workflow: workflowFromWire(this.schema, response.workflow) } : {}),
    };
  }

  close(): void {
    this.closed = true;
    this.stub.close();
  }

  /** A response's workflows as API objects (fast-decoded ones already are). */
  private workflowsOf(response: Response): ApiWorkflow[] {
    const workflows = asArray(response.workflows);
    if (isApiForm(response)) return workflows as ApiWorkflow[];
    return workflows.map((w) => workflowFromWire(this.schema, w));
  }

  /**
   * One RPC with retries. Returns the response of the first attempt whose
   * status is SUCCESS; throws AuthError, ClarifaiError or TransportError.
   */
  // Over 80 lines: the retry loop: attempt, deadline, status mapping and back-off share the attempt's state; each branch is a case of one decision (retry or answer).
  private async call(
    rpc: string,
    body: Record<string, unknown>,
    how: {
      /** The stub's method, when not the RPC's own name (a variant decoding less: fast-client.ts). */
      method?: string;
      list?: boolean;
      workflowIds?: string[];
      userApp?: UserApp;
      deadlineMs?: number;
      /** false: a call that ended at its deadline is reported, never retried. */
      retryAtDeadline?: boolean;
      /** A non-SUCCESS status whose response is still the answer (MIXED_STATUS). */
      alsoAccept?: (code: number, response: Response) => boolean;
    } & CallOptions = {},
  ): Promise<Response> {
    // An app key implies its app: calls for it name none (Clarifai's docs on app-specific keys).
    const userApp = how.userApp ?? (this.opts.keyType === 'app' ? undefined : this.opts.userApp);
    const request = userApp ? { user_app_id: userApp, ...body } : { ...body };
    const deadlineMs =
      how.deadlineMs ?? (how.list ? this.opts.listDeadlineMs : this.opts.deadlineMs);
    const signal = how.uninterruptible ? undefined : this.opts.signal;
    const started = this.clock.now();
    // The whole call (attempts, waits) ends within the policy's total; a predict's own
    // longer deadline is its total. No attempt is given more time than is left.
    const totalMs = Math.max(this.opts.retry.maxTotalMs, how.deadlineMs ?? 0);
    const attemptDeadline = () =>
      Math.max(1, Math.min(deadlineMs, totalMs - (this.clock.now() - started)));
    let ambiguous = false;
    // Why a cancelled call ends: the signal, and what its earlier attempts may have done.
    const cancelled = (error: unknown, sent: number): never => {
      if (!isInterrupted(error)) throw error;
      const by = (error as InterruptedError).signalName;
      this.logLine(`${rpc} not sent: interrupted by ${by}`);
      throw new InterruptedError(
        by,
        sent === 0
          ? `interrupted by ${by}: ${rpc} was not sent`
          : `interrupted by ${by}: ${rpc} was not retried after ${sent} attempt${sent === 1 ? '' : 's'}`,
        sent,
        ambiguous,
      );
    };
    for (let attempt = 1; ; attempt++) {
      const attemptStarted = this.clock.now();
      let outcome: Outcome;
      try {
        outcome = await this.gate.run(
          () => this.attemptOnce(rpc, request, attemptDeadline(), how.method),
          signal,
        );
      } catch (error) {
        return cancelled(error, attempt - 1);
      }
      const ms = Math.round(this.clock.now() - attemptStarted);

      let failure: FailureClass;
      let toError: () => Error;
      if (outcome.ok) {
        const status = readStatus(outcome.response);
        this.logLine(
          `${rpc} attempt ${attempt}: ${status.code === SUCCESS ? 'OK' : describeStatus(status)} ${ms} ms`,
        );
        if (status.code === SUCCESS || how.alsoAccept?.(status.code, outcome.response))
          return outcome.response;
        if (AUTH_REJECTED_CODES.has(status.code) && this.opts.patVariable) {
          throw new AuthError({
            variable: this.opts.patVariable,
            environment: this.opts.environmentName,
            reason: 'rejected',
            ...(this.opts.keyType ? { keyType: this.opts.keyType } : {}),
            code: status.code,
            rpc,
            description: status.description,
            req_id: status.req_id,
          });
        }
        failure = classifyStatus(status.code);
        toError = () =>
          new ClarifaiError({
            rpc,
            ...status,
            workflowIds: how.workflowIds,
            transient: failure !== 'permanent',
            attempts: attempt,
            afterAmbiguousAttempt: ambiguous,
          });
      } else {
        const { code, details } = outcome.error;
        this.logLine(`${rpc} attempt ${attempt}: ${grpcCodeName(code)} ${ms} ms`);
        if (code === GrpcCode.UNAUTHENTICATED && this.opts.patVariable) {
          throw new AuthError({
            variable: this.opts.patVariable,
            environment: this.opts.environmentName,
            reason: 'rejected',
            ...(this.opts.keyType ? { keyType: this.opts.keyType } : {}),
            rpc,
            description: details,
          });
        }
        const tlsTrouble =
          code === GrpcCode.UNAVAILABLE && !this.opts.plaintext && TLS_TROUBLE.test(details ?? '');
        // Plaintext into a TLS listener: the connection is made, then dropped or garbled.
        const maybeTlsServer =
          code === GrpcCode.UNAVAILABLE &&
          this.opts.plaintext === true &&
          !REFUSED.test(details ?? '');
        const seconds = formatSeconds(deadlineMs);
        const endedAtDeadline =
          code === GrpcCode.DEADLINE_EXCEEDED && how.retryAtDeadline === false;
        // A TLS mismatch or an untrusted certificate fails the same way every time.
        failure =
          tlsTrouble || endedAtDeadline ? 'permanent' : classifyGrpcFailure(code, details ?? '');
        if (code === GrpcCode.DEADLINE_EXCEEDED || code === GrpcCode.UNAVAILABLE) ambiguous = true;
        toError = () =>
          new TransportError({
            rpc,
            grpcCode: code,
            details,
            workflowIds: how.workflowIds,
            transient: failure !== 'permanent',
            attempts: attempt,
            hint: tlsTrouble
              ? 'the server may not speak TLS, or its certificate is not trusted (check `tls` and `ca_file`)'
              : maybeTlsServer
                ? 'the server may expect TLS; set `tls: true` for this environment'
                : endedAtDeadline
                  ? `not retried: the call ended at its ${seconds} s deadline and may have run (and been billed)`
                  : code === GrpcCode.DEADLINE_EXCEEDED
                    ? `no answer within the ${seconds} s timeout (change it with --timeout or \`timeout:\` in the environment)`
                    : undefined,
          });
      }

      const decision = decideRetry(
        { ...this.opts.retry, maxTotalMs: totalMs },
        { attempt, elapsedMs: this.clock.now() - started, failure },
        this.random,
      );
      // A closed client's calls fail by the close (the command gave up): retrying them
      // only sends another attempt into a closed channel.
      if (!decision.retry || this.closed) throw toError();
      // Throttling is about the whole client, not this call: everyone waits.
      if (failure === 'throttled') this.gate.holdOff(decision.delayMs);
      this.logLine(`${rpc} retry in ${decision.delayMs} ms (${failure})`);
      try {
        await raceAbort(this.clock.sleep(decision.delayMs, signal), signal);
      } catch (error) {
        return cancelled(error, attempt);
      }
    }
  }

  private attemptOnce(
    rpc: string,
    request: object,
    deadlineMs: number,
    stubMethod: string = rpc,
  ): Promise<Outcome> {
    this.calls++;
    const metadata = new this.grpc.Metadata();
    if (this.opts.pat !== undefined) metadata.set('authorization', `Key ${this.opts.pat}`);
    const method = (this.stub as unknown as Record<string, UnaryMethod>)[stubMethod];
    if (typeof method !== 'function') throw new Error(`the loaded proto has no RPC ${rpc}`);
    const slow = this.watchForSlowAnswer(rpc);
    return new Promise<Outcome>((resolve) => {
      try {
        method.call(
          this.stub,
          request,
          metadata,
          { deadline: Date.now() + deadlineMs },
          (error, response) => {
            slow.done();
            if (error) resolve({ ok: false, error });
            else resolve({ ok: true, response: response ?? {} });
          },
        );
      } catch (e) {
        slow.done();
        // Serialisation failed before anything was sent: a bug in the request, not the network.
        resolve({
          ok: false,
          error: Object.assign(new Error(String(e)), {
            code: GrpcCode.INTERNAL,
            details: `could not encode the ${rpc} request: ${e instanceof Error ? e.message : String(e)}`,
            metadata: new this.grpc.Metadata(),
          }) as grpc.ServiceError,
        });
      }
    });
  }

  /** Tells the user once (per client) that an answer is slow to come. */
  private watchForSlowAnswer(rpc: string): { done(): void } {
    const notice = this.opts.notice;
    if (!notice || this.slowNoticed) return { done: () => undefined };
    const afterMs = this.opts.slowNoticeMs ?? SLOW_NOTICE_MS;
    const timer = setTimeout(() => {
      if (this.slowNoticed) return;
      this.slowNoticed = true;
      notice(
        redactSecrets(`waiting for ${rpc} from ${this.opts.target} (${formatSeconds(afterMs)} s)…`),
      );
    }, afterMs);
    // A notice must never keep the process alive.
    timer.unref();
    return { done: () => clearTimeout(timer) };
  }

  private logLine(line: string): void {
    this.opts.log?.(redactSecrets(line));
  }
}

/** "the connection was refused": nothing listens, so TLS is not the question. */
const REFUSED = /ECONNREFUSED|connection refused|ENOTFOUND|EAI_AGAIN|getaddrinfo/i;

/** 30000 → "30", 1500 → "1.5". */
function formatSeconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

function readStatus(response: Response): ApiStatus {
  const raw = response.status;
  if (!raw) return { code: 0, description: 'the response carries no status' };
  return {
    code: Number(raw.code ?? 0),
    description: String(raw.description ?? ''),
    details: String(raw.details ?? ''),
    req_id: String(raw.req_id ?? ''),
  };
}

function describeStatus(status: ApiStatus): string {
  return `${statusCodeName(status.code)} ${status.code}`;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
