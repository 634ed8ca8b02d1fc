/**
 * Random fault schedules for a running emulator: each call may start a burst
 * of transient faults (UNAVAILABLE, RESOURCE_EXHAUSTED, CONN_THROTTLED,
 * RPC_SERVER_UNAVAILABLE, HANG), suffer a latency spike — some longer than the
 * client's deadline, so a write can land after the client gave up on it —
 * or, for writes, a permanent refusal. Drawn from a seeded PRNG.
 *
 * The emulator's public fault API queues "the next N calls of M"; a schedule
 * that decides per call needs its per-call hook, so this wraps the injector's
 * `onCall` on the instance (the server reads the latency right after it).
 * Queued `failNext` faults still win.
 */
import type { FaultKind, Faults } from '../../../src/emulator/faults.js';
import type { RunningEmulator } from '../../../src/emulator/server.js';
import { between, pick, type Random } from './prng.js';

export interface FaultProfile {
  /** Chance that a call starts a burst of transient faults. */
  burstRate: number;
  /** Further calls (any method: calls interleave) the same fault hits, at most. */
  burstMax: number;
  /** Chance of a latency spike on a call, and its range in ms. */
  spikeRate: number;
  spikeMs: [number, number];
  /** Chance that a write call is refused with a permanent status. */
  permanentRate: number;
  /** The transient kinds to draw from (default: all of them, HANG included). */
  kinds?: readonly FaultKind[];
}

export const TRANSIENT: readonly FaultKind[] = [
  'UNAVAILABLE',
  'RESOURCE_EXHAUSTED',
  'CONN_THROTTLED',
  'HANG',
  { status: 40031, description: 'Server unavailable, please retry' },
];

/** A permanent refusal of a write (the API's "internal issue"): never retried. */
const PERMANENT: FaultKind = { status: 98004, description: 'Internal server issue (injected)' };

const WRITES = new Set(['PostWorkflows', 'PatchWorkflows', 'DeleteWorkflows']);

/** Mild to harsh, chosen by the seed: some runs converge, others stop part-way. */
export function randomProfile(random: Random, deadlineMs: number): FaultProfile {
  return {
    burstRate: 0.04 + random() * 0.2,
    burstMax: between(random, 1, 6),
    spikeRate: random() * 0.15,
    spikeMs: [20, Math.round(deadlineMs * (0.5 + random()))],
    permanentRate: random() < 0.5 ? 0 : random() * 0.08,
  };
}

export interface FaultSchedule {
  /** Faults injected so far, by kind (CONN_THROTTLED, HANG, 98004, spike, …). */
  readonly injected: Record<string, number>;
  /** Back to a healthy emulator: no latency, no scheduled faults. */
  stop(): void;
}

type Injector = Faults & { onCall(method: string): FaultKind | undefined };

export function installFaultSchedule(
  emulator: RunningEmulator,
  random: Random,
  profile: FaultProfile,
): FaultSchedule {
  const injector = emulator.faults as Injector;
  const original = injector.onCall.bind(injector);
  const injected: Record<string, number> = {};
  const count = (name: string) => (injected[name] = (injected[name] ?? 0) + 1);
  let burst: { kind: FaultKind; left: number } | undefined;

  injector.onCall = (method: string): FaultKind | undefined => {
    const queued = original(method);
    const spike = random() < profile.spikeRate;
    injector.setLatency(spike ? between(random, ...profile.spikeMs) : 0);
    if (spike) count('latency spike');
    const fault = queued ?? next(method);
    if (fault !== undefined) count(typeof fault === 'string' ? fault : String(fault.status));
    return fault;
  };

  const next = (method: string): FaultKind | undefined => {
    if (burst) {
      const { kind } = burst;
      burst.left -= 1;
      if (burst.left <= 0) burst = undefined;
      return kind;
    }
    if (WRITES.has(method) && random() < profile.permanentRate) return PERMANENT;
    if (random() < profile.burstRate) {
      const kind = pick(random, profile.kinds ?? TRANSIENT);
      const more = between(random, 0, profile.burstMax);
      if (more > 0) burst = { kind, left: more };
      return kind;
    }
    return undefined;
  };

  return {
    injected,
    stop() {
      // The instance property shadowed the prototype's method: removing it restores that.
      delete (injector as Partial<Injector>).onCall;
      burst = undefined;
      injector.setLatency(0);
    },
  };
}
