/**
 * What a failed call becomes. All are UserErrors (the CLI prints the
 * message without a stack trace) and every string in them has been through
 * redactSecrets: a server may echo the key back in a description.
 */
import { UserError } from '../user-error.js';
import { redactSecrets } from '../secrets.js';
import { grpcCodeName } from './grpc-codes.js';
import { StatusCode } from '../model/generated/status-codes.js';
import { statusCodeName } from './status-codes.js';

/** A non-10000 `response.status` from the API. */
export class ClarifaiError extends UserError {
  override readonly name: string = 'ClarifaiError';
  readonly rpc: string;
  readonly code: number;
  readonly codeName: string;
  readonly description: string;
  readonly details: string;
  readonly req_id: string;
  /** The workflows the failed request was about, when known. */
  readonly workflowIds: string[];
  /** Would a later retry plausibly succeed (throttling, server hiccup)? */
  readonly transient: boolean;
  /** Attempts made, retries included. */
  readonly attempts: number;
  /**
   * Set when an earlier attempt of this call ended ambiguously (a deadline or a
   * dropped connection) and the write may have landed then: a WORKFLOW_DUPLICATE
   * on a retried PostWorkflows might be our own first attempt.
   */
  readonly afterAmbiguousAttempt: boolean;

  constructor(init: {
    rpc: string;
    code: number;
    description?: string;
    details?: string;
    req_id?: string;
    workflowIds?: string[];
    transient?: boolean;
    attempts?: number;
    afterAmbiguousAttempt?: boolean;
  }) {
    const codeName = statusCodeName(init.code);
    const description = redactSecrets(init.description ?? '');
    const details = redactSecrets(init.details ?? '');
    const ids = (init.workflowIds ?? []).map(redactSecrets);
    super(redactSecrets(clarifaiMessage(init.rpc, init.code, codeName, description, details, ids)));
    this.rpc = init.rpc;
    this.code = init.code;
    this.codeName = codeName;
    this.description = description;
    this.details = details;
    this.req_id = redactSecrets(init.req_id ?? '');
    this.workflowIds = ids;
    this.transient = init.transient ?? false;
    this.attempts = init.attempts ?? 1;
    this.afterAmbiguousAttempt = init.afterAmbiguousAttempt ?? false;
  }

  toJSON(): Record<string, unknown> {
    return errorJson(this);
  }
}

function clarifaiMessage(
  rpc: string,
  code: number,
  codeName: string,
  description: string,
  details: string,
  ids: string[],
): string {
  const about =
    ids.length === 0
      ? ''
      : ids.length === 1
        ? ` (workflow ${ids[0]})`
        : ` (workflows ${ids.join(', ')})`;
  const text = [description, details].filter(Boolean).join(': ');
  return `${rpc}${about} failed: ${codeName} ${code}${text ? `: ${text}` : ''}`;
}

/** The call never got a Clarifai status: connection, TLS, deadline, message size … */
export class TransportError extends UserError {
  override readonly name: string = 'TransportError';
  readonly rpc: string;
  /** The gRPC code's name ("UNAVAILABLE"): what reports show as the code. */
  readonly code: string;
  readonly codeName: string;
  /** gRPC status code (14 = UNAVAILABLE …). */
  readonly grpcCode: number;
  readonly description: string;
  readonly details: string;
  readonly workflowIds: string[];
  readonly transient: boolean;
  readonly attempts: number;

