/**
 * Names of the Clarifai status codes vtr-wf meets, so errors read
 * "WORKFLOW_INVALID_GRAPH 22107" rather than a bare number. The table is
 * generated from proto/clarifai/api/status/status_code.proto at build time
 * (src/model/generated/status-codes.ts); a code missing there is still
 * reported, by number, as STATUS_<code>.
 */
import { STATUS_CODE_NAMES, StatusCode } from '../model/generated/status-codes.js';

export { STATUS_CODE_NAMES };

export const SUCCESS = StatusCode.SUCCESS;

export { statusCodeName } from '../model/status-code-name.js';

/** The key was refused: these name the PAT variable in the error. */
export const AUTH_REJECTED_CODES: ReadonlySet<number> = new Set([
  StatusCode.CONN_CREDENTIALS_INVALID,
  StatusCode.CONN_INSUFFICIENT_SCOPES,
  StatusCode.CONN_KEY_INVALID,
  StatusCode.CONN_KEY_NOT_FOUND,
]);

/** "Slow down": retried with the longer throttle backoff. */
export const THROTTLE_CODES: ReadonlySet<number> = new Set([
  StatusCode.CONN_EXCEED_HOURLY_LIMIT,
  StatusCode.CONN_THROTTLED,
  StatusCode.RPC_REQUEST_QUEUE_FULL,
]);

/** Server-side hiccups: retried with the normal backoff. */
export const TRANSIENT_CODES: ReadonlySet<number> = new Set([
  StatusCode.RPC_SERVER_UNAVAILABLE,
  StatusCode.RPC_REQUEST_TIMEOUT,
]);

/** The model or its version is not there (or not visible to this key). */
export const MODEL_MISSING_CODES: ReadonlySet<number> = new Set([
  StatusCode.MODEL_DOES_NOT_EXIST,
  StatusCode.MODEL_PERMISSION_DENIED,
]);

export const WORKFLOW_DOES_NOT_EXIST = StatusCode.WORKFLOW_DOES_NOT_EXIST;
export const WORKFLOW_DUPLICATE = StatusCode.WORKFLOW_DUPLICATE;
/** PostWorkflowResults: some inputs failed; every result carries its own status. */
export const MIXED_STATUS = StatusCode.MIXED_STATUS;
/** PostWorkflowResults: no input could be processed; the results still say why, one by one. */
export const FAILURE = StatusCode.FAILURE;
