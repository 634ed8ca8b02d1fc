/**
 * Runs a live workflow on prepared inputs through PostWorkflowResults, in
 * batches (32 a call, under the size limit), and turns each result into an
 * ImageRun. A batch that ended at its deadline is not retried (it may have
 * run, and been billed): its images get a failed status saying so.
 */
import { TransportError } from '../clarifai/errors.js';
import { GrpcCode } from '../clarifai/grpc-codes.js';
import type { ApiNode, PredictInput, WorkflowRunner } from '../clarifai/types.js';
import { splitIntoBatches } from './batches.js';
import { imageRunOf } from './from-result.js';
import type { ImageRun } from './types.js';

export interface PreparedInput {
  /** As the user named it (a path relative to cwd, or a URL). */
  name: string;
  input: PredictInput;
}

export async function runInputs(
  api: WorkflowRunner,
  workflow: { id: string; versionId?: string; nodes: readonly ApiNode[] },
  inputs: readonly PreparedInput[],
): Promise<ImageRun[]> {
  const runs: ImageRun[] = [];
  const bytesOf = (p: PreparedInput) =>
    'base64' in p.input.image ? p.input.image.base64.length : 0;
  for (const batch of splitIntoBatches(inputs, bytesOf)) {
    try {
      const response = await api.postWorkflowResults({
        workflow_id: workflow.id,
        ...(workflow.versionId ? { version_id: workflow.versionId } : {}),
        inputs: batch.map((p) => p.input),
      });
      const nodes = response.workflow?.nodes ?? workflow.nodes;
      batch.forEach((p, i) => {
        const result =
          response.results.find((r) => r.input?.id === p.input.id) ?? response.results[i];
        runs.push(
          result
            ? imageRunOf(p.name, result, nodes)
            : {
                image: p.name,
                status: { code: 0, description: 'no result returned' },
                text: '',
                nodes: [],
              },
        );
      });
    } catch (e) {
      if (!(e instanceof TransportError && e.grpcCode === GrpcCode.DEADLINE_EXCEEDED)) throw e;
      for (const p of batch)
        runs.push({
          image: p.name,
          status: { code: 0, description: e.message },
          text: '',
          nodes: [],
        });
    }
  }
  return runs;
}