  constructor(init: {
    rpc: string;
    grpcCode: number;
    details?: string;
    workflowIds?: string[];
    transient?: boolean;
    attempts?: number;
    hint?: string;
  }) {
    const codeName = grpcCodeName(init.grpcCode);
    // grpc-js details can span lines (OpenSSL errors): one line reads better in a report.
    const details = redactSecrets((init.details ?? '').replace(/\s+/g, ' ').trim());
    const ids = (init.workflowIds ?? []).map(redactSecrets);
    const attempts = init.attempts ?? 1;
    const about =
      ids.length === 1
        ? ` (workflow ${ids[0]})`
        : ids.length > 1
          ? ` (workflows ${ids.join(', ')})`
          : '';
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    const hint = init.hint ? ` — ${init.hint}` : '';
    super(
      redactSecrets(
        `${init.rpc}${about} failed${tries}: ${codeName}${details ? `: ${details}` : ''}${hint}`,
      ),
    );
    this.rpc = init.rpc;
    this.code = codeName;
    this.codeName = codeName;
    this.grpcCode = init.grpcCode;
    this.description = `${codeName}${details ? `: ${details}` : ''}`;
    this.details = details;
    this.workflowIds = ids;
    this.transient = init.transient ?? false;
    this.attempts = attempts;
  }

  toJSON(): Record<string, unknown> {
    return errorJson(this);
  }
}

/**
 * The key is missing, or the API refused it. Names the variable the key came
 * from — never the key.
 */
export class AuthError extends UserError {
  override readonly name: string = 'AuthError';
  /** The environment variable that should hold the PAT. */
  readonly variable: string;
  readonly reason: 'missing' | 'rejected';
  /** The Clarifai status code for a rejection (11008 …); absent when missing. */
  readonly code?: number;
  readonly codeName?: string;
  readonly rpc?: string;
  readonly description?: string;
  readonly req_id?: string;

  constructor(init: {
    variable: string;
    environment?: string;
    reason: 'missing' | 'rejected';
    /** What the environment says the key is (`key_type`); default pat. */
    keyType?: 'pat' | 'app';
    code?: number;
    rpc?: string;
    description?: string;
    req_id?: string;
  }) {
    const env = init.environment ? ` for environment "${init.environment}"` : '';
    const kind =
      init.keyType === 'app'
        ? 'an app-specific API key of this app'
        : 'a Clarifai personal access token (PAT)';
    let message: string;
    if (init.reason === 'missing') {
      message = `no API key${env}: set ${init.variable} to ${kind}`;
    } else {
      // No Clarifai status when a proxy or gateway refuses with gRPC UNAUTHENTICATED.
      const what =
        init.code === undefined ? 'UNAUTHENTICATED' : `${statusCodeName(init.code)} ${init.code}`;
      const description = init.description ? `: ${init.description}` : '';
      // An app key is valid but reaches only its own app (Clarifai's docs): say so, not "invalid".
      const advice =
        init.keyType === 'app' && init.code === StatusCode.CONN_INSUFFICIENT_SCOPES
          ? ' — an app-specific API key reaches only its own app; a model of another app (such as' +
            " clarifai/main's) needs a personal access token (key_type: pat)"
          : ` — check that ${init.variable} holds ${init.keyType === 'app' ? 'a valid app-specific API key of this app' : 'a valid personal access token with access to this app'}`;
      message = `the key in ${init.variable} was rejected (${what})${description}${advice}`;
    }
    super(redactSecrets(message));
    this.variable = init.variable;
    this.reason = init.reason;
    if (init.code !== undefined) {
      this.code = init.code;
      this.codeName = statusCodeName(init.code);
    }
    if (init.rpc) this.rpc = init.rpc;
    if (init.description) this.description = redactSecrets(init.description);
    if (init.req_id) this.req_id = redactSecrets(init.req_id);
  }

  toJSON(): Record<string, unknown> {
    return errorJson(this);
  }
}

/** A setting that cannot work (bad endpoint, unreadable ca_file, bad VTR_WF_RATE_LIMIT). */
export class ClientConfigError extends UserError {
  override readonly name: string = 'ClientConfigError';
  constructor(message: string) {
    super(redactSecrets(message));
  }
}

/** Name, message and every own field — what JSON.stringify(error) shows. */
function errorJson(error: Error): Record<string, unknown> {
  return { name: error.name, message: error.message, ...Object.fromEntries(Object.entries(error)) };
}
