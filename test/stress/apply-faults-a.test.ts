/**
 * apply of 500 changes (250 creates, 150 updates, 100 deletes with --prune)
 * under random fault schedules — UNAVAILABLE, RESOURCE_EXHAUSTED,
 * CONN_THROTTLED, RPC_SERVER_UNAVAILABLE, HANG, latency spikes past the
 * deadline, permanent refusals — one seed per test: every run converges or
 * reports `applied N of M` exactly, the live app agrees with the report,
 * backups cover everything overwritten or deleted, and a fault-free re-run
 * converges. Odd-numbered seeds here, the others in apply-faults-b.test.ts.
 * See support/fault-scenario.ts and support/check-run.ts.
 */
import { faultSuite } from './support/fault-suite.js';

faultSuite(0);
