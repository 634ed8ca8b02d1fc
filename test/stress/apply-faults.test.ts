/**
 * apply of 500 changes (250 creates, 150 updates, 100 deletes with --prune)
 * under random fault schedules, one seed per test: every run converges or
 * reports `applied N of M` exactly, the live app agrees with the report, and
 * a fault-free re-run converges. See support/fault-scenario.ts.
 *
 * More seeds: STRESS_SEEDS=1,2,3 npm run test:stress
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { FLEET_500 } from './support/fleet.js';
import { runFaultSeed, type SeedOutcome } from './support/fault-scenario.js';

const SEEDS = process.env.STRESS_SEEDS
  ? process.env.STRESS_SEEDS.split(',').map(Number)
  : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

let emulator: RunningEmulator;
const outcomes: SeedOutcome[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emulator?.close();
  for (const o of outcomes)
    console.log(
      `seed ${o.seed}: ${o.outcome}; ms ${JSON.stringify(o.phases)}; injected ${JSON.stringify(o.injected)}`,
    );
});

describe('apply of 500 changes under random faults', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: converges or reports exactly, and a fault-free re-run converges`, async () => {
      outcomes.push(await runFaultSeed(emulator, seed, FLEET_500));
    }, 240_000);
  }
});
