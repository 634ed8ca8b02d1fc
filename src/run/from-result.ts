/**
 * One PostWorkflowResults result → what each node produced (ImageRun).
 * Outputs name no node: the API returns them in the workflow's node order,
 * suppressed nodes left out. An output is matched to a node by its id when
 * it is one (the emulator's), else to the next unclaimed node running the
 * same model, else by position among the nodes not suppressed.
 */
import type {
  ApiNode,
  ApiOutput,
  ApiRegion,
  ApiStatus,
  ApiWorkflowResult,
} from '../clarifai/types.js';
import { textRead } from './text-read.js';
import type { ImageRun, NodeRun, RunRegion, RunStatus } from './types.js';

export function imageRunOf(
  image: string,
  result: ApiWorkflowResult,
  nodes: readonly ApiNode[],
): ImageRun {
  const runs = nodeRunsOf(result.outputs, nodes);
  return { image, status: statusOf(result.status), text: textRead(runs), nodes: runs };
}

export function nodeRunsOf(outputs: readonly ApiOutput[], nodes: readonly ApiNode[]): NodeRun[] {
  const returned = nodes.filter((n) => n.suppress_output !== true);
  const claimed = new Set<string>();
  return outputs.map((output, position) => {
    const modelId = output.model?.id ?? '';
    const node =
      returned.find((n) => n.id === output.id && !claimed.has(n.id)) ??
      returned.find((n) => !claimed.has(n.id) && modelId !== '' && n.model?.id === modelId) ??
      (returned[position] && !claimed.has(returned[position].id) ? returned[position] : undefined);
    if (node) claimed.add(node.id);
    const text = output.data?.text?.raw ?? '';
    return {
      id: node?.id ?? (output.id || `output-${position + 1}`),
      model: {
        id: modelId || (node?.model?.id ?? ''),
        version: output.model?.model_version?.id || (node?.model?.model_version?.id ?? ''),
      },
      status: statusOf(output.status),
      ...(text !== '' ? { text } : {}),
      regions: (output.data?.regions ?? []).map(regionOf),
    };
  });
}

function regionOf(region: ApiRegion): RunRegion {
  const b = region.region_info?.bounding_box ?? {};
  const text = region.data?.text?.raw ?? '';
  return {
    box: {
      top: round(b.top_row ?? 0),
      left: round(b.left_col ?? 0),
      bottom: round(b.bottom_row ?? 0),
      right: round(b.right_col ?? 0),
    },
    // proto3 cannot tell 0 from unset: a region without a score has none.
    ...(region.value ? { confidence: round(region.value) } : {}),
    ...(text !== '' ? { text } : {}),
  };
}

/** Floats come as float32: 0.1 arrives as 0.10000000149. Six places are plenty for 0–1. */
function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

export function statusOf(status: ApiStatus | undefined): RunStatus {
  return { code: status?.code ?? 0, description: status?.description ?? '' };
}
