/**
 * The DSL's data model after loading: plain data, no YAML nodes, no I/O.
 * The loader (spec/load-*.ts) produces these together with position maps.
 */
import type { JsonObject } from '../json.js';

/** A test case's expectations (spec `expect:`). */
export interface Expectations {
  text?: string[];
  absent?: string[];
  min_regions?: number;
}

export type Role = 'detector' | 'cropper' | 'recognizer';

/** A model reference: a catalog entry, an override, or an inline `model:`. */
export interface ModelRef {
  id?: string;
  version?: string;
  user_id?: string;
  app_id?: string;
  role?: Role;
}

export interface EmulatorEnvironment {
  name: string;
  kind: 'emulator';
  user_id: string;
  app_id: string;
  /** Absolute path of the emulator state file. */
  state: string;
  /** Seconds one API call may take (`timeout:`); absent: the client's default. */
  timeout?: number;
  models: Record<string, ModelRef>;
}

export type KeyType = 'pat' | 'app';

export interface RemoteEnvironment {
  name: string;
  kind: 'remote';
  /** host:port */
  endpoint: string;
  user_id: string;
  app_id: string;
  pat_env: string;
  /**
   * What the key in pat_env is: a personal access token (every request names
   * user_id/app_id), or an app-specific API key, which implies its app.
   * Absent: pat.
   */
  key_type?: KeyType;
  tls: 'auto' | boolean;
  /** Absolute path of a PEM CA bundle. */
  ca_file?: string;
  /** Seconds one API call may take (`timeout:`); absent: the client's default. */
  timeout?: number;
  models: Record<string, ModelRef>;
}

export type Environment = EmulatorEnvironment | RemoteEnvironment;

export interface Config {
  /** Absolute path of vtr-wf.yaml. */
  file: string;
  /** Directory holding vtr-wf.yaml; relative paths in it resolve from here. */
  dir: string;
  project: string;
  /** Absolute path of the specs file or folder. */
  workflows: string;
  models: Record<string, ModelRef>;
  environments: Record<string, Environment>;
}

export interface NodeSpec {
  id: string;
  /** A catalog alias, or an inline model. */
  model: string | ModelRef;
  inputs: string[];
  suppress_output?: boolean;
  params?: JsonObject;
  /** output_info_override.data.concepts; absent: not managed (the live ones are kept). */
  concepts?: ConceptSpec[];
  /** output_info_override.output_config, verbatim; absent: not managed. The API ignores it here. */
  output_config?: JsonObject;
}

/** A concept as a spec writes it (the API's Concept id and value). */
export interface ConceptSpec {
  id: string;
  value: number;
}

/** A workflow's cover image as a spec writes it (the API's Image url). */
export interface ImageSpec {
  url: string;
}

/** A spec `tests:` case (never sent to Clarifai, never part of a plan or the mark). */
export interface TestCaseSpec {
  /** As written, or the image's file name without extension. */
  name: string;
  /** True when the spec wrote `name:`. */
  nameGiven: boolean;
  /** The image path as written: relative to the spec file. */
  image: string;
  expect: Expectations;
}

/** A workflow's visibility, as a spec writes it (Visibility.Gettable PRIVATE, ORG, PUBLIC). */
export type Visibility = 'private' | 'org' | 'public';

export interface WorkflowSpec {
  id: string;
  description?: string;
  notes?: string;
  /** Visibility.gettable; absent: not managed (the live one is kept). */
  visibility?: Visibility;
  /** Absent: not managed (the live ones are kept). */
  use_cases?: string[];
  /** Absent: not managed (the live ones are kept). */
  check_consents?: string[];
  /** The user's own metadata keys: only these are compared and written (`vtr-wf` is reserved). */
  metadata?: JsonObject;
  /** The cover image; absent: none (a live one is removed). */
  image?: ImageSpec;
  nodes: NodeSpec[];
  tests?: TestCaseSpec[];
  /** Ids this workflow had before (renamed with PatchWorkflowIds, versions kept). */
  previous_ids?: string[];
}

/** Where a spec came from, for diagnostics. */
export interface SpecSource {
  /** Path relative to the working directory. */
  file: string;
  /** 0-based document index within the file. */
  document: number;
}

export interface LoadedSpec {
  spec: WorkflowSpec;
  source: SpecSource;
}
