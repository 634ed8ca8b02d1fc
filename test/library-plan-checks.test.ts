/**
 * The library's `apply({ plan })` holds a plan object to the rules of `apply
 * PLANFILE` (issue 14): a plan may have been read from a file and edited, so
 * its adoptions count only when `adopt` confirms exactly those ids, and a plan
 * that would write [REDACTED] back is refused — same refusals, same messages,
 * before any write. Real gRPC against the emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectedApi } from '../src/clarifai/connect.js';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import { apply, plan } from '../src/index.js';
import type { Plan } from '../src/plan/types.js';
import {
  handMadeWorkflow,
  makeProject,
  outOfBandClient,
  specYaml,
  writeCalls,
} from './helpers/cli.js';

let emulator: RunningEmulator;
let api: ConnectedApi;
let cwd: string;
const appId = 'library-checks';

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  cwd = await makeProject({
    endpoint: emulator.address,
    appId,
    specs: { 'legacy.yaml': specYaml('legacy') },
  });
  api = await outOfBandClient(emulator.address, appId);
  await api.postWorkflows([handMadeWorkflow('legacy', { team: 'ocr' })]);
});
afterAll(async () => {
  await api?.close();
  await emulator?.close();
});

async function adoptionPlan(): Promise<Plan> {
  const made = await plan({ cwd, environment: 'test', adopt: ['legacy'] });
  expect(made.plan?.changes).toMatchObject([{ action: 'update', id: 'legacy', adopt: true }]);
  return made.plan as Plan;
}

describe('library apply({ plan }) checks a plan like apply PLANFILE', { timeout: 60_000 }, () => {
  it('refuses an adoption not confirmed with `adopt`, with the CLI message, writing nothing', async () => {
    const adopting = await adoptionPlan();
    emulator.faults.clear();
    await expect(apply({ cwd, plan: adopting })).rejects.toThrow(
      'refusing to apply the plan: it adopts unmarked workflow `legacy`; a plan file is not trusted to adopt on its own — confirm with `--adopt legacy`; nothing was written',
    );
    await expect(apply({ cwd, plan: adopting, adopt: ['other'] })).rejects.toThrow(
      'confirm with `--adopt legacy`',
    );
    // A hand-added adoption (the plain update of a plan edited to say `adopt`) is no different.
    const handAdded = {
      ...adopting,
      changes: adopting.changes.map((c) => ({ ...c, adopt: true })),
    };
    await expect(apply({ cwd, plan: handAdded })).rejects.toThrow('confirm with `--adopt legacy`');
    expect(writeCalls(emulator.faults.calls)).toBe(0);
    expect((await api.getWorkflow('legacy'))?.metadata).toEqual({ team: 'ocr' });
  });

  it('refuses a plan that would write [REDACTED] back', async () => {
    const adopting = await adoptionPlan();
    const redacted: Plan = {
      ...adopting,
      changes: adopting.changes.map((c) => ({ ...c, metadata: { team: '[REDACTED]' } })),
    };
    emulator.faults.clear();
    await expect(apply({ cwd, plan: redacted, adopt: ['legacy'] })).rejects.toThrow(
      'refusing to apply the plan: it holds [REDACTED] at /changes/0/metadata/team',
    );
    expect(writeCalls(emulator.faults.calls)).toBe(0);
  });

  it('applies an adoption confirmed with exactly its ids', async () => {
    const adopting = await adoptionPlan();
    const { report } = await apply({ cwd, plan: adopting, adopt: ['legacy'] });
    expect(report.summary).toMatchObject({ planned: 1, applied: 1 });
    const live = await api.getWorkflow('legacy');
    expect(live?.metadata).toMatchObject({ team: 'ocr', 'vtr-wf': { project: 'test-project' } });
  });
});
