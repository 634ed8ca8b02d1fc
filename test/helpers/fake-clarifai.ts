/**
 * An in-memory ClarifaiApi for unit tests of the apply executor's logic
 * (batching, one-by-one retries, ambiguous outcomes). Integration tests use the
 * real client over gRPC against the emulator instead; this fake only models the
 * API facts the executor relies on: all-or-nothing requests, 22100 on an
 * existing id, 22102 on a missing one, 21200 on an unknown model.
 */
import { ClarifaiError, TransportError } from '../../src/clarifai/errors.js';
import type {
  ApiModelVersion,
  ApiWorkflow,
  ApiWorkflowVersion,
  ClarifaiApi,
  PatchAction,
} from '../../src/clarifai/types.js';

export type FakeFault =
  | {
      kind: 'status';
      code: number;
      description?: string;
      transient?: boolean;
      /** The client retried after an attempt whose answer was lost (it may land later). */
      afterAmbiguousAttempt?: boolean;
    }
  | { kind: 'transport'; codeName: 'UNAVAILABLE' | 'DEADLINE_EXCEEDED'; applied: boolean };

export class FakeClarifai implements ClarifaiApi {
  readonly store = new Map<string, ApiWorkflow>();
  readonly calls: { method: string; ids: string[] }[] = [];
  /** Faults consumed one per call of the named method, in order. */
  readonly faults = new Map<string, FakeFault[]>();
  knownModels = new Set<string>(['m1', 'm2']);
  /** Called before each write call; may be async (to hold calls in flight). */
  beforeWrite: (method: string) => Promise<void> | void = () => undefined;

  get callCount(): number {
    return this.calls.length;
  }

  failNext(method: string, ...faults: FakeFault[]): void {
    this.faults.set(method, [...(this.faults.get(method) ?? []), ...faults]);
  }

  async listWorkflows(): Promise<ApiWorkflow[]> {
    this.calls.push({ method: 'ListWorkflows', ids: [] });
    this.fault('ListWorkflows', [], () => undefined);
    return [...this.store.values()].map(clone);
  }

  async getWorkflow(id: string): Promise<ApiWorkflow | null> {
    this.calls.push({ method: 'GetWorkflow', ids: [id] });
    this.fault('GetWorkflow', [id], () => undefined);
    const w = this.store.get(id);
    return w ? clone(w) : null;
  }

  async postWorkflows(workflows: ApiWorkflow[]): Promise<ApiWorkflow[]> {
    const ids = workflows.map((w) => w.id);
    await this.write('PostWorkflows', ids);
    const apply = () => {
      for (const w of workflows) this.store.set(w.id, served(w));
    };
    this.fault('PostWorkflows', ids, apply);
    const seen = new Set<string>();
    for (const w of workflows) {
      if (this.store.has(w.id) || seen.has(w.id))
        throw status('PostWorkflows', 22100, 'Workflow already exists', ids);
      seen.add(w.id);
      this.checkModels('PostWorkflows', w, ids);
    }
    apply();
    return workflows.map((w) => clone(this.store.get(w.id) as ApiWorkflow));
  }

  async patchWorkflows(workflows: ApiWorkflow[], action: PatchAction): Promise<ApiWorkflow[]> {
    const ids = workflows.map((w) => w.id);
    await this.write('PatchWorkflows', ids);
    if (action !== 'overwrite') throw new Error('the fake only overwrites');
    const apply = () => {
      for (const w of workflows) this.store.set(w.id, served(w));
    };
    this.fault('PatchWorkflows', ids, apply);
    for (const w of workflows) {
      if (!this.store.has(w.id))
        throw status('PatchWorkflows', 22102, 'Workflow does not exist', ids);
      this.checkModels('PatchWorkflows', w, ids);
    }
    apply();
    return workflows.map((w) => clone(this.store.get(w.id) as ApiWorkflow));
  }

  async deleteWorkflows(ids: string[]): Promise<void> {
    await this.write('DeleteWorkflows', ids);
    const apply = () => {
      for (const id of ids) this.store.delete(id);
    };
    this.fault('DeleteWorkflows', ids, apply);
    for (const id of ids) {
      if (!this.store.has(id))
        throw status('DeleteWorkflows', 22102, 'Workflow does not exist', ids);
    }
    apply();
  }

