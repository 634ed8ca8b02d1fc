/**
 * `plan(x, live-after-apply(x))` is empty — with the real thing for "live":
 * random valid specs (any node order, DAG inputs, random params of any JSON
 * shape, unicode descriptions) are applied by the library to the emulator over
 * loopback gRPC (Struct encoding, server reordering and filled fields
 * included), and a fresh plan shows no changes. Shuffling the nodes and their
 * inputs in the files changes nothing either. The pure versions of these
 * properties, with a model of the server, are in src/plan/plan.test.ts and
 * src/plan/normalise.test.ts.
 *
 * Deeper search: FUZZ_RUNS=500 npx vitest run test/fuzz-roundtrip.test.ts
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { connect, type ConnectedApi } from '../src/clarifai/connect.js';
import { startEmulator, type RunningEmulator } from '../src/emulator/server.js';
import { applyPlan } from '../src/commands/apply-plan.js';
import { planWithConnection } from '../src/commands/plan-environment.js';
import { environmentNamed, loadProjectFor } from '../src/commands/shared/project.js';
import { shuffled } from '../src/plan/fake-server.test-support.js';
import { makeProject, TEST_PAT, TEST_PAT_ENV, writeSpecs } from './helpers/cli.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

const id = fc.stringMatching(/^[0-9A-Za-z]{1,6}([-_][0-9A-Za-z]{1,4}){0,2}$/);
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** Models that need no role wiring: the detector and recognizer aliases, or inline pins. */
const model = fc.constantFrom(
  'text-detector',
  'text-recognizer',
  { id: '9fe78b4150a52794f86f237770141b33', version: 'd94413e582f341f68884cac72dbd2c7b' },
  { id: '2419e2eae04d04f820e5cf3aba42d0c7', version: '75a5b92a0dec436a891b5ad224ac9170' },
);

/** 1–6 nodes; each reads only from nodes made before it, so the graph has no cycle. */
const nodes = fc
  .uniqueArray(id, {
    minLength: 1,
    maxLength: 6,
    comparator: (a, b) => a.toLowerCase() === b.toLowerCase(),
  })
  .chain((ids) =>
    fc.tuple(
      ...ids.map((nodeId, i) =>
        fc.record(
          {
            id: fc.constant(nodeId),
            model,
            inputs: fc.subarray(ids.slice(0, i)),
            suppress_output: fc.boolean(),
            params: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), json, { maxKeys: 4 }),
          },
          { requiredKeys: ['id', 'model'] },
        ),
      ),
    ),
  );

const workflow = fc.record(
  {
    id,
    description: fc.string({ unit: 'grapheme', maxLength: 30 }),
    notes: fc.string({ unit: 'grapheme', maxLength: 30 }),
    nodes,
  },
  { requiredKeys: ['id', 'nodes'] },
);
const workflows = fc.uniqueArray(workflow, {
  minLength: 1,
  maxLength: 4,
  selector: (w) => w.id.toLowerCase(),
});

type Spec = { id: string; nodes: { id: string; inputs?: string[] }[] };

function files(specs: readonly Spec[], seed?: number): Record<string, string> {
  return Object.fromEntries(
    specs.map((spec, i) => {
      const ordered =
        seed === undefined
          ? spec
          : {
              ...spec,
              nodes: shuffled(spec.nodes, seed + i).map((n, k) =>
                n.inputs ? { ...n, inputs: shuffled(n.inputs, seed + k) } : n,
              ),
            };
      return [`w${i}.yaml`, stringify(ordered)];
    }),
  );
}

let emulator: RunningEmulator;
let serial = 0;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator?.close();
});

describe('apply then plan, over the wire (property)', () => {
  it('plans no changes right after apply, in any node and input order', async () => {
    await fc.assert(
      fc.asyncProperty(workflows, fc.nat(), async (specs, seed) => {
        const dir = await makeProject({
          endpoint: emulator.address,
          appId: `roundtrip-${++serial}`,
          specs: files(specs),
        });
        const project = await loadProjectFor({ cwd: dir });
        expect(project.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        process.env[TEST_PAT_ENV] = TEST_PAT;
        const api: ConnectedApi = await connect(environmentNamed(project, 'test'), {
          ratePerSecond: 0,
        });
        try {
          const first = await planWithConnection(project, 'test', api, {});
          expect(first.plan?.summary.create).toBe(specs.length);
          const { report } = await applyPlan({
            config: project.config,
            plan: first.plan!,
            api,
            lock: false,
          });
          expect(report.summary.applied).toBe(specs.length);
          expect(report.warnings).toBeUndefined();

          const again = await planWithConnection(project, 'test', api, {});
          expect(again.plan?.changes).toEqual([]);

          await writeSpecs(dir, files(specs, seed));
          const reordered = await loadProjectFor({ cwd: dir });
          const third = await planWithConnection(reordered, 'test', api, {});
          expect(third.plan?.changes).toEqual([]);
          expect(third.plan?.fingerprints).toEqual(again.plan?.fingerprints);
        } finally {
          await api.close();
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
