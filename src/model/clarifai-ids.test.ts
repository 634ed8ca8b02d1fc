import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  isValidId,
  MAX_ID_LENGTH,
  MAX_NODES,
  NODE_ID_PATTERN,
  WORKFLOW_ID_PATTERN,
} from './clarifai-ids.js';

/** The JSON schema editors use repeats these facts; it must say the same. */
describe('schemas/workflow.schema.json agrees with clarifai-ids', () => {
  const schema = JSON.parse(
    readFileSync(new URL('../../schemas/workflow.schema.json', import.meta.url), 'utf8'),
  ) as {
    properties: { id: { pattern: string; maxLength: number }; nodes: { maxItems: number } };
    definitions: { node: { properties: { id: { pattern: string; maxLength: number } } } };
  };

  it('workflow id', () => {
    expect(schema.properties.id.pattern).toBe(WORKFLOW_ID_PATTERN.source);
    expect(schema.properties.id.maxLength).toBe(MAX_ID_LENGTH);
  });

  it('node id and node count', () => {
    expect(schema.definitions.node.properties.id.pattern).toBe(NODE_ID_PATTERN.source);
    // Node ids have no length limit of their own (the API does not validate them as ids).
    expect(schema.definitions.node.properties.id.maxLength).toBeUndefined();
    expect(schema.properties.nodes.maxItems).toBe(MAX_NODES);
  });
});

describe('node ids are not ids to the API', () => {
  it.each(['general-v1.5-concept', 'face-v1.3-embed', 'a b', 'x'.repeat(100)])(
    'accepts %s',
    (id) => {
      expect(isValidId('node', id)).toBe(true);
    },
  );
  it('refuses only the empty node id; workflow ids keep the id alphabet', () => {
    expect(isValidId('node', '')).toBe(false);
    expect(isValidId('workflow', 'general-v1.5')).toBe(false);
    expect(isValidId('workflow', 'x'.repeat(49))).toBe(false);
  });
});
