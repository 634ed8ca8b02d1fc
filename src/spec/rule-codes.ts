/**
 * Every diagnostic code `validate` can report, with its default severity and a
 * one-line summary. The SARIF formatter lists them as rules; docs/rules.md
 * explains each with an example (a test keeps the two in step).
 */
import type { Severity } from '../diagnostic.js';

export interface RuleInfo {
  code: string;
  severity: Severity;
  summary: string;
}

const rule = (code: string, severity: Severity, summary: string): RuleInfo => ({
  code,
  severity,
  summary,
});

export const RULES: readonly RuleInfo[] = [
  // Files and YAML
  rule('config-not-found', 'error', 'No vtr-wf.yaml where it was expected.'),
  rule(
    'read-error',
    'error',
    'A file or folder could not be read (missing, unreadable, not a regular file).',
  ),
  rule('encoding', 'error', 'A file is not valid UTF-8.'),
  rule('too-large', 'error', 'A file is larger than vtr-wf reads (1 MiB).'),
  rule('yaml-syntax', 'error', 'The file is not valid YAML.'),
  rule('duplicate-key', 'error', 'A mapping has the same key twice.'),
  rule('yaml-warning', 'warning', 'YAML the parser accepted with a warning (e.g. an unknown tag).'),
  rule(
    'alias-limit',
    'error',
    'YAML aliases expand too far (an alias bomb) or refer to themselves.',
  ),
  rule('too-deep', 'error', 'Collections nested deeper than vtr-wf reads (100 levels).'),
  rule('empty-file', 'error', 'A spec file holds no document.'),
  rule('no-specs', 'warning', 'The workflows path holds no *.yaml or *.yml file.'),
  rule('multiple-documents', 'error', 'vtr-wf.yaml holds more than one YAML document.'),
  // Shape (the JSON Schemas)
  rule('not-a-mapping', 'error', 'A document is a list or a scalar where a mapping is expected.'),
  rule(
    'unknown-key',
    'error',
    'A key the schema does not know (reported at the key, with the nearest known key).',
  ),
  rule('missing-field', 'error', 'A required key is absent.'),
  rule(
    'wrong-type',
    'error',
    'A value has the wrong type (e.g. a mapping where a list is expected).',
  ),
  rule('not-a-string', 'error', 'An id or version YAML reads as a number or boolean: quote it.'),
  rule('invalid-value', 'error', 'A value outside the allowed set (a role, tls, an empty string).'),
  // Workflow specs
  rule('invalid-id', 'error', 'A workflow or node id outside ^[0-9A-Za-z]+([-_][0-9A-Za-z]+)*$.'),
  rule('id-too-long', 'error', 'A workflow or node id longer than 48 characters.'),
  rule('id-long', 'warning', 'A workflow id longer than 32 characters.'),
  rule(
    'metadata-reserved-key',
    'error',
    'A spec `metadata` key `vtr-wf`, where vtr-wf keeps its mark.',
  ),
  rule(
    'output-config-ignored',
    'warning',
    "A node's `output_config`: the API ignores it in a node override (kept on round trips).",
  ),
  rule(
    'duplicate-concept',
    'error',
    'A node lists the same concept id twice (`concepts`, or `output_config.select_concepts`).',
  ),
  rule('previous-id-self', 'error', "A `previous_ids` entry is the workflow's own id."),
  rule('previous-id-taken', 'error', "A `previous_ids` entry is another spec's id."),
  rule('previous-id-claimed', 'error', 'Two specs list the same id in `previous_ids`.'),
  rule(
    'reserved-id',
    'error',
    'A workflow id starting with vtr-wf-lock-, which the apply lease uses.',
  ),
  rule(
    'duplicate-workflow-id',
    'error',
    'Two specs declare the same workflow id (reported at both).',
  ),
  rule('no-nodes', 'error', 'A workflow without nodes.'),
  rule('too-many-nodes', 'error', 'A workflow with more than 20 nodes.'),
  rule('duplicate-node-id', 'error', 'Two nodes of one workflow share an id.'),
  rule('unknown-input', 'error', 'An input names no node of the same workflow.'),
  rule('self-input', 'error', 'A node lists itself as an input.'),
  rule('duplicate-input', 'error', 'A node lists the same input twice.'),
  rule('cycle', 'error', 'Inputs form a cycle (its path is printed).'),
  rule('unknown-model', 'error', 'A node names a model alias the catalog lacks.'),
  rule('missing-version', 'error', 'A model pins no version in some environment (named).'),
  rule('cropper-inputs', 'error', 'A cropper node does not have exactly one input.'),
  rule('cropper-input-role', 'error', "A cropper's input is not a detector."),
  // Spec tests:
  rule(
    'test-image-outside',
    'error',
    "A test case's image resolves outside the project (the folder of vtr-wf.yaml), symlinks followed.",
  ),
  rule('test-image-missing', 'error', "A test case's image does not exist."),
  rule(
    'test-image-unreadable',
    'error',
    "A test case's image cannot be read: permission denied, a folder, not a regular file.",
  ),
  rule(
    'test-image-type',
    'error',
    "A test case's image is not PNG, JPEG or WebP by its magic bytes (the extension is not trusted; nothing is decoded).",
  ),
  rule(
    'test-image-too-large',
    'error',
    "A test case's image is 20 MB (20,000,000 bytes) or more (the API's limit).",
  ),
  rule(
    'test-no-expectations',
    'error',
    "A test case's expect has no text, absent or min_regions (empty lists count as none): it could never fail.",
  ),
  rule(
    'duplicate-test-name',
    'error',
    'Two test cases of one workflow have the same name (a case without name is named after its image file, without extension).',
  ),
  // Project config
  rule('unknown-override', 'error', 'An environment overrides a model alias the catalog lacks.'),
  rule('invalid-endpoint', 'error', 'An endpoint that is not host:port.'),
  rule('insecure-tls', 'warning', 'tls: false to a host that is not loopback.'),
];
