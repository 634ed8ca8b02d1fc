/** Report — what `apply` did. Exact: applied + failed + not_attempted = planned changes. */
export interface FailedChange {
  id: string;
  action: 'create' | 'update' | 'delete';
  /** Clarifai status code (e.g. 21200), or a gRPC code name for transport errors. */
  code: number | string;
  description: string;
}

export interface AppliedChange {
  id: string;
  action: 'create' | 'update' | 'delete';
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
