/**
 * What a failed write call tells the executor, whatever threw it: the client's
 * ClarifaiError (a status in the response), TransportError (no status: a gRPC
 * code), AuthError, or an unexpected Error. Duck-typed on the facts the
 * executor needs, so it never depends on the client's class identities.
 */
import { redactSecrets } from '../secrets.js';

export interface CallFailure {
  /** Clarifai status code (e.g. 21200), or a gRPC code name for transport errors. */
  code: number | string;
  description: string;
  /**
   * The call may or may not have taken effect: the client gave up waiting (the
   * server may have applied the request before the answer was lost). A status
   * in a response means an all-or-nothing request wrote nothing.
   */
  outcomeUnknown: boolean;
  /**
   * Not about the workflows in the call (the key, the connection, the
   * service): every further call would fail the same way, so stop starting them.
   */
  stopsRun: boolean;
}

export { WORKFLOW_DOES_NOT_EXIST, WORKFLOW_DUPLICATE } from '../clarifai/status-codes.js';

/** gRPC outcomes after which the server may have done the work. */
const AMBIGUOUS_GRPC_CODES = new Set([
  'UNAVAILABLE',
  'DEADLINE_EXCEEDED',
  'RESOURCE_EXHAUSTED',
  'CANCELLED',
  'INTERNAL',
  'UNKNOWN',
  'ABORTED',
  'DATA_LOSS',
]);

interface ErrorFacts {
  name?: unknown;
  code?: unknown;
  codeName?: unknown;
  grpcCodeName?: unknown;
  description?: unknown;
  details?: unknown;
  message?: unknown;
  transient?: unknown;
  afterAmbiguousAttempt?: unknown;
}

export function describeFailure(error: unknown): CallFailure {
  if (error === null || typeof error !== 'object') {
    return {
      code: 'ERROR',
      description: redactSecrets(String(error)),
      outcomeUnknown: true,
      stopsRun: true,
    };
  }
  const e = error as ErrorFacts;
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (e.name === 'InterruptedError') {
    // Cancelled by a signal before (re)sending: only an earlier attempt whose answer was lost
    // may have done anything.
    return {
      code: 'INTERRUPTED',
      description: redactSecrets(message),
      outcomeUnknown: e.afterAmbiguousAttempt === true,
      stopsRun: true,
    };
  }
  if (e.name === 'AuthError') {
    return {
      code: typeof e.code === 'number' ? e.code : 'AUTH',
      description: redactSecrets(message),
      outcomeUnknown: false,
      stopsRun: true,
    };
  }
  if (typeof e.code === 'number' && e.code >= 10000) {
    const text = [e.description, e.details]
      .filter((s) => typeof s === 'string' && s !== '')
      .join(': ');
    const transient = e.transient === true;
    return {
      code: e.code,
      description: redactSecrets(text || message),
      // A transient status the client stopped retrying, or any status after an attempt
      // whose answer was lost (a deadline): that earlier attempt may have landed.
      outcomeUnknown: transient || e.afterAmbiguousAttempt === true,
      // 11xxx are the CONN_* family (key, quota, throttling): about the caller, not a workflow.
      stopsRun: transient || (e.code >= 11000 && e.code < 12000),
    };
  }
  const codeName =
    typeof e.grpcCodeName === 'string'
      ? e.grpcCodeName
      : typeof e.code === 'string'
        ? e.code
        : 'ERROR';
  return {
    code: codeName,
    description: redactSecrets(message),
    outcomeUnknown: codeName === 'ERROR' || AMBIGUOUS_GRPC_CODES.has(codeName),
    stopsRun: true,
  };
}
