/** Report — what `apply` did. Exact: applied + failed + not_attempted = planned changes. */
import type { ChangeAction } from '../plan/types.js';

export interface FailedChange {
  id: string;
  action: ChangeAction;
  /** rename: the id it had. */
  from?: string;
  /** Clarifai status code (e.g. 21200), or a gRPC code name for transport errors. */
  code: number | string;
  description: string;
}

export interface AppliedChange {
  id: string;
  action: ChangeAction;
  /** rename: the id it had. */
  from?: string;
  /** create/update (and a rename that also changed content): the workflow version the write made. */
  version?: string;
}

export interface Report {
  applied: AppliedChange[];
  failed: FailedChange[];
  not_attempted: AppliedChange[];
  summary: { planned: number; applied: number; failed: number; not_attempted: number };
  /** Set when Ctrl-C stopped the run. */
  interrupted?: boolean;
  /** Differences found by the post-apply re-read, as messages. */
  warnings?: string[];
  api_calls: number;
}
