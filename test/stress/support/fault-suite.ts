/**
 * The fault suite, shared by two test files so vitest runs them on two
 * workers: each file takes every other seed. Default seeds 1–12; pick others
 * with STRESS_SEEDS=1,2,3 (a failure message names its seed).
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/server.js';
import { runFaultSeed, type SeedOutcome } from './fault-scenario.js';
import { FLEET_500 } from './fleet.js';

const ALL_SEEDS = process.env.STRESS_SEEDS
  ? process.env.STRESS_SEEDS.split(',').map(Number)
  : Array.from({ length: 12 }, (_, i) => i + 1);

export function faultSuite(part: 0 | 1): void {
  const seeds = ALL_SEEDS.filter((_, i) => i % 2 === part);
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
    for (const seed of seeds) {
      it(`seed ${seed}: converges or reports exactly, and a fault-free re-run converges`, async () => {
        outcomes.push(await runFaultSeed(emulator, seed, FLEET_500));
      }, 240_000);
    }
  });
}
