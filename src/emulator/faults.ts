/**
 * Fault injection for tests of the client's retries, deadlines and
 * redaction: a latency added to every call, and "the next N calls of method M
 * fail like this". Counts every call per method. Pure bookkeeping: the server
 * decides how each kind looks on the wire.
 */
export type FaultKind =
  | 'UNAVAILABLE'
  | 'RESOURCE_EXHAUSTED'
  | 'CONN_THROTTLED'
  | 'HANG'
  | 'ECHO_KEY'
  | { status: number; description?: string };

export interface Faults {
  /** Every call waits this long before being handled (0 = none). */
  setLatency(ms: number): void;
  /** The next `count` calls of `method` ('PostWorkflows', … or '*' for any) fail with `kind`. */
  failNext(method: string, count: number, kind: FaultKind): void;
  /** Drops latency and pending faults, and resets `calls`. */
  clear(): void;
  /** Calls received per method (every call, faulted or not); a snapshot. */
  readonly calls: Record<string, number>;
}

interface PendingFault {
  method: string;
  left: number;
  kind: FaultKind;
}

export class FaultInjector implements Faults {
  private latencyMs = 0;
  private pending: PendingFault[] = [];
  private counts: Record<string, number> = {};

  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`latency must be a non-negative number of ms, got ${ms}`);
    this.latencyMs = ms;
  }

  failNext(method: string, count: number, kind: FaultKind): void {
    if (!Number.isInteger(count) || count < 0)
      throw new RangeError(`count must be a non-negative integer, got ${count}`);
    if (count > 0) this.pending.push({ method, left: count, kind });
  }

  clear(): void {
    this.latencyMs = 0;
    this.pending = [];
    this.counts = {};
  }

  get calls(): Record<string, number> {
    return { ...this.counts };
  }

  get latency(): number {
    return this.latencyMs;
  }

  /** Records a call and returns the fault it must suffer, if any (first queued match wins). */
  onCall(method: string): FaultKind | undefined {
    this.counts[method] = (this.counts[method] ?? 0) + 1;
    const fault = this.pending.find((f) => f.method === method || f.method === '*');
    if (!fault) return undefined;
    fault.left -= 1;
    if (fault.left === 0) this.pending.splice(this.pending.indexOf(fault), 1);
    return fault.kind;
  }
}