  async patchWorkflowIds(id: string, newId: string): Promise<ApiWorkflow | null> {
    await this.write('PatchWorkflowIds', [id]);
    const apply = () => {
      const w = this.store.get(id);
      if (!w) return;
      this.store.delete(id);
      this.store.set(newId, { ...w, id: newId });
    };
    this.fault('PatchWorkflowIds', [id], apply);
    if (!this.store.has(id))
      throw status('PatchWorkflowIds', 22102, 'Workflow does not exist', [id]);
    if (this.store.has(newId))
      throw status('PatchWorkflowIds', 22100, 'Workflow already exists', [id]);
    apply();
    return clone(this.store.get(newId) as ApiWorkflow);
  }

  /** The fake keeps no history: the live workflow is its only version. */
  async listWorkflowVersions(workflowId: string): Promise<ApiWorkflowVersion[]> {
    this.calls.push({ method: 'ListWorkflowVersions', ids: [workflowId] });
    const w = this.store.get(workflowId);
    if (!w) throw status('ListWorkflowVersions', 22102, 'Workflow does not exist', [workflowId]);
    return [{ ...clone(w), id: w.version?.id ?? 'v1', workflow_id: workflowId }];
  }

  async getWorkflowVersion(
    workflowId: string,
    versionId: string,
  ): Promise<ApiWorkflowVersion | null> {
    const all = await this.listWorkflowVersions(workflowId).catch(() => []);
    return all.find((v) => v.id === versionId) ?? null;
  }

  async deleteWorkflowVersions(workflowId: string, versionIds: string[]): Promise<void> {
    await this.write('DeleteWorkflowVersions', [workflowId, ...versionIds]);
  }

  async getModelVersion(model: { id: string }, versionId: string): Promise<ApiModelVersion | null> {
    this.calls.push({ method: 'GetModelVersion', ids: [] });
    return this.knownModels.has(model.id) ? { id: versionId, model_id: model.id } : null;
  }

  async latestModelVersion(model: { id: string }): Promise<ApiModelVersion | null> {
    this.calls.push({ method: 'ListModelVersions', ids: [] });
    return this.knownModels.has(model.id) ? { id: 'latest', model_id: model.id } : null;
  }

  close(): void {}

  writeCalls(): number {
    return this.calls.filter(
      (c) =>
        c.method !== 'ListWorkflows' &&
        c.method !== 'GetWorkflow' &&
        c.method !== 'GetModelVersion' &&
        c.method !== 'ListModelVersions',
    ).length;
  }

  private async write(method: string, ids: string[]): Promise<void> {
    this.calls.push({ method, ids });
    await this.beforeWrite(method);
  }

  private fault(method: string, ids: string[], apply: () => void): void {
    const fault = this.faults.get(method)?.shift();
    if (!fault) return;
    if (fault.kind === 'status') {
      throw new ClarifaiError({
        rpc: method,
        code: fault.code,
        description: fault.description ?? 'Injected failure',
        workflowIds: ids,
        transient: fault.transient ?? false,
        afterAmbiguousAttempt: fault.afterAmbiguousAttempt ?? false,
      });
    }
    if (fault.applied) apply();
    throw new TransportError({
      rpc: method,
      grpcCode: fault.codeName === 'UNAVAILABLE' ? 14 : 4,
      details: 'injected',
      workflowIds: ids,
      transient: true,
    });
  }

  private checkModels(method: string, w: ApiWorkflow, ids: string[]): void {
    for (const node of w.nodes) {
      if (!this.knownModels.has(node.model.id)) {
        throw status(method, 21200, 'Model does not exist', ids, `model ${node.model.id}`);
      }
    }
  }
}

function status(
  rpc: string,
  code: number,
  description: string,
  ids: string[],
  details = '',
): ClarifaiError {
  return new ClarifaiError({ rpc, code, description, details, workflowIds: ids });
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** What a server hands back: nodes reversed and a server-filled field or two. */
function served(w: ApiWorkflow): ApiWorkflow {
  const copy = clone(w);
  copy.nodes = [...copy.nodes].reverse().map((n) => ({
    ...n,
    model: {
      ...n.model,
      name: 'served',
      user_id: n.model.user_id ?? 'clarifai',
      app_id: n.model.app_id ?? 'main',
    },
  }));
  copy.created_at = '2024-01-01T00:00:00Z';
  copy.modified_at = '2024-01-01T00:00:00Z';
  return copy;
}
