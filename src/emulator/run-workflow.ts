/**
 * PostWorkflowResults in the emulator: runs the stored workflow's nodes on
 * each input, in dependency order along node_inputs, on the local text
 * models — as Clarifai runs the VTR workflow:
 *   - `detector`: text regions of the input image (normalised boxes, confidence);
 *   - `cropper`: its input node's regions, as crops;
 *   - `recognizer`: reads each crop when its input is a cropper, otherwise the
 *     whole input image as one line.
 * A node whose model has no role, or whose input node failed, gets a
 * non-success status on its output; the others still run. Suppressed nodes
 * run but are not returned. The models load on the first call only.
 */
import type { Box, DecodedImage, TextReader } from '../run/models/types.js';
import { executionOrder, sourceOf } from '../run/execute-graph.js';
import type { Role } from '../spec/types.js';
import type { ModelCatalog } from './models.js';
import type { StoredNode } from './state-types.js';
import { StatusCode, status, wireStatus, type EmulatorStatus } from './status.js';
import type { AppRef } from './store.js';
import { modelToWire, toTimestamp } from './wire.js';

type Wire = Record<string, unknown>;

/** The heavy edges, injected so tests can use a fake reader. */
export interface TextModels {
  reader(): Promise<TextReader>;
  decode(bytes: Uint8Array): Promise<DecodedImage>;
}

/** The real models: onnxruntime-node and sharp, imported on first use. */
export const localTextModels: TextModels = {
  reader: async () => (await import('../run/models/load.js')).loadTextReader(),
  decode: async (bytes) => (await import('../run/models/load.js')).decodeImage(bytes),
};

interface NodeOutput {
  status: EmulatorStatus;
  role?: Role;
  regions: { box: Box; confidence: number; text?: string }[];
  text?: string;
}

export async function runWorkflowOnInputs(
  nodes: readonly StoredNode[],
  inputs: readonly Wire[],
  ctx: { catalog: ModelCatalog; models: TextModels; app: AppRef },
): Promise<{ status: EmulatorStatus; results: Wire[] }> {
  const results: Wire[] = [];
  for (const input of inputs) results.push(await runOne(nodes, input, ctx));
  const failedResults = results.filter(
    (r) => (r.status as EmulatorStatus).code !== StatusCode.SUCCESS,
  ).length;
  const overall =
    failedResults === 0
      ? status(StatusCode.SUCCESS)
      : failedResults === results.length
        ? status(StatusCode.FAILURE, '', 'Failure: no input could be processed')
        : status(StatusCode.MIXED_STATUS, '', 'Mixed Success');
  return { status: overall, results };
}

// Over 80 lines: walks one input through the graph node by node; the per-node cases (model kind, inputs, failure) share the walk's state.
async function runOne(
  nodes: readonly StoredNode[],
  input: Wire,
  ctx: { catalog: ModelCatalog; models: TextModels; app: AppRef },
): Promise<Wire> {
  const inputId = typeof input.id === 'string' ? input.id : '';
  const image = (asObject(asObject(input.data)?.image) ?? {}) as {
    base64?: Uint8Array;
    url?: string;
  };
  const echo = { id: inputId, data: image.url ? { image: { url: image.url } } : {} };
  const failedInput = (s: EmulatorStatus): Wire => ({
    id: inputId,
    status: wireStatus(s),
    created_at: toTimestamp(new Date().toISOString()),
    input: echo,
    outputs: [],
  });

  const bytes = image.base64;
  if (!bytes || bytes.length === 0) {
    return failedInput(
      image.url
        ? status(
            StatusCode.INPUT_FAILED,
            image.url,
            'the emulator cannot fetch URLs: pass the image as a file (vtr-wf run sends its bytes)',
          )
        : status(
            StatusCode.INPUT_FAILED,
            '',
            'the input has no image (data.image.base64 is empty)',
          ),
    );
  }

  let reader: TextReader;
  let decoded: DecodedImage;
  try {
    [reader, decoded] = await Promise.all([ctx.models.reader(), ctx.models.decode(bytes)]);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // Missing model packages: the whole emulator cannot run workflows, and says how to fix it.
    const unavailable = (e as Error).name === 'ModelsUnavailableError';
    return failedInput(
      unavailable
        ? status(StatusCode.FAILURE, '', message)
        : status(StatusCode.INPUT_FAILED, '', message),
    );
  }

  const { order, blocked } = executionOrder(
    nodes.map((n) => ({ id: n.id, inputs: n.node_inputs })),
  );
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const outputs = new Map<string, NodeOutput>();
  for (const graphNode of order) {
    const node = byId.get(graphNode.id)!;
    const role = ctx.catalog.find(node.model.id, node.model)?.role;
    outputs.set(node.id, await runNode(node, role, sourceOf(graphNode), outputs, reader, decoded));
  }
  for (const node of blocked) {
    outputs.set(node.id, {
      status: status(
        StatusCode.FAILURE,
        '',
        `node ${node.id} cannot run: its inputs never complete`,
      ),
      regions: [],
    });
  }

  const wireOutputs = nodes
    .filter((n) => !n.suppress_output)
    .map((n) => outputToWire(n, outputs.get(n.id)!, ctx, echo));
  return {
    id: inputId,
    status: wireStatus(status(StatusCode.SUCCESS)),
    created_at: toTimestamp(new Date().toISOString()),
    input: echo,
    outputs: wireOutputs,
  };
}

