/**
 * Test support (not shipped): real plans made by plan() from fixtures, so the
 * renderer tests see exactly what the CLI will hand them.
 */
import type { ApiWorkflow } from '../clarifai/types.js';
import { node, serverFill, vtrWorkflow } from '../plan/fake-server.test-support.js';
import { specHash } from '../plan/fingerprint.js';
import { normaliseLive } from '../plan/normalise.js';
import { plan } from '../plan/plan.js';
import { toApiWorkflow } from '../plan/to-api.js';
import type { CanonicalWorkflow, Plan, PlanOptions } from '../plan/types.js';

export const PROJECT = 'acme-ocr';

export function applied(w: CanonicalWorkflow, project = PROJECT): ApiWorkflow {
  return serverFill(toApiWorkflow(w, {}, { project, spec_hash: specHash(w) }));
}

export function unmarked(w: CanonicalWorkflow): ApiWorkflow {
  return { ...applied(w), metadata: {} };
}

export function makePlan(
  specs: CanonicalWorkflow[],
  live: ApiWorkflow[],
  options: Partial<PlanOptions> = {},
  environment = 'staging',
): Plan {
  return plan(
    {
      environment,
      user_id: 'acme',
      app_id: 'vtr-staging',
      project: PROJECT,
      workflows: specs.map((workflow) => ({
        workflow,
        spec_hash: specHash(workflow),
        source: { file: `workflows/${workflow.id}.yaml`, document: 0 },
      })),
    },
    { workflows: live.map(normaliseLive), api_calls: 2 },
    { prune: true, ids: [], allow_empty: true, adopt: [], ...options },
  ).plan;
}

/** create `new-flow`, update `vtr` (version bump + a node removed), delete `old-flow`. */
export function mixedPlan(): Plan {
  const live = vtrWorkflow('vtr');
  live.nodes.push(node('extra', '1', ['image-crop']));
  return makePlan(
    [vtrWorkflow('vtr', 'newversion1234'), vtrWorkflow('new-flow')],
    [applied(live), applied(vtrWorkflow('old-flow'))],
  );
}
