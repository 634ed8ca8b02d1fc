/**
 * `vtr-wf run -e ENV WORKFLOW_ID IMAGE…`: runs the live workflow on each
 * image and returns what it read and what each node produced. Every image is
 * checked (present, a PNG/JPEG/WebP under 20 MB and 85 megapixels) before any
 * call; URLs are sent as URLs (only a target that can fetch them reads them).
 */
import type { ConnectionOptions } from './shared/connect-environment.js';
import { relative, resolve } from 'node:path';
import { readImage } from '../image/read-image.js';
import type { PreparedInput } from '../run/run-inputs.js';
import type { WorkflowRun } from '../run/types.js';
import { UserError } from '../user-error.js';

/** verbose, log, timeout and the CLI's signal: handed to the connection as they are. */
export interface RunOptions extends ConnectionOptions {
  cwd: string;
  config?: string;
  environment: string;
  workflow: string;
  images: string[];
  workflowVersion?: string;
}

const URL_PATTERN = /^https?:\/\//i;

/** Reads and checks every image first: a bad one is an error before any call. */
export function prepareInputs(images: readonly string[], cwd: string): PreparedInput[] {
  return images.map((image, i) => {
    if (URL_PATTERN.test(image))
      return { name: image, input: { id: `input-${i + 1}`, image: { url: image } } };
    const path = resolve(cwd, image);
    const name = relative(cwd, path) || image;
    const read = readImage(path, name);
    if (!read.ok) throw new UserError(read.message);
    return { name, input: { id: `input-${i + 1}`, image: { base64: read.bytes } } };
  });
}

export async function run(opts: RunOptions): Promise<WorkflowRun> {
  if (opts.images.length === 0)
    throw new UserError('give at least one IMAGE to run the workflow on');
  const { loadProjectFor, environmentNamed } = await import('./shared/project.js');
  const project = await loadProjectFor({
    cwd: opts.cwd,
    ...(opts.config ? { config: opts.config } : {}),
  });
  const env = environmentNamed(project, opts.environment);
  const inputs = prepareInputs(opts.images, opts.cwd);
  const { connectEnvironment } = await import('./shared/connect-environment.js');
  const { runInputs } = await import('../run/run-inputs.js');
  const api = await connectEnvironment(project, env, opts);
  try {
    const live = await api.getWorkflow(opts.workflow);
    if (!live) {
      throw new UserError(
        `workflow ${opts.workflow} does not exist in environment ${opts.environment} (app ${env.user_id}/${env.app_id})`,
      );
    }
    const results = await runInputs(
      api,
      {
        id: opts.workflow,
        ...(opts.workflowVersion ? { versionId: opts.workflowVersion } : {}),
        nodes: live.nodes,
      },
      inputs,
    );
    return { format_version: 1, environment: opts.environment, workflow: opts.workflow, results };
  } finally {
    await api.close();
  }
}
