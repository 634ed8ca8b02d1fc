/**
 * A test case judged against its run: what was expected, what was read, and
 * each way it failed. Regions found: the sum of the regions output by the
 * nodes whose model has the role `detector`; when no node has a known role,
 * the largest region count of any node's output.
 */
import type { Role } from '../spec/types.js';
import { containsWords } from './match.js';
import type { Expectations, ImageRun, NodeRun } from './types.js';

const SUCCESS = 10000;

export function regionsFound(
  nodes: readonly NodeRun[],
  roleOf: (node: NodeRun) => Role | undefined,
): number {
  const roles = nodes.map(roleOf);
  if (roles.every((r) => r === undefined))
    return Math.max(0, ...nodes.map((n) => n.regions.length));
  return nodes.reduce((sum, n, i) => sum + (roles[i] === 'detector' ? n.regions.length : 0), 0);
}

export function judge(
  expect: Expectations,
  run: Pick<ImageRun, 'status' | 'text' | 'nodes'>,
  regions: number,
): string[] {
  const failures: string[] = [];
  if (run.status.code !== SUCCESS) {
    failures.push(
      `the workflow failed on this image: ${run.status.code} ${run.status.description}`,
    );
  }
  for (const text of expect.text ?? []) {
    if (!containsWords(run.text, text))
      failures.push(`expected ${JSON.stringify(text)} to be read`);
  }
  for (const text of expect.absent ?? []) {
    if (containsWords(run.text, text))
      failures.push(`${JSON.stringify(text)} was read but must be absent`);
  }
  if (expect.min_regions !== undefined && regions < expect.min_regions) {
    failures.push(
      `found ${regions} text region${regions === 1 ? '' : 's'}, expected at least ${expect.min_regions}`,
    );
  }
  // A failing case names the nodes that could not run: usually the reason.
  if (failures.length > 0) {
    for (const node of run.nodes) {
      if (node.status.code !== SUCCESS)
        failures.push(`node ${node.id} failed: ${node.status.description}`);
    }
  }
  return failures;
}
