/**
 * The statuses the emulator answers with, worded like the API's. The API puts
 * its verdict in `response.status` (gRPC itself says OK), with a human
 * `description`, `details` naming the culprit and a `req_id` to quote.
 */
import { uniqueHex } from '../unique-hex.js';

import { StatusCode } from '../model/generated/status-codes.js';

/** The codes, generated from the proto the client decodes with (one table). */
export { StatusCode };

/** The API's wording for the codes the emulator sends; others read 'Failure'. */
const DESCRIPTIONS: Record<number, string> = {
  [StatusCode.SUCCESS]: 'Ok',
  [StatusCode.CONN_THROTTLED]: 'Making too many requests',
  [StatusCode.CONN_KEY_INVALID]: 'API key is invalid',
  [StatusCode.CONN_KEY_NOT_FOUND]: 'API key not found',
  [StatusCode.CONN_INSUFFICIENT_SCOPES]: 'API key has insufficient permissions',
  [StatusCode.CONN_INVALID_REQUEST]: 'Invalid request',
  [StatusCode.MODEL_TRAINED]: 'Model is trained and ready',
  [StatusCode.MODEL_DOES_NOT_EXIST]: 'Model does not exist',
  [StatusCode.WORKFLOW_DUPLICATE]: 'Workflow already exists',
  [StatusCode.WORKFLOW_DOES_NOT_EXIST]: 'Workflow does not exist',
  [StatusCode.WORKFLOW_INVALID_ARGUMENT]: 'Invalid argument',
  [StatusCode.WORKFLOW_INVALID_GRAPH]: 'Invalid workflow graph',
  [StatusCode.RPC_SERVER_UNAVAILABLE]: 'Server unavailable, please retry',
  [StatusCode.INTERNAL_SERVER_ISSUE]: 'Internal server issue',
};

/** A status as the emulator's store and validators produce it (no req_id yet). */
export interface EmulatorStatus {
  code: number;
  description: string;
  details: string;
}

export function status(code: number, details = '', description?: string): EmulatorStatus {
  return { code, description: description ?? DESCRIPTIONS[code] ?? 'Failure', details };
}

export const OK: EmulatorStatus = status(StatusCode.SUCCESS);
/** A random start and a counter: a randomBytes call per answer was a cost of every write. */
const requestHex = uniqueHex(24);
/** A request id like the API's: opaque, unique, quoted in support requests. */
export function newRequestId(): string {
  return `emu-${requestHex()}`;
}

/** The wire status: the API sets req_id on every response, success included. */
export function wireStatus(s: EmulatorStatus): {
  code: number;
  description: string;
  details: string;
  req_id: string;
} {
  return { ...s, req_id: newRequestId() };
}
