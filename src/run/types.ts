/**
 * What running a workflow produced, and how a spec test judged it — plain,
 * JSON-serialisable data: the shapes of `run --format json` and
 * `test --format json` (CONTRACT.md, "Running and testing workflows").
 */

export interface RunStatus {
  code: number;
  description: string;
}

/** Normalised 0–1 from the image's top left corner. */
export interface RunBox {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface RunRegion {
  box: RunBox;
  confidence?: number;
  text?: string;
}

/** What one node produced for one image. */
export interface NodeRun {
  id: string;
  model: { id: string; version: string };
  status: RunStatus;
  /** Whole-input text (a recognizer that read the image as one line). */
  text?: string;
  regions: RunRegion[];
}

/** One image through the workflow: its status, the text read and each node's output. */
export interface ImageRun {
  image: string;
  status: RunStatus;
  text: string;
  nodes: NodeRun[];
}

export interface WorkflowRun {
  format_version: 1;
  environment: string;
  workflow: string;
  results: ImageRun[];
}

/** A spec's `tests:` case judged against its run. */
export interface TestCaseResult {
  workflow: string;
  name: string;
  /** Relative to the working directory. */
  image: string;
  passed: boolean;
  text: string;
  regions: number;
  failures: string[];
}

export interface TestReport {
  format_version: 1;
  environment: string;
  passed: number;
  failed: number;
  cases: TestCaseResult[];
  /**
   * For people (stderr in the CLI), not part of the contract's JSON: e.g. a
   * live workflow that differs from its spec (the cases ran on what is live).
   */
  warnings?: string[];
}

/** A test case's expectations live with the spec model (the core owns the DSL). */
export type { Expectations } from '../spec/types.js';