async function runNode(
  node: StoredNode,
  role: Role | undefined,
  source: ReturnType<typeof sourceOf>,
  outputs: ReadonlyMap<string, NodeOutput>,
  reader: TextReader,
  image: DecodedImage,
): Promise<NodeOutput> {
  const fail = (why: string): NodeOutput => ({
    status: status(StatusCode.FAILURE, '', why),
    ...(role ? { role } : {}),
    regions: [],
  });
  if (!role) {
    return fail(
      `the emulator cannot run model ${node.model.id}: it has no role (detector, cropper or recognizer) — give it one in the config's catalog`,
    );
  }
  const upstream = source.kind === 'node' ? outputs.get(source.id) : undefined;
  if (upstream && upstream.status.code !== StatusCode.SUCCESS) {
    return fail(`input node ${source.kind === 'node' ? source.id : ''} failed`);
  }
  const ok = (rest: Omit<NodeOutput, 'status' | 'role'>): NodeOutput => ({
    status: status(StatusCode.SUCCESS),
    role,
    ...rest,
  });
  try {
    if (role === 'detector') {
      const found = await reader.detect(image);
      return ok({ regions: found.map((r) => ({ box: r.box, confidence: r.confidence })) });
    }
    if (role === 'cropper') {
      // Crops of what its input found; the image itself has no regions to crop.
      return ok({
        regions: (upstream?.regions ?? []).map((r) => ({ box: r.box, confidence: r.confidence })),
      });
    }
    if (upstream?.role === 'cropper') {
      const regions = [];
      for (const crop of upstream.regions) {
        const line = await reader.recognize(image, crop.box);
        regions.push({ box: crop.box, confidence: line.confidence, text: line.text });
      }
      return ok({ regions });
    }
    // Not fed crops: the whole input image, read as one line.
    const line = await reader.recognize(image);
    return ok({ regions: [], text: line.text });
  } catch (e) {
    return fail(`model ${node.model.id} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function outputToWire(
  node: StoredNode,
  output: NodeOutput,
  ctx: { catalog: ModelCatalog; app: AppRef },
  input: Wire,
): Wire {
  const data: Wire = {};
  if (output.regions.length > 0) {
    data.regions = output.regions.map((r, i) => ({
      id: `${node.id}-region-${i + 1}`,
      region_info: {
        bounding_box: {
          top_row: r.box.top,
          left_col: r.box.left,
          bottom_row: r.box.bottom,
          right_col: r.box.right,
        },
      },
      value: r.confidence,
      data:
        r.text !== undefined
          ? { text: { raw: r.text } }
          : { concepts: [{ id: 'text', name: 'text', value: r.confidence }] },
    }));
  }
  if (output.text !== undefined) data.text = { raw: output.text };
  return {
    // The node's id: Clarifai's output ids are opaque, the emulator's say which node made them.
    id: node.id,
    status: wireStatus(output.status),
    created_at: toTimestamp(new Date().toISOString()),
    model: modelToWire(ctx.catalog, node.model.id, node.model.version_id, ctx.app),
    input,
    data,
  };
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
